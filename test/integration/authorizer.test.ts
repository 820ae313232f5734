import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../functions/authorizer/authorizer.js';
import { createPeopleTokens } from '../../functions/lib/people-tokens.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { hashToken } from '../../shared/auth/tokens.js';
import type { Stores } from '../../shared/store/stores.js';
import { TokenNotRevocableError } from '../../shared/store/tokens.js';
import { useLocalAws } from '../support/env.js';
import { authorizerEvent } from '../support/events.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';
import {
  createIdTokenSigner,
  hmacWithPublicKey,
  type IdTokenSigner,
  payloadOf,
  TEST_CLIENT_ID,
  TEST_ISSUER,
  unsignedToken,
} from '../support/id-tokens.js';

useLocalAws();

let store: Stores;
let authorize: ReturnType<typeof createAuthorizer>;

let signer: IdTokenSigner;

beforeAll(async () => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  signer = await createIdTokenSigner();
  authorize = createAuthorizer({
    store,
    peopleTokens: createPeopleTokens({ issuer: TEST_ISSUER, clientId: TEST_CLIENT_ID, jwks: signer.jwks }),
    logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
  });
});

describe('authorizer', () => {
  it('authorizes a stored token and passes its scope as context', async () => {
    const board = await createBoard(store);
    const a = await createSchool(store, board.boardId);
    const b = await createSchool(store, board.boardId);
    const { token, principal } = await createToken(store, 'vendor', { schoolIds: [a.schoolId, b.schoolId] });
    const res = await authorize(authorizerEvent(`Bearer ${token}`));
    expect(res).toEqual({
      isAuthorized: true,
      context: {
        tokenId: principal.tokenId,
        role: 'vendor',
        schoolIds: `${a.schoolId},${b.schoolId}`,
        boardId: '',
        label: 'test',
      },
    });
  });

  it('passes a board token its board', async () => {
    const board = await createBoard(store);
    const { token } = await createToken(store, 'board', { boardId: board.boardId });
    const res = await authorize(authorizerEvent(`Bearer ${token}`));
    expect(res.context).toMatchObject({ role: 'board', boardId: board.boardId, schoolIds: '' });
  });

  it('refuses unknown, revoked, malformed and missing tokens', async () => {
    const { token } = await createToken(store, 'admin');
    expect(await authorize(authorizerEvent(`Bearer ${token}`))).toMatchObject({ isAuthorized: true });
    await store.tokens.revoke(hashToken(token), new Date().toISOString());
    // Revoked once: a second revocation is refused, for that reason only.
    await expect(store.tokens.revoke(hashToken(token), new Date().toISOString())).rejects.toBeInstanceOf(
      TokenNotRevocableError,
    );
    expect(await authorize(authorizerEvent(`Bearer ${token}`))).toEqual({ isAuthorized: false });
    expect(await authorize(authorizerEvent(`Bearer ${token}x`))).toEqual({ isAuthorized: false });
    expect(await authorize(authorizerEvent(`Basic ${token}`))).toEqual({ isAuthorized: false });
    expect(await authorize(authorizerEvent('Bearer short'))).toEqual({ isAuthorized: false });
    expect(await authorize(authorizerEvent())).toEqual({ isAuthorized: false });
  });

  it('refuses odd headers: too long, two tokens, another role prefix on real token bytes', async () => {
    const { token } = await createToken(store, 'school');
    expect(await authorize(authorizerEvent(`Bearer ${'a'.repeat(513)}`))).toEqual({ isAuthorized: false });
    expect(await authorize(authorizerEvent(`Bearer ${'a'.repeat(8193)}`))).toEqual({ isAuthorized: false });
    expect(await authorize(authorizerEvent(`Bearer ${token} ${token}`))).toEqual({ isAuthorized: false });
    // Two Authorization headers, as API Gateway joins them: refused, never taken as the first.
    expect(await authorize(authorizerEvent(`Bearer ${token},Bearer ${token}`))).toEqual({
      isAuthorized: false,
    });
    expect(await authorize(authorizerEvent(`Bearer ${token},x`))).toEqual({ isAuthorized: false });
    expect(await authorize(authorizerEvent(`Bearer ${token}, Bearer ${token}`))).toEqual({
      isAuthorized: false,
    });
    expect(await authorize(authorizerEvent(`Bearer${token}`))).toEqual({ isAuthorized: false });
    // The prefix is part of the secret: the role comes from the stored record, never from what is presented.
    const asAdmin = token.replace(/^msv_school_/, 'msv_admin_');
    expect(await authorize(authorizerEvent(`Bearer ${asAdmin}`))).toEqual({ isAuthorized: false });
    expect(await authorize(authorizerEvent(`bearer  ${token}`))).toMatchObject({
      isAuthorized: true,
      context: { role: 'school' },
    });
  });

  it('stores only the hash of a token', async () => {
    const { token, principal } = await createToken(store, 'admin');
    const all = await store.tokens.list();
    const mine = all.find((t) => t.tokenId === principal.tokenId);
    expect(mine?.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(all)).not.toContain(token);
  });
});

describe('authorizer: people', () => {
  const membershipOf = (sub: string, boardId: string, schoolId: string) => ({
    sub,
    email: 'sanne@school.nl',
    name: 'Sanne Schoolleider',
    membership: { scope: 'school' as const, boardId, schoolId, role: 'schoolleider' as const },
    createdAt: new Date().toISOString(),
    createdBy: 'operator',
  });

  it('takes a verified ID token and passes the person with their memberships, read at each request', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    const sub = randomUUID();
    const token = await signer.sign({ sub, email: 'Sanne@School.nl' });
    await store.people.put(membershipOf(sub, board.boardId, school.schoolId));
    expect(await authorize(authorizerEvent(`Bearer ${token}`))).toEqual({
      isAuthorized: true,
      context: {
        role: 'person',
        sub,
        email: 'sanne@school.nl',
        name: 'Sanne Schoolleider',
        memberships: `school:${board.boardId}:${school.schoolId}:schoolleider`,
      },
    });
    // Removed: the same, still valid token gives no membership at the very next request.
    await store.people.remove(sub, [membershipOf(sub, board.boardId, school.schoolId).membership]);
    expect(await authorize(authorizerEvent(`Bearer ${token}`))).toMatchObject({
      isAuthorized: true,
      context: { role: 'person', sub, memberships: '' },
    });
  });

  it('passes a federated home organisation, and names a person without a name by their address', async () => {
    const token = await signer.sign({
      name: null,
      email: 'jan@school.nl',
      email_verified: null,
      identities: [{ providerName: 'Entree', providerType: 'SAML' }],
      'custom:homeOrg': '11zz03',
    });
    expect((await authorize(authorizerEvent(`Bearer ${token}`))).context).toMatchObject({
      role: 'person',
      name: 'jan',
      homeOrg: '11ZZ03',
    });
    // A user pool's own user may be able to set custom attributes: their home organisation counts for nothing.
    const own = await signer.sign({ 'custom:homeOrg': '11ZZ03' });
    const context = (await authorize(authorizerEvent(`Bearer ${own}`))).context;
    expect(context).toMatchObject({ role: 'person' });
    expect(context).not.toHaveProperty('homeOrg');
  });

  it('refuses expired, foreign, wrong-audience, unsigned, re-signed and odd tokens', async () => {
    const good = await signer.sign();
    const other = await createIdTokenSigner();
    const refused = [
      await signer.sign({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 }),
      await signer.sign({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' }),
      await signer.sign({ aud: 'another-client' }),
      await signer.sign({ aud: null }),
      await signer.sign({ token_use: 'access' }),
      await signer.sign({ token_use: null }),
      await signer.sign({ sub: null }),
      await signer.sign({ email: null }),
      await signer.sign({ email_verified: false }),
      // Signed by another key that claims this key's id, or by another key altogether.
      await other.sign({}, { kid: signer.publicJwk.kid as string }),
      await other.sign(),
      unsignedToken(payloadOf(good)),
      hmacWithPublicKey(payloadOf(good), signer.publicJwk),
      // The payload changed after signing.
      good.replace(
        /\.[^.]+\./,
        `.${Buffer.from(JSON.stringify({ ...payloadOf(good), sub: 'x' })).toString('base64url')}.`,
      ),
      `${good}x`,
      'not.a.jwt-at-all-but-long-enough',
    ];
    for (const token of refused) {
      expect(await authorize(authorizerEvent(`Bearer ${token}`)), token.slice(0, 40)).toEqual({
        isAuthorized: false,
      });
    }
    expect(await authorize(authorizerEvent(`Bearer ${good}`))).toMatchObject({ isAuthorized: true });
  });

  it('cleans a name of line breaks and cuts it at 200 characters', async () => {
    const token = await signer.sign({ name: `Eve\r\nBcc: x@y.nl ${'a'.repeat(300)}` });
    const name = (await authorize(authorizerEvent(`Bearer ${token}`))).context?.name as string;
    expect(name.startsWith('Eve Bcc: x@y.nl aaa')).toBe(true);
    expect(name).toHaveLength(200);
  });

  it('fails, rather than refuses, when the key set answers an error or no key set', async () => {
    const answers = [
      { status: 503, type: 'text/plain', body: 'unavailable' },
      { status: 200, type: 'text/html', body: '<html></html>' },
      { status: 200, type: 'application/json', body: '{"keys":"x"}' },
      { status: 404, type: 'application/json', body: '{}' },
    ];
    for (const answer of answers) {
      const server = createServer((_req, res) => {
        res.writeHead(answer.status, { 'content-type': answer.type });
        res.end(answer.body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const broken = createAuthorizer({
        store,
        peopleTokens: createPeopleTokens({ issuer, clientId: TEST_CLIENT_ID }),
        logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
      });
      const token = await signer.sign({ iss: issuer });
      await expect(broken(authorizerEvent(`Bearer ${token}`)), JSON.stringify(answer)).rejects.toThrow();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('fails, rather than refuses, when the keys cannot be fetched', async () => {
    const unreachable = createAuthorizer({
      store,
      // Nothing listens on port 9 of loopback: the key set cannot be fetched.
      peopleTokens: createPeopleTokens({ issuer: 'http://127.0.0.1:9', clientId: TEST_CLIENT_ID }),
      logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
    });
    const token = await signer.sign({ iss: 'http://127.0.0.1:9' });
    await expect(unreachable(authorizerEvent(`Bearer ${token}`))).rejects.toThrow();
  });
});
