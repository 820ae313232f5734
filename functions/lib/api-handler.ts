/**
 * Wraps an API route's core in the middy chain every route shares: logger context first, the error handler last
 * of all (middy runs onError middlewares in reverse, so it sees every error).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type ApiEvent, type ApiResult, errorHandler } from './http.js';

export const apiHandler = (logger: Logger, core: (event: ApiEvent, context: Context) => Promise<ApiResult>) =>
  middy<ApiEvent, ApiResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(errorHandler(logger))
    .handler(core);
