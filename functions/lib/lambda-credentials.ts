/**
 * The AWS SDK's default credential provider as it resolves inside Lambda: the execution role's credentials, which
 * the Lambda runtime puts into AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. The SDK's own
 * default chain (`@aws-sdk/credential-provider-node`) tries the environment first as well, so in Lambda it
 * always ends there; but it bundles every other source with it (SSO, STS web identity and assume-role through
 * the STS, SSO and sign-in clients of `@aws-sdk/nested-clients`, ini files, processes, instance and container
 * metadata), about 135 KB of each function bundle and its import time.
 *
 * MsvFunction's bundling aliases `@aws-sdk/credential-provider-node` to this module (infra/constructs/
 * msv-function.ts), so every SDK client in a deployed bundle asks only the environment. Only the bundles: tests,
 * `npm start` and the admin CLI run the sources and keep the full chain. The SDK memoizes the credentials per
 * client; a missing variable fails the call with the SDK's CredentialsProviderError, as the full chain would
 * after trying everything else.
 */
import { type FromEnvInit, fromEnv } from '@aws-sdk/credential-provider-env';

/** Same name and call shape as `@aws-sdk/credential-provider-node`'s export, which the SDK clients import. */
export const defaultProvider = (init: FromEnvInit = {}): ReturnType<typeof fromEnv> => fromEnv(init);
