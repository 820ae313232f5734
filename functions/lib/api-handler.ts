/**
 * Wraps an API route's core in the middy chain every route shares: logger context first, then the metrics of a
 * route that counts some (flushed as one EMF line at the end, after the error handler has answered), the error
 * handler last of all (middy runs onError middlewares in reverse, so it sees every error).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type ApiEvent, type ApiResult, errorHandler } from './http.js';
import type { FunctionMetrics } from './metrics.js';

/** What a route logs and counts with: its logger, or its deps with the logger and the metrics it declares. */
export type RouteObservability =
  | Logger
  | { readonly logger: Logger; readonly metrics?: FunctionMetrics<never> };

export const apiHandler = (
  observability: RouteObservability,
  core: (event: ApiEvent, context: Context) => Promise<ApiResult>,
) => {
  // A Logger logs; deps carry one (`apiHandler(deps, …)`).
  const { logger, metrics } =
    'info' in observability ? { logger: observability, metrics: undefined } : observability;
  const chain = middy<ApiEvent, ApiResult>().use(injectLambdaContext(logger, { resetKeys: true }));
  if (metrics) chain.use(metrics.middleware);
  return chain.use(errorHandler(logger)).handler(core);
};
