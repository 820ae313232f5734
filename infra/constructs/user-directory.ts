/**
 * The people who sign in as themselves (issue 13): an Amazon Cognito user pool with email as the sign-in name and
 * a one-time code by email as the way in, its managed-login domain, and the federated identity providers an
 * operator configures (OIDC or SAML: Entree Federatie, SURFconext, eduID). State, so it lives in the stateful
 * stack with RETAIN and deletion protection: a re-created pool is a pool without its people.
 *
 * Who may do what is not here: memberships (school staff, board roles) are msv data, read on every request. The
 * pool only says who someone is. No one signs up by themselves; a board's user administrator invites people, and
 * federated users are created by Cognito on their first sign-in.
 */
import { Duration, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  ManagedLoginVersion,
  ProviderAttribute,
  StringAttribute,
  UserPool,
  type UserPoolDomain,
  UserPoolEmail,
  UserPoolIdentityProviderOidc,
  UserPoolIdentityProviderSaml,
  UserPoolIdentityProviderSamlMetadata,
  VerificationEmailStyle,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { IdentityProviderConfig } from '../identity-providers.js';

export interface UserDirectoryProps {
  /** The sender of the board mails; with `mailFromSes` also of the sign-in codes. */
  readonly mailFrom: string;
  /**
   * Send sign-in codes from `mailFrom` through our SES identity. Needs the identity verified first (Cognito refuses
   * an unverified one), so it is off on a first deploy; until then Cognito's own sender sends them, 50 a day.
   */
  readonly mailFromSes: boolean;
  /** Prefix of the managed-login domain, `https://{prefix}.auth.{region}.amazoncognito.com`. */
  readonly domainPrefix: string;
  /** Federated sign-in, from the deploy settings (infra/identity-providers.ts). */
  readonly identityProviders: readonly IdentityProviderConfig[];
}

/** The custom attribute that carries a federated user's home organisation (a school's BRIN, e.g. `11ZZ03`). */
export const HOME_ORGANISATION_ATTRIBUTE = 'homeOrg';

export class UserDirectory extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  /** Every federated provider, for the app clients' list of providers. */
  readonly identityProviders: Array<UserPoolIdentityProviderOidc | UserPoolIdentityProviderSaml>;
  /** The issuer of the pool's tokens (`iss`), which the API checks. */
  readonly issuer: string;

  /** The federated providers' names, as an app client lists them among its identity providers. */
  get identityProviderNames(): string[] {
    return this.identityProviders.map((idp) => idp.providerName);
  }

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // A changed address counts only once its code is confirmed: until then the person keeps the verified one.
      keepOriginal: { email: true },
      selfSignUpEnabled: false,
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        [HOME_ORGANISATION_ATTRIBUTE]: new StringAttribute({ minLen: 4, maxLen: 6, mutable: true }),
      },
      // Choice-based sign-in needs the Essentials plan; the code by email is the factor people use. Cognito
      // requires password to stay allowed, but no one is ever given a password.
      featurePlan: FeaturePlan.ESSENTIALS,
      signInPolicy: { allowedFirstAuthFactors: { password: true, emailOtp: true } },
      passwordPolicy: {
        minLength: 16,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(1),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // All user-facing text is Dutch. Invitations are msv's own mails (the board invites); this is the code
      // Cognito sends when an email address is to be verified.
      userVerification: {
        emailStyle: VerificationEmailStyle.CODE,
        emailSubject: 'Uw verificatiecode voor Monitoring Sociale Veiligheid',
        emailBody: 'Uw verificatiecode is {####}. Deze code is kort geldig; deel hem met niemand.',
      },
      email: props.mailFromSes
        ? UserPoolEmail.withSES({
            fromEmail: props.mailFrom,
            fromName: 'Monitoring Sociale Veiligheid',
            // The identity is in this stack's region (an environment-agnostic synth knows it only as a token).
            sesRegion: Stack.of(this).region,
          })
        : UserPoolEmail.withCognito(props.mailFrom),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'People sign in with a one-time code sent to their verified email address; no password is ever issued, so there is no password to protect with a second factor.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection needs the Plus feature plan, priced per monthly active user; Essentials has the email-code sign-in msv uses. An operator who wants it can change featurePlan.',
      },
    );

    // The managed login (version 2) serves the sign-in pages, in Dutch per the browser's language.
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    // Like everything in the stateful stack, never deleted with it: a re-created domain or provider would break
    // sign-in until every federation's metadata pointed at it again.
    this.domain.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.identityProviders = props.identityProviders.map((idp) => this.federate(idp));
    for (const idp of this.identityProviders) idp.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // The pool's ProviderURL, `https://cognito-idp.{region}.amazonaws.com/{poolId}`: one attribute rather than a
    // string built from the pool id, so that the local runtime can map it to the local provider's issuer.
    this.issuer = this.userPool.userPoolProviderUrl;
  }

  /** One federated provider, its email, name and home organisation mapped onto the pool's attributes. */
  private federate(idp: IdentityProviderConfig): UserPoolIdentityProviderOidc | UserPoolIdentityProviderSaml {
    const attributeMapping = {
      email: ProviderAttribute.other(idp.attributes.email),
      fullname: ProviderAttribute.other(idp.attributes.name),
      custom: {
        [`custom:${HOME_ORGANISATION_ATTRIBUTE}`]: ProviderAttribute.other(idp.attributes.homeOrganisation),
      },
    };
    if (idp.type === 'oidc') {
      return new UserPoolIdentityProviderOidc(this, `Oidc${idp.name}`, {
        userPool: this.userPool,
        name: idp.name,
        issuerUrl: idp.issuerUrl,
        clientId: idp.clientId,
        // A dynamic reference: CloudFormation reads the secret at deploy time, the template never holds it.
        clientSecret: SecretValue.secretsManager(idp.clientSecretName).unsafeUnwrap(),
        scopes: idp.scopes,
        attributeMapping,
      });
    }
    return new UserPoolIdentityProviderSaml(this, `Saml${idp.name}`, {
      userPool: this.userPool,
      name: idp.name,
      metadata: UserPoolIdentityProviderSamlMetadata.url(idp.metadataUrl),
      idpSignout: true,
      attributeMapping,
    });
  }
}
