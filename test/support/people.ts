/**
 * Signing in as a person in tests, without a browser: the real flow at the local OpenID provider that stands in
 * for the Cognito user pool (infra/local/oidc) — discovery, an authorization request with PKCE, the Dutch pages'
 * forms (email, then the code read from the local SES's mail store), and the code exchanged for tokens by
 * openid-client, as the web app does it. Only users of the local pool get a code, as in Cognito: the demo people,
 * and anyone a test created first (startTestRuntime's `people`, `runtime.oidc.users.ensure`, or AdminCreateUser).
 *
 *   const runtime = await startTestRuntime();            // or: const info = await startLocalStack(dir).ready();
 *   const { idToken, sub } = await signInAs(runtime, 'directie@voorbeeldcollege.nl');
 *   fetch(`${base}/me`, { headers: { authorization: `Bearer ${idToken}` } });
 */
import * as client from 'openid-client';
import { formsOf, TestBrowser } from './oidc-browser.js';
import type { StoredMail } from './ses-store.js';

/** Where to sign in: stack.json of `npm start`, or a test runtime (test/support/runtime.ts). */
export interface SignInTarget {
  signIn: { issuer: string; clientId: string; redirectUri: string };
  /** The local SES the codes are mailed to. */
  sesUrl: string;
}

export interface SignedIn {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** The person's subject (the ID token's `sub`). */
  sub: string;
  /** The browser of the sign-in, with the provider's session cookie (for a second sign-in or a sign-out). */
  browser: TestBrowser;
}

const SCOPE = 'openid email profile';
const configs = new Map<string, Promise<client.Configuration>>();

/** The provider's metadata, discovered once per issuer and client. */
const configOf = (target: SignInTarget): Promise<client.Configuration> => {
  const key = `${target.signIn.issuer} ${target.signIn.clientId}`;
  let config = configs.get(key);
  if (!config) {
    config = client.discovery(
      new URL(target.signIn.issuer),
      target.signIn.clientId,
      undefined,
      client.None(),
      {
        // The local provider is plain http on 127.0.0.1.
        execute: [client.allowInsecureRequests],
      },
    );
    configs.set(key, config);
    config.catch(() => configs.delete(key));
  }
  return config;
};

const mailsTo = async (sesUrl: string, address: string): Promise<StoredMail[]> => {
  const { emails } = (await (await fetch(`${sesUrl}/store`)).json()) as { emails: StoredMail[] };
  return emails.filter((m) => m.destination.to.includes(address));
};

/** The code of the first mail to `address` after the `before` mails already there; waits up to 5 s. */
const codeMailedTo = async (sesUrl: string, address: string, before: number): Promise<string> => {
  for (let i = 0; i < 50; i++) {
    const mail = (await mailsTo(sesUrl, address))[before];
    const code = /\b(\d{6})\b/.exec(mail?.body.text ?? '')?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `no sign-in code was mailed to ${address}: only users of the local pool get one (create the person first)`,
  );
};

/** The only form of a provider page, or a clear error with the page's status. */
const formOf = async (res: Response, what: string) => {
  const html = await res.text();
  const [form] = formsOf(html);
  if (!form) throw new Error(`no ${what} form on the sign-in page (HTTP ${res.status})`);
  return form;
};

/**
 * Signs in as `email` at the target's local OpenID provider and returns the tokens. The address must be a user of
 * the provider's pool (signing in proves the address only); what the person may do follows from their memberships.
 */
export const signInAs = async (target: SignInTarget, email: string): Promise<SignedIn> => {
  const config = await configOf(target);
  const { issuer } = target.signIn;
  const address = email.trim().toLowerCase();
  const browser = new TestBrowser();
  const verifier = client.randomPKCECodeVerifier();
  const checks = {
    pkceCodeVerifier: verifier,
    expectedState: client.randomState(),
    expectedNonce: client.randomNonce(),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: target.signIn.redirectUri,
    scope: SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: checks.expectedState,
    nonce: checks.expectedNonce,
  });
  const start = await browser.follow(url, issuer);
  const emailForm = await formOf(start.res, 'email');
  const before = (await mailsTo(target.sesUrl, address)).length;
  const codePage = await browser.follow(new URL(emailForm.action, issuer), issuer, {
    ...emailForm.fields,
    email,
  });
  const codeForm = await formOf(codePage.res, 'code');
  const code = await codeMailedTo(target.sesUrl, address, before);
  const done = await browser.follow(new URL(codeForm.action, issuer), issuer, { ...codeForm.fields, code });
  if (!done.left)
    throw new Error(`signing in as ${email} did not return to the app (HTTP ${done.res.status})`);
  const tokens = await client.authorizationCodeGrant(config, done.left, { ...checks, idTokenExpected: true });
  const claims = tokens.claims();
  if (!tokens.id_token || !claims) throw new Error(`no ID token for ${email}`);
  return {
    idToken: tokens.id_token,
    accessToken: tokens.access_token,
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    sub: claims.sub,
    browser,
  };
};
