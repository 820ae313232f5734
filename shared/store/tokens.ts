/**
 * The tokens port. A token is stored as its SHA-256 only (shared/auth/tokens.ts); functions read tokens, only the
 * operator (the admin CLI) writes them, so that a flaw in a function cannot mint one.
 */
import type { TokenRecord } from '../model.js';
import { StoreConditionError } from './condition-error.js';

/** A token with this hash is stored already (two tokens drawn alike: never in practice). */
export class TokenExistsError extends StoreConditionError {
  constructor(
    readonly tokenId: string,
    options?: ErrorOptions,
  ) {
    super(`a token with id ${tokenId} is stored already`, options);
  }
}

/** There is no token with this hash, or it was revoked before. */
export class TokenNotRevocableError extends StoreConditionError {
  constructor(
    readonly tokenId: string,
    options?: ErrorOptions,
  ) {
    super(`token ${tokenId} is not stored, or revoked already`, options);
  }
}

/** What functions read of tokens: the authorizer's look-up. */
export interface TokenReads {
  /** The token whose SHA-256 is `tokenHash`, revoked or not; undefined when there is none. */
  get(tokenHash: string): Promise<TokenRecord | undefined>;
}

/** Tokens as the operator keeps them. */
export interface TokenStore extends TokenReads {
  /** Stores a new token; a token with the same hash is never overwritten: that is a {@link TokenExistsError}. */
  put(token: TokenRecord): Promise<void>;
  /** Every token, revoked ones too, in token-id order (one index partition, no scan). */
  list(): Promise<TokenRecord[]>;
  /** Marks the token revoked at `at`; a {@link TokenNotRevocableError} when it is not stored or revoked already. */
  revoke(tokenHash: string, at: string): Promise<void>;
}
