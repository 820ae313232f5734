/**
 * Verifies ID and access tokens the way Amazon Cognito's documentation asks (signature by `kid` from the JWKS,
 * RS256 only, `iss`, `exp`, `token_use`, and `aud` for ID tokens or `client_id` for access tokens), written so
 * that it accepts Cognito's tokens and the local provider's alike. It lives here while only the tests use it; the
 * API's authorizer is meant to take the same checks (see this folder's README).
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
} from 'jose';

/** Claims msv reads from a verified ID token. */
export interface IdTokenClaims extends JWTPayload {
  sub: string;
  token_use: 'id';
  email?: string;
  email_verified?: boolean;
  name?: string;
  auth_time?: number;
}

/** Claims msv reads from a verified access token. */
export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  token_use: 'access';
  client_id: string;
  scope: string;
  auth_time?: number;
}

export interface TokenVerifierOptions {
  /** Cognito: `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`; locally the provider's issuer. */
  issuer: string;
  /** The app client's id. */
  clientId: string;
  /** The keys; by default fetched (and cached) from `${issuer}/.well-known/jwks.json`, Cognito's path. */
  jwks?: JSONWebKeySet | URL;
  /** Seconds of clock skew allowed on `exp`, `iat` and `nbf`. */
  clockToleranceSeconds?: number;
}

/** Thrown for every token that does not verify; `message` says why (for logs, never for the caller). */
export class TokenRejected extends Error {
  override readonly name = 'TokenRejected';
}

export interface TokenVerifier {
  verifyIdToken(token: string): Promise<IdTokenClaims>;
  verifyAccessToken(token: string): Promise<AccessTokenClaims>;
}

/** Creates a verifier for one issuer and app client. */
export const createTokenVerifier = (options: TokenVerifierOptions): TokenVerifier => {
  const source = options.jwks ?? new URL(`${options.issuer}/.well-known/jwks.json`);
  const keys = source instanceof URL ? createRemoteJWKSet(source) : createLocalJWKSet(source);

  const verify = async (token: string, use: 'id' | 'access'): Promise<JWTPayload> => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        // Only RS256: `none`, HMAC with the public key as secret and every other algorithm are refused up front.
        algorithms: ['RS256'],
        // ID tokens name the client in `aud`; Cognito's access tokens have no `aud`, so it is not checked there.
        ...(use === 'id' ? { audience: options.clientId } : {}),
        requiredClaims: ['sub', 'exp', 'iat', 'token_use'],
        clockTolerance: options.clockToleranceSeconds ?? 0,
      });
      if (payload.token_use !== use)
        throw new TokenRejected(`token_use is ${String(payload.token_use)}, not ${use}`);
      if (use === 'access' && payload.client_id !== options.clientId) {
        throw new TokenRejected('client_id is not this app client');
      }
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenRejected('no subject');
      return payload;
    } catch (err) {
      if (err instanceof TokenRejected) throw err;
      if (err instanceof errors.JOSEError) throw new TokenRejected(`${err.code}: ${err.message}`);
      throw err;
    }
  };

  return {
    verifyIdToken: async (token) => (await verify(token, 'id')) as IdTokenClaims,
    verifyAccessToken: async (token) => {
      const payload = await verify(token, 'access');
      if (typeof payload.scope !== 'string') throw new TokenRejected('no scope');
      return payload as AccessTokenClaims;
    },
  };
};
