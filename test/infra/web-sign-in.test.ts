/**
 * The web app's sign-in (infra/constructs/web-sign-in.ts): a public Cognito app client on the stateful stack's user
 * pool — no secret, the authorization code flow only (with PKCE, which Cognito requires of a client without a
 * secret), returning to the web app's `/` — its managed login branding, and the authorizer's two sign-in settings.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTHORIZER_FN } from '../../shared/http/routes.js';
import { ALL_FUNCTIONS, envOf, synth } from './templates.js';

/** `https://{distribution domain}/`, as the client's callback and sign-out URL. */
const APP_ROOT = {
  'Fn::Join': [
    '',
    ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebAppDistribution'), 'DomainName'] }, '/'],
  ],
};
const POOL_ID = {
  'Fn::ImportValue': Match.stringLikeRegexp('^MsvStateful:ExportsOutputRefUsersUserPool[0-9A-F]+$'),
};

describe('web sign-in', () => {
  let t: Template;
  beforeAll(() => {
    t = synth().stateless;
  });

  it('is a public client of the user pool: no secret, the code flow only, back to the web app', () => {
    t.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: POOL_ID,
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [APP_ROOT],
      LogoutURLs: [APP_ROOT],
      SupportedIdentityProviders: ['COGNITO'],
      // Managed login's email code (choice-based sign-in) and refresh; no password flows of any kind.
      ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
  });

  it('gives ID and access tokens an hour and refresh tokens a working day', () => {
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 480,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      AuthSessionValidity: 10,
    });
  });

  it('reads the attributes the API uses and writes none of the home organisation without federation', () => {
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ReadAttributes: ['custom:homeOrg', 'email', 'email_verified', 'name'],
      WriteAttributes: ['email', 'name'],
    });
  });

  it('offers the federated providers beside the email code, which may then write what they map', () => {
    const f = synth({
      identityProviders: JSON.stringify([
        { type: 'saml', name: 'Entree', metadataUrl: 'https://hub.entree.kennisnet.nl/metadata.xml' },
      ]),
    }).stateless;
    f.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      SupportedIdentityProviders: [
        'COGNITO',
        { 'Fn::ImportValue': Match.stringLikeRegexp('^MsvStateful:ExportsOutputRefUsersSamlEntree') },
      ],
      WriteAttributes: ['custom:homeOrg', 'email', 'name'],
    });
  });

  it("brands the client's managed login with Cognito's own look", () => {
    t.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UserPoolId: POOL_ID,
      ClientId: { Ref: Match.stringLikeRegexp('^WebSignInClient') },
      UseCognitoProvidedValues: true,
    });
  });

  it("gives the authorizer the pool's issuer and the client's id, and no other function", () => {
    const env = envOf(t, AUTHORIZER_FN) as Record<string, unknown>;
    expect(JSON.stringify(env.MSV_PEOPLE_ISSUER)).toMatch(
      /^\{"Fn::ImportValue":"MsvStateful:ExportsOutputFnGetAttUsersUserPool[0-9A-F]+ProviderURL[0-9A-F]+"\}$/,
    );
    expect(JSON.stringify(env.MSV_PEOPLE_CLIENT_ID)).toMatch(/^\{"Ref":"WebSignInClient[0-9A-F]{8}"\}$/);
    const others = ALL_FUNCTIONS.filter((fn) => fn !== AUTHORIZER_FN && envOf(t, fn)?.MSV_PEOPLE_ISSUER);
    expect(others).toEqual([]);
  });
});

describe('the issuer the stateful stack exports', () => {
  it("is the pool's ProviderURL (https://cognito-idp.{region}.amazonaws.com/{poolId})", () => {
    const stateful = synth().stateful;
    const outputs = stateful.findOutputs('*');
    expect(outputs.SignInIssuer?.Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^UsersUserPool[0-9A-F]{8}$/), 'ProviderURL'],
    });
  });
});
