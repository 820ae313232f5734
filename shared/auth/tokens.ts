/**
 * API tokens. A token is shown once when created; only its SHA-256 is stored, so a leaked table does not leak
 * usable tokens. The `msv_` prefix makes tokens recognisable to secret scanners.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../model.js';

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Public handle of a token: the first 12 hex characters of its hash. */
export const tokenIdOf = (tokenHash: string): string => tokenHash.slice(0, 12);

/** A new random token with 256 bits of entropy, e.g. `msv_school_Q2x…`. */
export const generateToken = (role: Role): string => `msv_${role}_${randomBytes(32).toString('base64url')}`;

/**
 * Extracts the token from an `Authorization: Bearer <token>` header value; undefined if absent or malformed. A
 * comma is never part of a token: it is how API Gateway joins two `Authorization` headers (`Bearer a,Bearer b`),
 * and such a request is refused rather than taken as either token. Up to 8 KB: a person's ID token with a
 * federated identity is 1–2 KB.
 */
export const bearerToken = (header: string | undefined): string | undefined => {
  const match = /^Bearer\s+([^\s,]{16,8192})\s*$/i.exec(header ?? '');
  return match?.[1];
};

/** Whether a bearer token is one of msv's machine tokens (`msv_{role}_…`); anything else is taken as a person's. */
export const isMachineToken = (token: string): boolean => token.startsWith('msv_');
