/**
 * ID tokens shaped like Cognito's (and the local provider's), signed with a key made for the test, and the key
 * set that verifies them: for the authorizer's tests without a running provider. Also the tokens an attacker
 * would try: another key, `alg: none`, HMAC with the public key as its secret.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK, SignJWT } from 'jose';

export const TEST_ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool1';
export const TEST_CLIENT_ID = 'testclient0123456789abcdef';

export interface IdTokenSigner {
  /** The key set the verifier is given. */
  jwks: JSONWebKeySet;
  /** The public key as a JWK (for the HMAC trick). */
  publicJwk: JWK;
  /** A signed ID token with Cognito's claims, overridden by `claims`; `null` in claims removes one. */
  sign(
    claims?: Record<string, unknown>,
    options?: { expiresIn?: string | number; kid?: string },
  ): Promise<string>;
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

export const createIdTokenSigner = async (): Promise<IdTokenSigner> => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    jwks: { keys: [publicJwk] },
    publicJwk,
    sign: async (claims = {}, options = {}) => {
      const base: Record<string, unknown> = {
        token_use: 'id',
        email: 'sanne@school.nl',
        email_verified: true,
        name: 'Sanne Schoolleider',
        auth_time: Math.floor(Date.now() / 1000),
        ...claims,
      };
      for (const [k, v] of Object.entries(base)) if (v === null) delete base[k];
      const jwt = new SignJWT(base)
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? kid })
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '1h');
      if (claims.iss !== null) jwt.setIssuer((claims.iss as string | undefined) ?? TEST_ISSUER);
      if (claims.aud !== null) jwt.setAudience((claims.aud as string | undefined) ?? TEST_CLIENT_ID);
      if (claims.sub !== null) jwt.setSubject((claims.sub as string | undefined) ?? randomUUID());
      return jwt.sign(privateKey);
    },
  };
};

/** The payload of a JWT, unverified (to forge variants of a real token). */
export const payloadOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

/** A token with `alg: none` and the given payload. */
export const unsignedToken = (payload: Record<string, unknown>): string =>
  `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;

/** A token signed HS256 with the public key's JSON as the secret (the classic algorithm-confusion attack). */
export const hmacWithPublicKey = (payload: Record<string, unknown>, publicJwk: JWK): string => {
  const head = `${b64({ alg: 'HS256', kid: publicJwk.kid })}.${b64(payload)}`;
  const sig = createHmac('sha256', JSON.stringify(publicJwk)).update(head).digest('base64url');
  return `${head}.${sig}`;
};
