/**
 * The user directory on the Cognito user pool. `AdminCreateUser` without a temporary password makes a
 * passwordless user when the pool offers email-code sign-in (infra/constructs/user-directory.ts); Cognito's own
 * invitation mail is suppressed, because msv's Dutch invitation carries the link. A user that exists already
 * (`UsernameExistsException`) is exactly what was asked for.
 */
import {
  AdminCreateUserCommand,
  type CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserDirectory } from '../../shared/ports.js';

export class CognitoDirectory implements UserDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async ensureUser(email: string, name: string): Promise<void> {
    try {
      await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          // The pool signs in by email (signInAliases email): the address is the user name.
          Username: email,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: email },
            // Proven by accepting the invitation's code mail; Cognito requires it for email-code sign-in.
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: name },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
    } catch (err) {
      if (err instanceof UsernameExistsException) return;
      throw err;
    }
  }
}
