/**
 * Wraps the core of a function that is not an API route (the authorizer, the delivery worker, scheduled runs) in
 * the middy chain they share: the logger's Lambda context first, so every line carries the invocation's own
 * `function_request_id`, then the metrics, flushed as one EMF line when the invocation ends (also when it throws).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { FunctionMetrics } from './metrics.js';

/**
 * The handler of `core`. Lambda and the local runtime always pass a context; a direct call (a test, the bench)
 * may leave it out, and the core then sees an empty one (no request id).
 */
export const eventHandler = <E, R>(
  logger: Logger,
  core: (event: E, context: Context) => Promise<R>,
  metrics?: FunctionMetrics<never>,
): ((event: E, context?: Context) => Promise<R>) => {
  const chain = middy<E, R>().use(injectLambdaContext(logger, { resetKeys: true }));
  if (metrics) chain.use(metrics.middleware);
  const handler = chain.handler(core);
  return (event, context) => handler(event, context ?? ({} as Context));
};
