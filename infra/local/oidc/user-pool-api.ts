/**
 * The local user pool's admin API: the operations of Cognito's `AWSCognitoIdentityProviderService` that msv and
 * its operator use, on the AWS JSON 1.1 protocol the unmodified `@aws-sdk/client-cognito-identity-provider`
 * speaks (`POST /`, `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`, `Content-Type:
 * application/x-amz-json-1.1`), with Cognito's errors (HTTP 400, `{"__type":"UsernameExistsException",...}`),
 * which the SDK turns into its exception classes.
 *
 * The pool is the one of infra/constructs/user-directory.ts: email is the username attribute (an address or the
 * `sub` names a user; the answer's `Username` is the `sub`), names are compared case-insensitively, no self
 * sign-up, passwordless (email code). Functions reach it through the local IAM proxy, which checks their role
 * policy first; signatures are not verified here, as the other stand-ins do not either.
 */

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Mail } from '../../../shared/ports.js';
import {
  isEmailAddress,
  type LocalAccounts,
  type LocalUser,
  normalizeEmail,
  UserExistsError,
} from './accounts.js';
import { esc } from './pages.js';

export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService';
const MAX_BODY = 64 * 1024;

export interface UserPoolApiDeps {
  userPoolId: string;
  accounts: LocalAccounts;
  /** Ends every session, grant and token of a subject at the provider. */
  endSessions(sub: string): void;
  /** Sends the invitation mail of an AdminCreateUser without MessageAction SUPPRESS. */
  sendMail(mail: Mail): Promise<void>;
  log(line: string): void;
}

/** An error as Cognito answers it: `__type` is what the SDK names the exception after. */
class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new CognitoError('InvalidParameterException', message);

type Json = Record<string, unknown>;

/** The request's JSON object; what is not one is refused as Cognito refuses it. */
const readJson = async (req: IncomingMessage): Promise<Json> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new CognitoError('SerializationException', 'The request is too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CognitoError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new CognitoError('SerializationException', 'The request body is not a JSON object.');
  return parsed as Json;
};

const stringField = (body: Json, name: string): string => {
  const v = body[name];
  if (typeof v !== 'string' || v === '')
    throw invalid(
      `1 validation error detected: Value at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  return v;
};

/** Cognito's timestamps on this protocol: epoch seconds, with milliseconds. */
const epoch = (d: Date) => d.getTime() / 1000;

/** A user's attributes, as Cognito lists them (sub first). */
const attributesOf = (u: LocalUser) => [
  { Name: 'sub', Value: u.sub },
  { Name: 'email', Value: u.email },
  { Name: 'email_verified', Value: String(u.emailVerified) },
  { Name: 'name', Value: u.name },
  ...(u.homeOrg ? [{ Name: 'custom:homeOrg', Value: u.homeOrg }] : []),
];

/** The UserType of AdminCreateUser and ListUsers (attributes under `Attributes`). */
const userType = (u: LocalUser) => ({
  Username: u.sub,
  Attributes: attributesOf(u),
  UserCreateDate: epoch(u.createdAt),
  UserLastModifiedDate: epoch(u.modifiedAt),
  Enabled: u.enabled,
  // Passwordless users have no password to change.
  UserStatus: 'CONFIRMED',
});

/** The invitation Cognito would send when msv does not suppress it (msv always does: its own mail invites). */
const invitationMail = (u: LocalUser): Mail => {
  const lines = [
    `Beste ${u.name},`,
    `Er is een account voor u gemaakt bij msv. U logt in met uw e-mailadres ${u.email} en een code die u per e-mail krijgt.`,
  ];
  return {
    to: [u.email],
    subject: 'U bent uitgenodigd voor msv',
    text: lines.join('\n\n'),
    html: lines.map((l) => `<p>${esc(l)}</p>`).join('\n'),
  };
};

/** The attributes AdminCreateUser may set in this pool; others are not in its schema. */
const CREATE_ATTRIBUTES = new Set(['email', 'email_verified', 'name', 'custom:homeOrg']);

export const createUserPoolApi = (deps: UserPoolApiDeps) => {
  const pool = (body: Json): void => {
    const id = stringField(body, 'UserPoolId');
    if (id !== deps.userPoolId)
      throw new CognitoError('ResourceNotFoundException', `User pool ${id} does not exist.`);
  };
  const userOf = (body: Json): LocalUser => {
    const user = deps.accounts.get(stringField(body, 'Username'));
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  };

  const adminCreateUser = async (body: Json) => {
    const username = normalizeEmail(stringField(body, 'Username'));
    // Email is the pool's username attribute: the user name must be an address.
    if (!isEmailAddress(username)) throw invalid('Username should be an email.');
    const attributes = new Map<string, string>();
    for (const a of Array.isArray(body.UserAttributes) ? body.UserAttributes : []) {
      const { Name, Value } = (a ?? {}) as { Name?: unknown; Value?: unknown };
      if (typeof Name !== 'string' || typeof Value !== 'string') throw invalid('Invalid user attribute.');
      if (!CREATE_ATTRIBUTES.has(Name))
        throw invalid(
          `Attributes did not conform to the schema: ${Name}: Attribute does not exist in the schema.`,
        );
      attributes.set(Name, Value);
    }
    const email = attributes.get('email');
    // Locally stricter than needed, perhaps: a second address beside the user name is refused.
    if (email !== undefined && normalizeEmail(email) !== username)
      throw invalid('The email attribute must be the address of the user name in this local pool.');
    const action = body.MessageAction;
    if (action !== undefined && action !== 'SUPPRESS' && action !== 'RESEND')
      throw invalid(
        `Value '${String(action)}' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]`,
      );
    const media = Array.isArray(body.DesiredDeliveryMediums) ? body.DesiredDeliveryMediums : [];
    if (media.includes('SMS'))
      throw invalid('No phone number is configured for the user: SMS cannot be delivered.');
    if (action === 'RESEND') {
      const user = userOf({ Username: username });
      await deps.sendMail(invitationMail(user));
      return { User: userType(user) };
    }
    let user: LocalUser;
    try {
      user = deps.accounts.create(
        {
          email: username,
          ...(attributes.has('name') ? { name: attributes.get('name') } : {}),
          ...(attributes.has('custom:homeOrg') ? { homeOrg: attributes.get('custom:homeOrg') } : {}),
        },
        { emailVerified: attributes.get('email_verified') === 'true' },
      );
    } catch (err) {
      if (err instanceof UserExistsError)
        throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
      throw err;
    }
    deps.log(`local user pool: created ${user.email} (${user.sub})`);
    if (action !== 'SUPPRESS') await deps.sendMail(invitationMail(user));
    return { User: userType(user) };
  };

  const operations: Record<string, (body: Json) => Promise<unknown> | unknown> = {
    AdminCreateUser: adminCreateUser,
    AdminGetUser: (body) => {
      const u = userOf(body);
      return {
        Username: u.sub,
        UserAttributes: attributesOf(u),
        UserCreateDate: epoch(u.createdAt),
        UserLastModifiedDate: epoch(u.modifiedAt),
        Enabled: u.enabled,
        UserStatus: 'CONFIRMED',
      };
    },
    AdminDisableUser: (body) => {
      const u = userOf(body);
      deps.accounts.setEnabled(u, false);
      // Cognito revokes a disabled user's tokens; here its sessions and refresh tokens end too.
      deps.endSessions(u.sub);
      deps.log(`local user pool: disabled ${u.email}`);
      return {};
    },
    AdminEnableUser: (body) => {
      deps.accounts.setEnabled(userOf(body), true);
      return {};
    },
    AdminUserGlobalSignOut: (body) => {
      const u = userOf(body);
      deps.endSessions(u.sub);
      deps.log(`local user pool: signed ${u.email} out everywhere`);
      return {};
    },
    ListUsers: (body) => {
      const filter = typeof body.Filter === 'string' ? body.Filter.trim() : '';
      let users = deps.accounts.list();
      if (filter !== '') {
        // `attribute = "value"` or `attribute ^= "prefix"`, as Cognito's filter; one attribute at a time.
        const m = /^(sub|email|name|status)\s*(=|\^=)\s*"((?:[^"\\]|\\.)*)"$/.exec(filter);
        if (!m) throw invalid(`Invalid search filter: ${filter}`);
        const [, attribute, op, raw] = m as unknown as [string, string, string, string];
        const value = raw.replace(/\\(.)/g, '$1');
        const field = (u: LocalUser) =>
          attribute === 'status'
            ? u.enabled
              ? 'Enabled'
              : 'Disabled'
            : attribute === 'email'
              ? u.email
              : attribute === 'sub'
                ? u.sub
                : u.name;
        // The pool compares names case-insensitively; email is its user name.
        const norm = (s: string) => (attribute === 'email' ? s.toLowerCase() : s);
        users = users.filter((u) =>
          op === '=' ? norm(field(u)) === norm(value) : norm(field(u)).startsWith(norm(value)),
        );
      }
      const limit = body.Limit === undefined ? 60 : Number(body.Limit);
      if (!Number.isInteger(limit) || limit < 0 || limit > 60)
        throw invalid('Limit must be between 0 and 60.');
      const start = typeof body.PaginationToken === 'string' ? Number(body.PaginationToken) : 0;
      if (!Number.isInteger(start) || start < 0) throw invalid('Invalid pagination token.');
      const page = users.slice(start, start + (limit || 60));
      const next = start + page.length;
      return { Users: page.map(userType), ...(next < users.length ? { PaginationToken: String(next) } : {}) };
    },
  };

  /** Whether a request is for this API (the provider's own routes get the rest). */
  const handles = (req: IncomingMessage): boolean =>
    req.method === 'POST' && String(req.headers['x-amz-target'] ?? '').startsWith(`${TARGET_PREFIX}.`);

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': String(Buffer.byteLength(text)),
      'x-amzn-requestid': randomUUID(),
    });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const op = String(req.headers['x-amz-target']).slice(TARGET_PREFIX.length + 1);
      // The admin operations are SigV4-signed; the local IAM proxy has checked the signer's policy already.
      if (!/^AWS4-HMAC-SHA256 Credential=/.test(String(req.headers.authorization ?? '')))
        throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
      const body = await readJson(req);
      const operation = operations[op];
      if (!operation)
        throw new CognitoError('UnknownOperationException', `The local user pool does not offer ${op}.`);
      pool(body);
      answer(res, 200, await operation(body));
    } catch (err) {
      if (!(err instanceof CognitoError)) {
        deps.log(`local user pool: ${(err as Error).stack ?? String(err)}`);
        return answer(res, 500, { __type: 'InternalErrorException', message: 'Internal error.' });
      }
      req.resume();
      answer(res, 400, { __type: err.type, message: err.message });
    }
  };

  return { handles, handle };
};
