/**
 * The operator's environment on the local stack (the admin CLI, the tests' own clients, `npm start`'s bootstrap):
 * unmodified AWS SDK v3 clients pointed straight at the local stand-ins, with the stand-ins' own credentials. The
 * functions never run with it: each gets its synthesized environment and goes through the IAM proxy
 * (infra/local/runtime.ts).
 */
import { type Config, toEnvironment } from '../../shared/config.js';

export interface LocalEndpoints {
  dynamodbEndpoint: string;
  s3Endpoint: string;
  sesEndpoint: string;
  schedulerEndpoint?: string;
  sqsEndpoint?: string;
  /** The local user pool's admin API (the local OpenID provider's origin). */
  cognitoEndpoint?: string;
}

export const localAwsEnv = (
  endpoints: LocalEndpoints,
  config: Partial<Config> & Pick<Config, 'tableName' | 'uploadBucket'>,
): Record<string, string> => ({
  AWS_REGION: 'eu-west-1',
  // s3rver only accepts its own default key pair; DynamoDB Local and the local SES accept anything.
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodbEndpoint,
  AWS_ENDPOINT_URL_S3: endpoints.s3Endpoint,
  AWS_ENDPOINT_URL_SES: endpoints.sesEndpoint,
  ...(endpoints.schedulerEndpoint ? { AWS_ENDPOINT_URL_SCHEDULER: endpoints.schedulerEndpoint } : {}),
  ...(endpoints.sqsEndpoint ? { AWS_ENDPOINT_URL_SQS: endpoints.sqsEndpoint } : {}),
  ...(endpoints.cognitoEndpoint
    ? { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognitoEndpoint }
    : {}),
  // Without these, streamed uploads reach s3rver with aws-chunked framing and are stored corrupted.
  AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
  AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_EC2_METADATA_DISABLED: 'true',
  ...toEnvironment({ stage: 'local', ...config }),
});
