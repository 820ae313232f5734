/**
 * HTTP plumbing shared by the API handlers: JSON responses, the principal from the authorizer context, path
 * parameter parsing with zod, and the error middleware that turns every failure into a clean JSON body — the one
 * place where the domain's typed errors become an HTTP status, a stable code and the Dutch message.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import { AppError, badRequest } from '../../shared/errors.js';
import { type Principal, roleSchema } from '../../shared/model.js';
import { decodeMemberships } from '../../shared/people/membership.js';
import { ConsentVersionConflictError } from '../../shared/store/consents.js';

/**
 * What the authorizer puts in `requestContext.authorizer.lambda`: only primitives are allowed there. A machine
 * token's scope, or a person (`role: 'person'`) with their memberships as read for this request.
 */
export interface AuthorizerContext {
  /** A token role, or `person`. */
  role: string;
  tokenId?: string;
  /** Comma-separated school ids. */
  schoolIds?: string;
  /** Empty string when the token has no board. */
  boardId?: string;
  /** The label given when the token was created (e.g. "directie"), so mails can say who acted. */
  label?: string;
  /** A person: the user pool's subject, their verified email, their name. */
  sub?: string;
  email?: string;
  name?: string;
  /** A person's memberships, encoded by shared/people/membership.ts (`;` between them). */
  memberships?: string;
  homeOrg?: string;
}

export type ApiEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<AuthorizerContext>;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

/** The caller, from the authorizer's context. A missing context means a misconfigured route: fail closed. */
export const principalOf = (event: ApiEvent): Principal => {
  const ctx = event.requestContext.authorizer?.lambda;
  const unauthorized = () => new AppError(401, 'unauthorized', 'Missing or invalid credentials');
  if (ctx?.role === 'person') {
    if (!ctx.sub || !ctx.email) throw unauthorized();
    return {
      role: 'person',
      sub: ctx.sub,
      email: ctx.email,
      name: ctx.name || ctx.email,
      memberships: decodeMemberships(ctx.memberships),
      ...(ctx.homeOrg ? { homeOrg: ctx.homeOrg } : {}),
    };
  }
  const role = roleSchema.safeParse(ctx?.role);
  if (!ctx || !role.success || !ctx.tokenId) throw unauthorized();
  return {
    tokenId: ctx.tokenId,
    role: role.data,
    schoolIds: ctx.schoolIds ? ctx.schoolIds.split(',') : [],
    boardId: ctx.boardId || null,
    label: ctx.label || undefined,
  };
};

/** Parses path parameters; a value that does not match its pattern is a 400 naming the field. */
export const parsePath = <S extends z.ZodMiniType>(event: ApiEvent, schema: S): z.infer<S> => {
  const parsed = schema.safeParse(event.pathParameters ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? 'path';
    throw badRequest(
      `invalid_${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
      issue?.message ?? 'bad path',
      {
        field,
      },
    );
  }
  return parsed.data;
};

/**
 * The API's answer to a typed domain error, or undefined for an error the API does not answer (a 500). The
 * version conflict says the current version when it was seen before writing (the request named another), and
 * that someone else wrote in between when the write itself lost the race.
 */
export const answerOf = (err: unknown): AppError | undefined => {
  if (err instanceof AppError) return err;
  if (err instanceof ConsentVersionConflictError) {
    return err.currentVersion === undefined
      ? new AppError(
          409,
          'version_conflict',
          'The consent was changed by someone else in the meantime; reload it and try again.',
          {
            messageNl:
              'De toestemming is intussen door iemand anders gewijzigd; laad haar opnieuw en probeer het nog eens.',
          },
        )
      : new AppError(
          409,
          'version_conflict',
          'The consent was changed in the meantime; reload it and try again.',
          {
            messageNl: 'De toestemming is intussen gewijzigd; laad haar opnieuw en probeer het nog eens.',
            currentVersion: err.currentVersion,
          },
        );
  }
  return undefined;
};

/**
 * Last middleware (first in middy's onError order): AppErrors and the typed domain errors the API answers
 * (answerOf) become their status and code; anything else is logged with its stack and answered with a generic
 * 500 carrying only the request id, so no internals or other schools' data ever leak.
 */
export const errorHandler = (logger: Logger): MiddlewareObj<ApiEvent, ApiResult> => ({
  onError: async (request) => {
    const err = answerOf(request.error);
    if (err) {
      if (err.status >= 500) logger.error('request failed', { code: err.code, error: err });
      request.response = json(err.status, { code: err.code, message: err.message, ...err.details });
      return;
    }
    logger.error('unhandled error', { error: request.error as Error });
    // The Lambda request id is what the logged stack carries (Powertools' function_request_id), so a caller who
    // quotes it lets the operator find the cause; it reveals nothing else.
    const requestId = request.context?.awsRequestId ?? 'unknown';
    request.response = json(500, {
      code: 'internal_error',
      message: `Internal error; it has been logged as request ${requestId}.`,
      requestId,
    });
  },
});
