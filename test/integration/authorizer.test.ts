import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../functions/authorizer/authorizer.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { hashToken } from '../../shared/auth/tokens.js';
import type { Stores } from '../../shared/store/stores.js';
import { TokenNotRevocableError } from '../../shared/store/tokens.js';
import { useLocalAws } from '../support/env.js';
import { authorizerEvent } from '../support/events.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';

useLocalAws();

let store: Stores;
let authorize: ReturnType<typeof createAuthorizer>;

beforeAll(() => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  authorize = createAuthorizer({
    store,
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
