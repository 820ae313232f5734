/**
 * The tokens port. A token is stored as its SHA-256 only (shared/auth/tokens.ts); functions read tokens, only the
 * operator (the admin CLI) writes them, so that a flaw in a function cannot mint one.
 */
import type { TokenRecord } from '../model.js';

/** What functions read of tokens: the authorizer's look-up. */
export interface TokenReads {
  /** The token whose SHA-256 is `tokenHash`, revoked or not; undefined when there is none. */
  get(tokenHash: string): Promise<TokenRecord | undefined>;
}

/** Tokens as the operator keeps them. */
export interface TokenStore extends TokenReads {
  /** Stores a new token; a token with the same hash is never overwritten. */
  put(token: TokenRecord): Promise<void>;
  /** Every token, revoked ones too, in token-id order (one index partition, no scan). */
  list(): Promise<TokenRecord[]>;
  /** Marks the token revoked at `at`; false when there is no such token or it was revoked before. */
  revoke(tokenHash: string, at: string): Promise<boolean>;
}
