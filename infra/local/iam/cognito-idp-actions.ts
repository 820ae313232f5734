/**
 * The Cognito user pools part of the request mapper (AWS JSON 1.1, `x-amz-target:
 * AWSCognitoIdentityProviderService.Op`): an operation on a pool is authorized as `cognito-idp:Op` on the pool's
 * ARN, `arn:aws:cognito-idp:{region}:{account}:userpool/{UserPoolId}`. Operations that name no pool
 * (ListUserPools, CreateUserPool) are authorized on `*`. The operations Cognito serves unsigned (InitiateAuth,
 * SignUp, GetUser with an access token, …) take no IAM check in AWS; a function has no reason to sign them, so
 * they are refused here rather than passed unchecked.
 */
import { fail, type HttpRequestParts, type IamRequest, type MappingContext } from './iam-request.js';
import { jsonBody, operationOf } from './request-parsing.js';

/** Cognito's pool ids: `{region}_{alphanumerics}`. */
const USER_POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

/** Operations without a pool, authorized on `*`. */
const ACCOUNT_OPS = new Set(['ListUserPools', 'CreateUserPool']);

/** Operations Cognito answers without SigV4 (no IAM policy applies to them). */
const UNSIGNED_OPS = new Set([
  'InitiateAuth',
  'RespondToAuthChallenge',
  'SignUp',
  'ConfirmSignUp',
  'ForgotPassword',
  'ConfirmForgotPassword',
  'ResendConfirmationCode',
  'GetUser',
  'GlobalSignOut',
  'RevokeToken',
  'ChangePassword',
  'UpdateUserAttributes',
  'DeleteUser',
  'GetTokensFromRefreshToken',
]);

/** The IAM checks of one Cognito user pools request. */
export const cognitoIdpRequestsOf = (http: HttpRequestParts, ctx: MappingContext): IamRequest[] => {
  const body = jsonBody(http.body, 'cognito-idp');
  const op = operationOf(http, 'AWSCognitoIdentityProviderService', body);
  if (UNSIGNED_OPS.has(op))
    return fail(`cognito-idp ${op} is an unauthenticated operation of Cognito, not one a function signs`);
  const action = `cognito-idp:${op}`;
  if (ACCOUNT_OPS.has(op)) return [{ action, resource: '*' }];
  const poolId = body.UserPoolId;
  if (typeof poolId !== 'string' || !USER_POOL_ID.test(poolId))
    return fail(`cognito-idp ${op} names no user pool (UserPoolId ${JSON.stringify(poolId ?? null)})`);
  return [{ action, resource: `arn:aws:cognito-idp:${ctx.region}:${ctx.account}:userpool/${poolId}` }];
};
