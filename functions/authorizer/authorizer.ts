/**
 * The HTTP API Lambda authorizer (simple responses). It only establishes who is calling; what they may do with
 * a given school is decided per route by shared/auth/access.ts, because that needs the school's record. Its log
 * lines carry its own request id (the logger's Lambda context).
 *
 * Two kinds of caller: machine tokens (`msv_…`, looked up by their hash) for vendors' uploads and the operator's
 * scripts, and people, whose ID token from the user pool is verified and whose memberships are read here on
 * every request (no result caching: infra/constructs/http-api.ts), so a removed person is refused from their next request.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { bearerToken, hashToken, isMachineToken } from '../../shared/auth/tokens.js';
import { encodeMemberships } from '../../shared/people/membership.js';
import type { PeopleTokens } from '../../shared/ports.js';
import type { PeopleReads } from '../../shared/store/people.js';
import type { TokenReads } from '../../shared/store/tokens.js';
import { eventHandler } from '../lib/event-handler.js';
import type { AuthorizerContext } from '../lib/http.js';
import { PersonTokenRejected } from '../lib/people-tokens.js';

export interface AuthorizerResult {
  isAuthorized: boolean;
  context?: AuthorizerContext;
}

export interface AuthorizerDeps {
  store: { tokens: TokenReads; people: Pick<PeopleReads, 'membershipsOf'> };
  peopleTokens: PeopleTokens;
  logger: Logger;
}

const REFUSED: AuthorizerResult = { isAuthorized: false };

export const createAuthorizer = ({ store, peopleTokens, logger }: AuthorizerDeps) => {
  const machine = async (token: string): Promise<AuthorizerResult> => {
    const record = await store.tokens.get(hashToken(token));
    if (!record || record.revokedAt) {
      // The token id is derived from the hash of what was presented: safe to log, useful to trace abuse.
      logger.info('token refused', { tokenId: hashToken(token).slice(0, 12), known: Boolean(record) });
      return REFUSED;
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
  };

  const person = async (token: string): Promise<AuthorizerResult> => {
    let claims: Awaited<ReturnType<PeopleTokens['verify']>>;
    try {
      claims = await peopleTokens.verify(token);
    } catch (err) {
      // Only a token that does not verify is refused; not reaching the keys fails the call (API Gateway: 500).
      if (!(err instanceof PersonTokenRejected)) throw err;
      logger.info('person token refused', { reason: err.message });
      return REFUSED;
    }
    const records = await store.people.membershipsOf(claims.sub);
    // Signed in without memberships is still signed in: GET /me says so; every school route refuses.
    return {
      isAuthorized: true,
      context: {
        role: 'person',
        sub: claims.sub,
        email: claims.email,
        name: claims.name,
        memberships: encodeMemberships(records.map((r) => r.membership)),
        ...(claims.homeOrg ? { homeOrg: claims.homeOrg } : {}),
      },
    };
  };

  return eventHandler(
    logger,
    async (event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> => {
      const token = bearerToken(event.headers?.authorization ?? event.identitySource?.[0]);
      if (!token) return REFUSED;
      return isMachineToken(token) ? machine(token) : person(token);
    },
  );
};
