/**
 * The local stand-in for msv's Amazon Cognito user pool: a real, OpenID-certified provider (oidc-provider) on
 * 127.0.0.1, with email-code sign-in through the local SES, one public web client (code flow + PKCE S256), and
 * ID and access tokens shaped like Cognito's so that one verifier serves both (see verify.ts).
 *
 * Everything lives in memory and the signing keys are made at each start: a restart ends every session, and
 * tokens from before it no longer verify, so people sign in again (one mail, on the local mail page). Keeping
 * keys in .local/ would only help together with a persistent store for sessions and refresh tokens, which a
 * local stand-in does not need; subjects stay the same across restarts (derived from the address).
 *
 * Only users of the local pool sign in (accounts.ts): the people given at start, and those created through the
 * pool's admin API, which the same server answers on Cognito's AWS JSON 1.1 protocol (user-pool-api.ts:
 * AdminCreateUser, AdminGetUser, AdminDisableUser, AdminEnableUser, AdminUserGlobalSignOut, ListUsers), so that
 * an invitation's AdminCreateUser works locally as in AWS and an uninvited address cannot sign in.
 *
 * Differences from Cognito that a client may notice: the paths (use discovery; `/logout?client_id&logout_uri`
 * is offered as Cognito spells it), no userInfo endpoint, access tokens carry `aud` (= the client id) and
 * `typ: at+jwt`, and signing out also revokes the session's refresh tokens.
 */
import { generateKeyPair, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import type Provider from 'oidc-provider';
import type { Mailer } from '../../../shared/ports.js';
import { LOCAL_USER_POOL_ID } from '../deployed-types.js';
import { LocalAccounts, type LocalPerson, type LocalUser, UserExistsError } from './accounts.js';
import { OneTimeCodes } from './codes.js';
import { API_RESOURCE, buildConfiguration, SCOPES } from './configuration.js';
import { createInteractionHandler } from './interactions.js';
import { codeMail, sesMailer } from './mail.js';
import { createLocalStore } from './sessions.js';
import { createUserPoolApi } from './user-pool-api.js';

export type { LocalPerson, LocalUser } from './accounts.js';
export { API_RESOURCE, SCOPES } from './configuration.js';

/** The client id of the web app, in the role of the Cognito app client's id. */
export const LOCAL_CLIENT_ID = 'msv-local-web';

export interface LocalOidcOptions {
  /** Port on 127.0.0.1; 0 (the default) takes a free one. */
  port?: number;
  /** The web app's origin, e.g. `http://127.0.0.1:3000`: redirect and sign-out URIs are registered on it. */
  appUrl: string;
  /** Paths on appUrl the provider may redirect back to after sign-in. Default `/` and `/auth/callback`. */
  redirectPaths?: string[];
  /** Paths on appUrl the provider may send people to after signing out. Default `/`. */
  postLogoutPaths?: string[];
  clientId?: string;
  /** Sends the code mails. Either this or `sesEndpoint`. */
  mailer?: Mailer;
  /** The local SES to send the code mails to, with the project's SesMailer. */
  sesEndpoint?: string;
  /** Sender of the code mails. */
  mailFrom?: string;
  /**
   * The pool's users at start (the demo people): only users of the pool can sign in. More are created with the
   * admin API (AdminCreateUser, as the invitation does) or `users.create`.
   */
  people?: LocalPerson[];
  /** The pool id the admin API answers for; default LOCAL_USER_POOL_ID, what the templates' pool resolves to. */
  userPoolId?: string;
  /** JSON file the pool's users persist in (`npm start`: .local/user-pool.json); undefined keeps them in memory. */
  usersFile?: string;
  /** The clock of the code expiry (tests move it); oidc-provider keeps its own. */
  now?: () => number;
  log?: (line: string) => void;
}

export interface LocalOidc {
  /** The issuer (`iss`), also the base of discovery: `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  discoveryUrl: string;
  jwksUri: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** The scopes to request (`openid email profile`), which the access token carries too. */
  scope: string;
  /** Cognito's sign-out as the app would call it in AWS: `/logout?client_id=…&logout_uri=…`. */
  logoutUrl(logoutUri: string): string;
  /** The local pool's id (its admin API answers for this one only). */
  userPoolId: string;
  /**
   * Where the pool's admin API answers (AWS JSON 1.1, `POST /` with `X-Amz-Target`): the issuer's origin. A
   * function reaches it through the IAM proxy (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER), the operator directly.
   */
  adminEndpoint: string;
  /** The pool's users, for tests and `npm start` (the same directory the admin API changes). */
  users: {
    /** Creates a user (verified address); an existing one is returned as it is. */
    ensure(person: LocalPerson): LocalUser;
    get(emailOrSub: string): LocalUser | undefined;
    list(): LocalUser[];
    /** Disables or enables; disabling ends the user's sessions and refresh tokens (AdminDisableUser). */
    setEnabled(emailOrSub: string, enabled: boolean): void;
    /** Ends the user's sessions and refresh tokens (AdminUserGlobalSignOut). */
    signOut(emailOrSub: string): void;
  };
  close(): Promise<void>;
}

const generateRsa = promisify(generateKeyPair);

/** An RS256 signing key as a private JWK with a random `kid`. */
const signingKey = async (): Promise<JWK> => {
  const { privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: randomUUID(), alg: 'RS256', use: 'sig' };
};

/** The app's origin and, for a loopback app, its other spelling: a browser may be on either. */
const appOrigins = (appUrl: string): string[] => {
  const url = new URL(appUrl);
  const origins = [url.origin];
  const other = { '127.0.0.1': 'localhost', localhost: '127.0.0.1' }[url.hostname];
  if (other) origins.push(`${url.protocol}//${other}${url.port ? `:${url.port}` : ''}`);
  return origins;
};

/**
 * A warning of oidc-provider about a choice made here on purpose, which would only be noise in `npm start`: Node
 * older than 22 LTS (the project runs on Node 20; this folder's README says why 9.x all the same). Its warning
 * about the development in-memory adapter no longer comes: sessions.ts is the store. Others pass through.
 */
const EXPECTED_WARNINGS = ['Unsupported runtime'];

const withoutExpectedWarnings = async <T>(fn: () => T | Promise<T>): Promise<T> => {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    const first = args[0];
    if (typeof first === 'string' && EXPECTED_WARNINGS.some((w) => first.includes(w))) return;
    warn(...args);
  };
  try {
    return await fn();
  } finally {
    console.warn = warn;
  }
};

/** Cognito's `/logout` spelled as RP-initiated logout: oidc-provider then ends the session and redirects. */
const cognitoLogout = (url: URL, res: ServerResponse): void => {
  const target = new URL('/session/end', url);
  const clientId = url.searchParams.get('client_id');
  const logoutUri = url.searchParams.get('logout_uri');
  if (clientId) target.searchParams.set('client_id', clientId);
  if (logoutUri) target.searchParams.set('post_logout_redirect_uri', logoutUri);
  res.writeHead(303, { location: target.pathname + target.search, 'cache-control': 'no-store' });
  res.end();
};

/**
 * Starts the local OpenID provider. Resolves once it listens; `close()` stops it and ends its connections.
 *
 * @example
 * const oidc = await startLocalOidc({ appUrl: 'http://127.0.0.1:3000', sesEndpoint: ses.url, people });
 * // web app config: { issuer: oidc.issuer, clientId: oidc.clientId }
 */
export const startLocalOidc = async (options: LocalOidcOptions): Promise<LocalOidc> => {
  const log = options.log ?? (() => undefined);
  const mailer =
    options.mailer ??
    (options.sesEndpoint
      ? sesMailer(options.sesEndpoint, options.mailFrom ?? 'inloggen@msv.local')
      : undefined);
  if (!mailer) throw new Error('startLocalOidc needs a mailer or an sesEndpoint to send the sign-in codes');
  const clientId = options.clientId ?? LOCAL_CLIENT_ID;
  const userPoolId = options.userPoolId ?? LOCAL_USER_POOL_ID;
  const origins = appOrigins(options.appUrl);
  const redirectUris = origins.flatMap((o) =>
    (options.redirectPaths ?? ['/', '/auth/callback']).map((p) => o + p),
  );
  const postLogoutRedirectUris = origins.flatMap((o) => (options.postLogoutPaths ?? ['/']).map((p) => o + p));

  // The issuer must name the port, so the server listens before the provider exists.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const accounts = new LocalAccounts(options.people, options.usersFile);
  const store = createLocalStore();
  const userOf = (emailOrSub: string): LocalUser => {
    const user = accounts.get(emailOrSub);
    if (!user) throw new Error(`${emailOrSub} is not a user of the local pool`);
    return user;
  };
  try {
    const [{ default: ProviderClass }, idKey, accessKey] = await Promise.all([
      withoutExpectedWarnings(() => import('oidc-provider')),
      signingKey(),
      signingKey(),
    ]);
    const configuration = buildConfiguration({
      adapter: store.adapter,
      clientId,
      redirectUris,
      postLogoutRedirectUris,
      accounts,
      // Two keys, as Cognito signs ID and access tokens with different ones: a verifier must pick by `kid`.
      keys: [idKey, accessKey],
      accessTokenKid: accessKey.kid as string,
      cookieKeys: [randomBytes(32).toString('base64url')],
      formOrigins: origins,
    });
    const provider: Provider = await withoutExpectedWarnings(() => new ProviderClass(issuer, configuration));
    provider.on('server_error', (_ctx, err) => log(`local OIDC: ${err.stack ?? err.message}`));
    const interaction = createInteractionHandler({
      provider,
      codes: new OneTimeCodes(options.now),
      accounts,
      sendCode: (email, code) => mailer.send(codeMail(email, code)),
      formOrigins: origins,
      log,
    });
    const callback = provider.callback();
    const userPoolApi = createUserPoolApi({
      userPoolId,
      accounts,
      endSessions: (sub) => {
        store.endAccount(sub);
      },
      sendMail: (mail) => mailer.send(mail),
      log,
    });
    handle = (req, res) => {
      const url = new URL(req.url ?? '/', issuer);
      if (url.pathname === '/' && userPoolApi.handles(req)) {
        void userPoolApi.handle(req, res);
      } else if (url.pathname.startsWith('/interaction/')) {
        interaction(req, res, url.pathname).catch((err: Error) => {
          log(`local OIDC: ${err.stack ?? err.message}`);
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
      } else if (url.pathname === '/logout' && req.method === 'GET') {
        cognitoLogout(url, res);
      } else {
        void callback(req, res);
      }
    };
  } catch (err) {
    server.close();
    throw err;
  }

  log(
    `local OIDC provider on ${issuer} (client ${clientId}, resource ${API_RESOURCE}; user pool ${userPoolId}, ${accounts.list().length} users)`,
  );
  return {
    issuer,
    clientId,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    redirectUris,
    postLogoutRedirectUris,
    scope: SCOPES,
    logoutUrl: (logoutUri) =>
      `${issuer}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: logoutUri }).toString()}`,
    userPoolId,
    adminEndpoint: issuer,
    users: {
      ensure: (person) => {
        try {
          return accounts.create(person);
        } catch (err) {
          if (err instanceof UserExistsError) return userOf(person.email);
          throw err;
        }
      },
      get: (emailOrSub) => accounts.get(emailOrSub),
      list: () => accounts.list(),
      setEnabled: (emailOrSub, enabled) => {
        const user = userOf(emailOrSub);
        accounts.setEnabled(user, enabled);
        if (!enabled) store.endAccount(user.sub);
      },
      signOut: (emailOrSub) => {
        store.endAccount(userOf(emailOrSub).sub);
      },
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A browser that signed in keeps keep-alive connections; close() alone would wait for them.
        server.closeAllConnections();
      }),
  };
};
