/**
 * The people's sign-in (infra/constructs/user-directory.ts): the user pool in the stateful stack, retained and
 * protected, with email codes as the way in and no self sign-up; its managed-login domain; and the federated
 * providers from the `identityProviders` setting, whose OIDC secret the template never holds.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { identityProvidersSchema } from '../../infra/identity-providers.js';
import { synth } from './templates.js';

const PROVIDERS = [
  { type: 'saml', name: 'Entree', metadataUrl: 'https://hub.entree.kennisnet.nl/metadata.xml' },
  {
    type: 'oidc',
    name: 'eduID',
    issuerUrl: 'https://connect.eduid.nl',
    clientId: 'msv-test',
    clientSecretName: 'msv/eduid-client-secret',
  },
];

describe('user directory', () => {
  let t: Template;
  beforeAll(() => {
    t = synth().stateful;
  });

  it('keeps the pool: retained, deletion protection, email as the sign-in name, no self sign-up', () => {
    t.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtection: 'ACTIVE',
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
        UsernameConfiguration: { CaseSensitive: false },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UserPoolTier: 'ESSENTIALS',
        Policies: Match.objectLike({
          SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] },
        }),
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      }),
    });
    t.resourceCountIs('AWS::Cognito::UserPool', 1);
  });

  it('carries the federated home organisation (a BRIN) as a custom attribute', () => {
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'homeOrg', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
  });

  it('sends codes with Cognito until the SES identity is verified, then from mailFrom through SES', () => {
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({ EmailSendingAccount: 'COGNITO_DEFAULT' }),
    });
    const ses = synth({ signInMailFromSes: 'true', mailFrom: 'msv@school.example' }).stateful;
    ses.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: 'Monitoring Sociale Veiligheid <msv@school.example>',
      }),
    });
  });

  it('serves managed login (version 2) on a domain named after the account, or the configured prefix', () => {
    const domain = t.findResources('AWS::Cognito::UserPoolDomain');
    const props = Object.values(domain)[0]?.Properties as { Domain: unknown; ManagedLoginVersion: number };
    expect(props.ManagedLoginVersion).toBe(2);
    expect(JSON.stringify(props.Domain)).toContain('AWS::AccountId');
    synth({ signInDomainPrefix: 'msv-stichting-x' }).stateful.hasResourceProperties(
      'AWS::Cognito::UserPoolDomain',
      {
        Domain: 'msv-stichting-x',
      },
    );
    expect(() => synth({ signInDomainPrefix: 'my-cognito-login' })).toThrow(/signInDomainPrefix/);
  });

  it('outputs the issuer the API will check, and the sign-in domain', () => {
    const outputs = t.findOutputs('*');
    expect(JSON.stringify(outputs.SignInIssuer?.Value)).toContain('ProviderURL');
    expect(outputs.SignInDomain).toBeDefined();
    expect(outputs.UserPoolId).toBeDefined();
  });

  it('federates the configured providers, the OIDC secret as a dynamic reference, attributes mapped', () => {
    const f = synth({ identityProviders: JSON.stringify(PROVIDERS) }).stateful;
    f.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'Entree',
      ProviderType: 'SAML',
      ProviderDetails: Match.objectLike({
        MetadataURL: 'https://hub.entree.kennisnet.nl/metadata.xml',
        IDPSignout: true,
      }),
      AttributeMapping: {
        email: 'urn:mace:dir:attribute-def:mail',
        name: 'urn:mace:dir:attribute-def:displayName',
        'custom:homeOrg': 'urn:mace:dir:attribute-def:nlEduPersonHomeOrganizationId',
      },
    });
    const oidc = Object.values(f.findResources('AWS::Cognito::UserPoolIdentityProvider')).find(
      (r) => (r.Properties as { ProviderType: string }).ProviderType === 'OIDC',
    );
    const details = JSON.stringify(oidc?.Properties);
    expect(details).toContain('{{resolve:secretsmanager:msv/eduid-client-secret:SecretString:::}}');
    expect(details).toContain('"oidc_issuer":"https://connect.eduid.nl"');
    expect(details).toContain('"custom:homeOrg":"nlEduPersonHomeOrganizationId"');
    for (const type of ['AWS::Cognito::UserPoolIdentityProvider', 'AWS::Cognito::UserPoolDomain'])
      for (const r of Object.values(f.findResources(type))) expect(r.DeletionPolicy, type).toBe('Retain');
  });

  it('refuses providers that are not valid, with the setting named', () => {
    expect(identityProvidersSchema.safeParse('not json').success).toBe(false);
    expect(identityProvidersSchema.safeParse(JSON.stringify([PROVIDERS[0], PROVIDERS[0]])).success).toBe(
      false,
    );
    expect(
      identityProvidersSchema.safeParse([{ ...PROVIDERS[1], issuerUrl: 'http://connect.eduid.nl' }]).success,
    ).toBe(false);
    // A secret itself is not a setting: only the name of where it is kept.
    expect(identityProvidersSchema.safeParse([{ ...PROVIDERS[1], clientSecret: 's3cr3t' }]).success).toBe(
      false,
    );
    expect(() => synth({ identityProviders: '[{"type":"ldap"}]' })).toThrow(/identityProviders/);
  });
});
