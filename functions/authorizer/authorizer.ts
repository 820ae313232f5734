/**
 * The HTTP API Lambda authorizer (simple responses). It only establishes who is calling; what they may do with
 * a given school is decided per route by shared/auth/access.ts, because that needs the school's record. Its log
 * lines carry its own request id (the logger's Lambda context).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { bearerToken, hashToken } from '../../shared/auth/tokens.js';
import type { TokenReads } from '../../shared/store/tokens.js';
import { eventHandler } from '../lib/event-handler.js';
import type { AuthorizerContext } from '../lib/http.js';

export interface AuthorizerResult {
  isAuthorized: boolean;
  context?: AuthorizerContext;
}

export const createAuthorizer = ({ store, logger }: { store: { tokens: TokenReads }; logger: Logger }) =>
  eventHandler(logger, async (event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> => {
    const token = bearerToken(event.headers?.authorization ?? event.identitySource?.[0]);
    if (!token) return { isAuthorized: false };
    const record = await store.tokens.get(hashToken(token));
    if (!record || record.revokedAt) {
      // The token id is derived from the hash of what was presented: safe to log, useful to trace abuse.
      logger.info('token refused', { tokenId: hashToken(token).slice(0, 12), known: Boolean(record) });
      return { isAuthorized: false };
    }
    return {
      isAuthorized: true,
      context: {
        tokenId: record.tokenId,
        role: record.role,
        schoolIds: record.schoolIds.join(','),
        boardId: record.boardId ?? '',
        label: record.label,
      },
    };
  });
