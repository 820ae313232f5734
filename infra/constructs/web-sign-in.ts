/**
 * How the web app signs people in: its Cognito app client on the user pool of the stateful stack
 * (infra/constructs/user-directory.ts), and the managed login's branding for that client. A browser app cannot
 * keep a secret, so the client is public: the authorization code flow with PKCE (Cognito requires PKCE of a client
 * without a secret in its managed login), nothing else. It holds no data, so it lives in the stateless stack, next
 * to the web app whose URL it names; a re-created client only means a new client id in config.json and the
 * authorizer's settings, both written by the same deploy.
 *
 * Token lifetimes:
 * - ID and access tokens 1 hour (Cognito's default): the API checks the ID token's signature and expiry on every
 *   request, and memberships on every request too, so a removed person is refused at once, whatever the token.
 * - Refresh tokens 8 hours, a school working day (Cognito's default is 30 days): the app refreshes quietly during
 *   the day, and a shared staff-room computer left signed in needs the code again the next morning. The local
 *   provider keeps its sessions as long (infra/local/oidc/configuration.ts).
 * - Revocation on: signing out revokes the refresh token (`/oauth2/revoke`) and every access token issued with it.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import {
  CfnManagedLoginBranding,
  ClientAttributes,
  type IUserPool,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { cognitoStyleSignIn, type WebSignIn as WebSignInConfig } from '../../shared/http/web-config.js';
import { HOME_ORGANISATION_ATTRIBUTE } from './user-directory.js';

export interface WebSignInProps {
  readonly userPool: IUserPool;
  /** The pool's issuer (`iss`), which the API checks. */
  readonly issuer: string;
  /** The managed login domain, `https://{prefix}.auth.{region}.amazoncognito.com`. */
  readonly domainBaseUrl: string;
  /** The federated providers' names (Entree, eduID, …), offered on the sign-in page beside the email code. */
  readonly identityProviderNames: readonly string[];
  /** The web app's origin (`https://{distribution domain}`): sign-in and sign-out return to its `/`. */
  readonly appOrigin: string;
}

/** The web app's app client and its managed login branding. */
export class WebSignIn extends Construct {
  readonly client: UserPoolClient;
  /** The client id: the ID tokens' `aud`. */
  readonly clientId: string;
  /** What the web app's config.json says about sign-in (shared/http/web-config.ts). */
  readonly config: WebSignInConfig;

  constructor(scope: Construct, id: string, props: WebSignInProps) {
    super(scope, id);
    const federated = props.identityProviderNames.length > 0;
    const appRoot = `${props.appOrigin}/`;
    this.client = new UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      userPoolClientName: `${Stack.of(this).stackName}-web`,
      // Public: a secret in a browser app is no secret. Cognito then requires PKCE on the code flow.
      generateSecret: false,
      // ALLOW_USER_AUTH is what managed login's choice-based sign-in (the email code) runs on; no password
      // flows (no one has a password), and CDK adds ALLOW_REFRESH_TOKEN_AUTH.
      authFlows: { user: true },
      oAuth: {
        // The code flow only: no implicit grant (tokens in the URL), no client credentials.
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [appRoot],
        logoutUrls: [appRoot],
      },
      supportedIdentityProviders: [
        UserPoolClientIdentityProvider.COGNITO,
        ...props.identityProviderNames.map((name) => UserPoolClientIdentityProvider.custom(name)),
      ],
      // "User does not exist" and a wrong code look alike: the sign-in page tells no one who has an account.
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(8),
      // Between the code mail and typing it in (Cognito's default of 3 minutes is short for a mail).
      authSessionValidity: Duration.minutes(10),
      enableTokenRevocation: true,
      // What the ID token carries: the person's address, name and (federated) home organisation.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(HOME_ORGANISATION_ATTRIBUTE),
      // Federated sign-in writes the mapped attributes on every sign-in, which Cognito allows only when the client
      // may write them; without federation only email and name (a changed email is unverified until confirmed).
      writeAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, fullname: true })
        .withCustomAttributes(...(federated ? [HOME_ORGANISATION_ATTRIBUTE] : [])),
    });
    this.clientId = this.client.userPoolClientId;

    // Managed login (version 2) shows a client's pages only once it has a branding; Cognito's own look is fine.
    new CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: props.userPool.userPoolId,
      clientId: this.clientId,
      useCognitoProvidedValues: true,
    });

    this.config = cognitoStyleSignIn(props.domainBaseUrl, props.issuer, this.clientId);
  }
}
