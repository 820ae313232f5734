/**
 * Maps one HTTP request of an AWS SDK v3 client to the IAM authorization requests AWS makes for it: action(s),
 * resource ARN(s) and the service condition keys. Pure: no I/O, no clock, no policy evaluation. Every returned
 * request must be allowed for the HTTP request to be allowed; a request this mapper does not understand throws
 * {@link UnmappedRequestError}, which the proxy turns into a denial (nothing passes unchecked).
 *
 * This file picks the service's mapper: dynamodb-actions.ts, s3-actions.ts, scheduler-actions.ts,
 * ses-actions.ts, sqs-actions.ts and cognito-idp-actions.ts.
 */
import { cognitoIdpRequestsOf } from './cognito-idp-actions.js';
import { dynamodbRequestsOf } from './dynamodb-actions.js';
import {
  fail,
  type HttpRequestParts,
  type IamRequest,
  type MappingContext,
  type ProxiedService,
} from './iam-request.js';
import { s3RequestsOf } from './s3-actions.js';
import { schedulerRequestsOf } from './scheduler-actions.js';
import { sesRequestsOf } from './ses-actions.js';
import { sqsRequestsOf } from './sqs-actions.js';

export {
  type HttpRequestParts,
  type IamRequest,
  type MappingContext,
  type ProxiedService,
  UnmappedRequestError,
} from './iam-request.js';

/**
 * The IAM checks for one HTTP request of `service`; all of them must be allowed.
 * @throws UnmappedRequestError when the request cannot be mapped (the proxy denies it, naming the reason).
 */
export const iamRequestsOf = (
  service: ProxiedService,
  http: HttpRequestParts,
  ctx: MappingContext,
): IamRequest[] => {
  switch (service) {
    case 'dynamodb':
      return dynamodbRequestsOf(http, ctx);
    case 'sqs':
      return sqsRequestsOf(http, ctx);
    case 'ses':
      return sesRequestsOf(http, ctx);
    case 'scheduler':
      return schedulerRequestsOf(http, ctx);
    case 's3':
      return s3RequestsOf(http, ctx);
    case 'cognito-idp':
      return cognitoIdpRequestsOf(http, ctx);
    default:
      return fail(`service ${String(service)} is not mapped`);
  }
};
