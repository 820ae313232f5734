/**
 * Stands in for every SDK client but DynamoDB's when the bench builds a function "with DynamoDB only"
 * (bundle-build.ts `dynamoOnlyBytes`): what its bundle would weigh if everything it does besides the table were
 * done elsewhere, by another function or by hand. Never run: the bench only weighs the build. The exports are
 * the names msv's adapters import (a missing one fails that build, with its name).
 */
class NotBundled {
  constructor() {
    throw new Error('bench/sdk-client-stub.ts: a stand-in for weighing a bundle, never run');
  }
}

export {
  NotBundled as AdminCreateUserCommand,
  NotBundled as CognitoIdentityProviderClient,
  NotBundled as ConflictException,
  NotBundled as CreateScheduleCommand,
  NotBundled as DeleteScheduleCommand,
  NotBundled as GetObjectCommand,
  NotBundled as NoSuchKey,
  NotBundled as PutObjectCommand,
  NotBundled as ResourceNotFoundException,
  NotBundled as S3Client,
  NotBundled as SchedulerClient,
  NotBundled as SendEmailCommand,
  NotBundled as SendMessageBatchCommand,
  NotBundled as SESClient,
  NotBundled as SQSClient,
  NotBundled as UsernameExistsException,
};
