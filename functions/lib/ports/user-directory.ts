/** The user directory's port factory: the people's user pool. */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Settings } from '../../../shared/config.js';
import { CognitoDirectory } from '../cognito-directory.js';

export const cognitoDirectory = (s: Settings<'peopleUserPoolId'>): CognitoDirectory =>
  new CognitoDirectory(
    new CognitoIdentityProviderClient({
      maxAttempts: 3,
      requestHandler: { requestTimeout: 5000, connectionTimeout: 2000 },
    }),
    s.peopleUserPoolId,
  );
