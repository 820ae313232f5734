/**
 * Verifies people's ID tokens as Amazon Cognito's documentation asks: the signature by `kid` from the issuer's
 * JWKS (jose caches the key set and fetches it again for a key id it has not seen, so a key rotation is
 * followed), RS256 only, `iss`, `aud` (the web app's client id), `exp`/`iat`, and `token_use: id`. The same code
 * verifies the local OpenID provider's tokens (infra/local/oidc), which are shaped like Cognito's.
 *
 * Why ID tokens and not access tokens: msv names who acted (name and email) in the consent, its history and the
 * board's mail, and matches invitations by email; Cognito's access tokens carry neither. An ID token's audience
 * is msv's own web client, and what a person may do is looked up per request (their memberships), so a removed
 * person is refused at once even while their token is still valid.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import type { PeopleTokens, PersonClaims } from '../../shared/ports.js';

/** A token that does not verify; `message` says why, for the log only (the caller learns nothing). */
export class PersonTokenRejected extends Error {
  override readonly name = 'PersonTokenRejected';
}

export interface PeopleTokensOptions {
  /** The `iss` of the tokens; also the base of the key set, `${issuer}/.well-known/jwks.json` (Cognito's path). */
  issuer: string;
  /** The web app's client id: the ID tokens' `aud`. */
  clientId: string;
  /** Keys given directly (tests); by default fetched from the issuer. */
  jwks?: JSONWebKeySet;
  /** Seconds of clock skew allowed on `exp`, `iat` and `nbf`. Default 5. */
  clockToleranceSeconds?: number;
  /** The verifier's clock (tests); default the system's. */
  now?: () => Date;
}

/**
 * The errors that say the token is bad: refuse it. Anything else — the key set unreachable, answering an error
 * status or something that is not a key set, a timeout — fails the call (API Gateway answers 500), so an outage
 * at the user pool never looks like a refused token (which would end every session in the web app).
 */
const TOKEN_ERRORS = [
  errors.JWTExpired,
  errors.JWTClaimValidationFailed,
  errors.JWTInvalid,
  errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
];
const isAboutTheToken = (err: unknown): boolean => TOKEN_ERRORS.some((E) => err instanceof E);

/** A name as mails and records show it: no control characters (no line breaks), at most 200 characters. */
const cleanName = (name: string): string =>
  Array.from(name, (c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200)
    .trim();

/** Creates the verifier of one issuer's ID tokens for one app client. */
export const createPeopleTokens = (options: PeopleTokensOptions): PeopleTokens => {
  const keys: JWTVerifyGetKey = options.jwks
    ? createLocalJWKSet(options.jwks)
    : createRemoteJWKSet(new URL(`${options.issuer}/.well-known/jwks.json`), {
        // Cognito serves its keys with long cache lifetimes; an unknown kid refetches after this cooldown.
        cooldownDuration: 30_000,
        timeoutDuration: 3_000,
      });
  return {
    verify: async (token: string): Promise<PersonClaims> => {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.clientId,
          // Only RS256: `none`, HMAC keyed with the public key, and every other algorithm are refused up front.
          algorithms: ['RS256'],
          requiredClaims: ['sub', 'exp', 'iat', 'token_use'],
          clockTolerance: options.clockToleranceSeconds ?? 5,
          ...(options.now ? { currentDate: options.now() } : {}),
        }));
      } catch (err) {
        if (isAboutTheToken(err)) {
          const e = err as InstanceType<typeof errors.JOSEError>;
          throw new PersonTokenRejected(`${e.code}: ${e.message}`, { cause: err });
        }
        throw err;
      }
      if (payload.token_use !== 'id') {
        throw new PersonTokenRejected(`token_use is ${String(payload.token_use)}, not id`);
      }
      const sub = payload.sub;
      if (typeof sub !== 'string' || sub === '') throw new PersonTokenRejected('no subject');
      const email = typeof payload.email === 'string' ? payload.email.trim().toLowerCase() : '';
      if (!email || email.length > 254) throw new PersonTokenRejected('no usable email');
      // A federated person's address is the identity provider's word (Cognito lists the provider in
      // `identities`); a user pool's own user must have proven it.
      const federated = Array.isArray(payload.identities) && payload.identities.length > 0;
      if (payload.email_verified !== true && !federated) throw new PersonTokenRejected('email not verified');
      const given = typeof payload.name === 'string' ? cleanName(payload.name) : '';
      const name = given !== '' ? given : email.slice(0, email.indexOf('@'));
      // Only a federation's word: a user pool user may be able to set their own custom attributes.
      const homeOrg = federated ? payload['custom:homeOrg'] : undefined;
      return {
        sub,
        email,
        name,
        ...(typeof homeOrg === 'string' && homeOrg !== '' ? { homeOrg: homeOrg.toUpperCase() } : {}),
      };
    },
  };
};
