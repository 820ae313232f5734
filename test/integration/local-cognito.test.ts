/**
 * The local user pool's admin API (infra/local/oidc/user-pool-api.ts) with the unmodified
 * `@aws-sdk/client-cognito-identity-provider`: through the local IAM proxy with the policy CDK's
 * `userPool.grant(f, 'cognito-idp:AdminCreateUser')` gives (allowed, and denied without it), directly as the
 * operator, and in the local runtime, where every function's AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER is the
 * proxy and the templates' user pool resolves to the local pool's id. An invited address can then sign in.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  type CognitoIdentityProviderServiceException,
  ListUsersCommand,
  ResourceNotFoundException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoDirectory } from '../../functions/lib/cognito-directory.js';
import { createResolver } from '../../infra/local/cfn-resolve.js';
import { localPhysicalNames } from '../../infra/local/deployed-shape.js';
import {
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  LOCAL_USER_POOL_ID,
  type PolicyStatementJson,
} from '../../infra/local/deployed-types.js';
import { type IamProxy, startIamProxy } from '../../infra/local/iam/iam-proxy.js';
import type { LocalPrincipal } from '../../infra/local/iam/policy-evaluator.js';
import { subjectOf } from '../../infra/local/oidc/accounts.js';
import { type LocalOidc, startLocalOidc } from '../../infra/local/oidc/index.js';
import { freePort } from '../../infra/local/ports.js';
import { synthApp } from '../../infra/local/synth.js';
import { AUTHORIZER_FN } from '../../shared/http/routes.js';
import { useLocalAws } from '../support/env.js';
import { signInAs } from '../support/people.js';
import { startTestRuntime } from '../support/runtime.js';
import { mailsTo } from '../support/ses-store.js';

useLocalAws();

const APP = 'http://127.0.0.1:3998';
const POOL_ARN = `arn:aws:cognito-idp:${LOCAL_REGION}:${LOCAL_ACCOUNT}:userpool/${LOCAL_USER_POOL_ID}`;
const run = randomBytes(3).toString('hex');
const address = (who: string) => `${who}-${run}@voorbeeldcollege.nl`;

/** The statement `userPool.grant(f, 'cognito-idp:AdminCreateUser')` synthesizes. */
const createUserGrant: PolicyStatementJson = {
  Effect: 'Allow',
  Action: 'cognito-idp:AdminCreateUser',
  Resource: POOL_ARN,
};
const KEYS = { invite: 'AKIALOCALINVITE', other: 'AKIALOCALOTHER' };
const principal = (name: string, Statement: PolicyStatementJson[]): LocalPrincipal => ({
  name,
  roleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/msv-test-${name}-role`,
  policies: [{ Version: '2012-10-17', Statement }],
});

let oidc: LocalOidc;
let proxy: IamProxy;

const sdk = (endpoint: string, accessKeyId: string, secretAccessKey = 'local', sessionToken?: string) =>
  new CognitoIdentityProviderClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    maxAttempts: 1,
  });
/** A function's client, through the IAM proxy. */
const asFunction = (key: string) => sdk(proxy.endpoint, key);
/** The operator's client, straight at the stand-in (as `npm run admin` would be). */
const operator = () => sdk(oidc.adminEndpoint, 'local');
const target = () => ({
  signIn: { issuer: oidc.issuer, clientId: oidc.clientId, redirectUri: `${APP}/` },
  sesUrl: process.env.AWS_ENDPOINT_URL_SES as string,
});

/** What the invitation sends (functions/lib/cognito-directory.ts), for an address and a name. */
const createUser = (email: string, name: string, UserPoolId = LOCAL_USER_POOL_ID) =>
  new AdminCreateUserCommand({
    UserPoolId,
    Username: email,
    MessageAction: 'SUPPRESS',
    UserAttributes: [
      { Name: 'email', Value: email },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'name', Value: name },
    ],
    DesiredDeliveryMediums: ['EMAIL'],
  });

/** The error a promise rejects with (the test fails if it resolves). */
const rejection = async (p: Promise<unknown>): Promise<CognitoIdentityProviderServiceException> => {
  try {
    await p;
  } catch (err) {
    return err as CognitoIdentityProviderServiceException;
  }
  throw new Error('expected the call to fail');
};

beforeAll(async () => {
  oidc = await startLocalOidc({
    appUrl: APP,
    redirectPaths: ['/'],
    sesEndpoint: process.env.AWS_ENDPOINT_URL_SES,
    people: [{ email: address('demo'), name: 'Dirk Demo' }],
  });
  proxy = await startIamProxy({
    port: await freePort(),
    upstreams: { 'cognito-idp': oidc.adminEndpoint },
    principals: new Map([
      [KEYS.invite, principal('invite', [createUserGrant])],
      [
        KEYS.other,
        principal('other', [
          { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' },
          // A grant on another pool does not reach this one.
          {
            Effect: 'Allow',
            Action: 'cognito-idp:*',
            Resource: `arn:aws:cognito-idp:${LOCAL_REGION}:${LOCAL_ACCOUNT}:userpool/${LOCAL_REGION}_other`,
          },
        ]),
      ],
    ]),
    account: LOCAL_ACCOUNT,
    region: LOCAL_REGION,
  });
});

afterAll(async () => {
  await proxy?.stop();
  await oidc?.close();
});

describe('the local user pool through the IAM proxy', () => {
  it('creates an invited person with the grant, as CognitoDirectory asks; an existing one is UsernameExistsException', async () => {
    const email = address('invited');
    const created = await asFunction(KEYS.invite).send(createUser(email, 'Iris Invité'));
    expect(created.$metadata.httpStatusCode).toBe(200);
    // Email is the pool's username attribute: the user name is the sub, the local provider's subject.
    expect(created.User).toMatchObject({
      Username: subjectOf(email),
      Enabled: true,
      UserStatus: 'CONFIRMED',
      UserCreateDate: expect.any(Date),
    });
    expect(created.User?.Attributes).toEqual(
      expect.arrayContaining([
        { Name: 'sub', Value: subjectOf(email) },
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Iris Invité' },
      ]),
    );
    // SUPPRESS: no mail from the pool (msv's own invitation mail carries the link).
    expect(await mailsTo(email)).toHaveLength(0);

    // Again, in capitals: the pool compares names case-insensitively.
    const again = await rejection(asFunction(KEYS.invite).send(createUser(email.toUpperCase(), 'Iris')));
    expect(again).toBeInstanceOf(UsernameExistsException);
    expect(again.$metadata.httpStatusCode).toBe(400);
    // The invitation's own port treats that as done.
    const directory = new CognitoDirectory(asFunction(KEYS.invite), LOCAL_USER_POOL_ID);
    await directory.ensureUser(email, 'Iris Invité');
    await directory.ensureUser(address('second'), 'Sem Tweede');
    expect(oidc.users.get(address('second'))?.name).toBe('Sem Tweede');

    // The invited address signs in, with the name the invitation gave.
    const person = await signInAs(target(), email);
    expect(person.sub).toBe(subjectOf(email));
    expect(decodeJwt(person.idToken)).toMatchObject({ email, name: 'Iris Invité', email_verified: true });
  });

  it('refuses a function without the grant, and operations the grant does not name, as Cognito does', async () => {
    const email = address('refused');
    const denied = await rejection(asFunction(KEYS.other).send(createUser(email, 'Ria')));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.$metadata.httpStatusCode).toBe(400);
    expect(denied.message).toContain('cognito-idp:AdminCreateUser');
    expect(denied.message).toContain(POOL_ARN);
    expect(oidc.users.get(email)).toBeUndefined();

    // The grant is AdminCreateUser only: no reading, disabling or signing out.
    const demo = address('demo');
    for (const command of [
      new AdminGetUserCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: demo }),
      new AdminDisableUserCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: demo }),
      new AdminUserGlobalSignOutCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: demo }),
      new ListUsersCommand({ UserPoolId: LOCAL_USER_POOL_ID }),
    ]) {
      const err = await rejection(asFunction(KEYS.invite).send(command as never));
      expect(err.name).toBe('AccessDeniedException');
    }
    expect(oidc.users.get(demo)?.enabled).toBe(true);

    // Another pool's ARN in the request is another resource: the grant on msv's pool does not cover it.
    const elsewhere = await rejection(
      asFunction(KEYS.invite).send(createUser(email, 'Ria', `${LOCAL_REGION}_other`)),
    );
    expect(elsewhere.name).toBe('AccessDeniedException');
    // A grant on that pool passes IAM, and the stand-in knows no such pool.
    const unknownPool = await rejection(
      asFunction(KEYS.other).send(createUser(email, 'Ria', `${LOCAL_REGION}_other`)),
    );
    expect(unknownPool).toBeInstanceOf(ResourceNotFoundException);
    expect(proxy.decisions().filter((d) => d.service === 'cognito-idp' && !d.allowed).length).toBeGreaterThan(
      0,
    );
  });
});

describe('the local user pool for the operator', () => {
  it('gets and lists users, case-insensitively by email', async () => {
    const demo = address('demo');
    const got = await operator().send(
      new AdminGetUserCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: demo.toUpperCase() }),
    );
    expect(got).toMatchObject({ Username: subjectOf(demo), Enabled: true, UserStatus: 'CONFIRMED' });
    expect(got.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'name', Value: 'Dirk Demo' }]));
    // By sub too, as Cognito takes the user name.
    const bySub = await operator().send(
      new AdminGetUserCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: subjectOf(demo) }),
    );
    expect(bySub.Username).toBe(subjectOf(demo));

    const listed = await operator().send(
      new ListUsersCommand({ UserPoolId: LOCAL_USER_POOL_ID, Filter: `email = "${demo.toUpperCase()}"` }),
    );
    expect(listed.Users?.map((u) => u.Username)).toEqual([subjectOf(demo)]);
    const prefix = await operator().send(
      new ListUsersCommand({ UserPoolId: LOCAL_USER_POOL_ID, Filter: `email ^= "demo-${run}"` }),
    );
    expect(prefix.Users).toHaveLength(1);

    const missing = await rejection(
      operator().send(
        new AdminGetUserCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: address('nobody') }),
      ),
    );
    expect(missing).toBeInstanceOf(UserNotFoundException);
    const wrongPool = await rejection(
      operator().send(new AdminGetUserCommand({ UserPoolId: 'eu-west-1_Nope', Username: demo })),
    );
    expect(wrongPool).toBeInstanceOf(ResourceNotFoundException);
    expect(wrongPool.message).toBe('User pool eu-west-1_Nope does not exist.');
  });

  it('disables (no sign-in, refresh refused), enables again, and signs a person out everywhere', async () => {
    const email = address('staff');
    await operator().send(createUser(email, 'Stef Staf'));
    const signedIn = await signInAs(target(), email);
    const config = await client.discovery(new URL(oidc.issuer), oidc.clientId, undefined, client.None(), {
      execute: [client.allowInsecureRequests],
    });
    const user = { UserPoolId: LOCAL_USER_POOL_ID, Username: email };

    await operator().send(new AdminDisableUserCommand(user));
    expect((await operator().send(new AdminGetUserCommand(user))).Enabled).toBe(false);
    await expect(client.refreshTokenGrant(config, signedIn.refreshToken as string)).rejects.toThrow();
    await expect(signInAs(target(), email)).rejects.toThrow(/no sign-in code was mailed/);

    await operator().send(new AdminEnableUserCommand(user));
    const back = await signInAs(target(), email);
    expect(await client.refreshTokenGrant(config, back.refreshToken as string)).toMatchObject({
      access_token: expect.any(String),
    });

    // A global sign-out ends the session (the browser must sign in again) and the refresh tokens.
    await operator().send(new AdminUserGlobalSignOutCommand(user));
    await expect(client.refreshTokenGrant(config, back.refreshToken as string)).rejects.toThrow();
    const again = await back.browser.follow(
      client.buildAuthorizationUrl(config, {
        redirect_uri: `${APP}/`,
        scope: oidc.scope,
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      }),
      oidc.issuer,
    );
    expect(again.left).toBeUndefined();
    expect(again.url.pathname).toMatch(/^\/interaction\//);
  });

  it('refuses unsigned requests and unknown operations', async () => {
    const unsigned = await fetch(oidc.adminEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.AdminCreateUser',
      },
      body: JSON.stringify({ UserPoolId: LOCAL_USER_POOL_ID, Username: address('unsigned') }),
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    expect(oidc.users.get(address('unsigned'))).toBeUndefined();
    const unknown = await fetch(oidc.adminEndpoint, {
      method: 'POST',
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=local/20260101/${LOCAL_REGION}/cognito-idp/aws4_request`,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.AdminDeleteUser',
      },
      body: JSON.stringify({ UserPoolId: LOCAL_USER_POOL_ID, Username: address('demo') }),
    });
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

describe('the local user pool across a restart', () => {
  it('keeps the users of its file, disabled ones disabled, and adds the people given at start', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'msv-pool-')), 'user-pool.json');
    const options = {
      appUrl: APP,
      sesEndpoint: process.env.AWS_ENDPOINT_URL_SES,
      people: [{ email: address('demo'), name: 'Dirk Demo' }],
      usersFile: file,
    };
    const first = await startLocalOidc(options);
    try {
      await sdk(first.adminEndpoint, 'local').send(createUser(address('kept'), 'Kees Kept'));
      first.users.setEnabled(address('demo'), false);
    } finally {
      await first.close();
    }
    const second = await startLocalOidc(options);
    try {
      expect(second.users.get(address('kept'))).toMatchObject({ name: 'Kees Kept', enabled: true });
      expect(second.users.get(address('demo'))).toMatchObject({ enabled: false });
      const got = await sdk(second.adminEndpoint, 'local').send(
        new AdminGetUserCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: address('kept') }),
      );
      expect(got.UserCreateDate).toEqual(expect.any(Date));
    } finally {
      await second.close();
    }
  });
});

describe('the user pool in the local runtime', () => {
  it("resolves the templates' pool to the local pool's id and ARN", () => {
    const app = synthApp();
    const physical = localPhysicalNames(app, {
      tableName: 'msv-local',
      uploadBucket: 'msv-local-uploads',
      signIn: { issuer: 'http://127.0.0.1:8008', clientId: 'msv-local-web' },
    });
    const r = createResolver(app.templates, { account: LOCAL_ACCOUNT, region: LOCAL_REGION, physical });
    const pool = app.stateful.users.userPool;
    const stack = Stack.of(pool);
    const logicalId = stack.getLogicalId(pool.node.defaultChild as CfnElement);
    expect(r.ref(stack.stackName, logicalId)).toBe(LOCAL_USER_POOL_ID);
    expect(r.getAtt(stack.stackName, logicalId, 'Arn')).toBe(POOL_ARN);
    expect(r.getAtt(stack.stackName, logicalId, 'ProviderURL')).toBe('http://127.0.0.1:8008');
    // Shaped as Cognito's pool ids are (and as MSV_PEOPLE_USER_POOL_ID is validated).
    expect(LOCAL_USER_POOL_ID).toMatch(/^[\w-]+_[0-9a-zA-Z]+$/);
  }, 60_000);

  it("routes every function's Cognito calls through the proxy to the runtime's own pool, checked against its policy", async () => {
    const runtime = await startTestRuntime({
      // The authorizer given the invitation's grant, to show an allowed call; the others keep their own.
      transformShape: (shape) => ({
        ...shape,
        functions: shape.functions.map((f) =>
          f.fn === AUTHORIZER_FN
            ? { ...f, policies: [...f.policies, { Version: '2012-10-17', Statement: [createUserGrant] }] }
            : f,
        ),
      }),
    });
    try {
      expect(runtime.signIn.userPoolId).toBe(LOCAL_USER_POOL_ID);
      const clientOf = (fn: string) => {
        const env = runtime.environmentOf(fn);
        expect(env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER).toBe(runtime.proxyEndpoint);
        return sdk(
          env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER as string,
          env.AWS_ACCESS_KEY_ID as string,
          env.AWS_SECRET_ACCESS_KEY,
          env.AWS_SESSION_TOKEN,
        );
      };
      const email = address('runtime');
      await clientOf(AUTHORIZER_FN).send(createUser(email, 'Rik Runtime'));
      expect(runtime.oidc.users.get(email)?.name).toBe('Rik Runtime');
      expect((await signInAs(runtime, email)).sub).toBe(subjectOf(email));

      const other = runtime.shape.functions.find(
        (f) => f.fn !== AUTHORIZER_FN && !f.environment.MSV_PEOPLE_USER_POOL_ID,
      );
      if (!other) throw new Error('no function without the user directory');
      const denied = await rejection(clientOf(other.fn).send(createUser(address('nope'), 'Nope')));
      expect(denied.name).toBe('AccessDeniedException');

      // A function that declares user-directory (functions/lib/needs.ts) gets the local pool's id, and its own
      // synthesized grant lets it create users.
      for (const f of runtime.shape.functions.filter((x) => x.environment.MSV_PEOPLE_USER_POOL_ID)) {
        expect(f.environment.MSV_PEOPLE_USER_POOL_ID).toBe(LOCAL_USER_POOL_ID);
        await clientOf(f.fn).send(createUser(address(`by-${f.fn}`), 'Via Functie'));
      }
    } finally {
      await runtime.stop();
    }
  }, 60_000);
});
