/**
 * The authorization matrix end to end: real tokens in DynamoDB Local, the real authorizer and handlers, called
 * through the local gateway exactly as API Gateway would call them.
 */

import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStore } from '../../functions/lib/dynamo-store.js';
import { createGateway } from '../../infra/local/gateway.js';
import type { School } from '../../shared/model.js';
import { useLocalAws } from '../support/env.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';

useLocalAws();

const YEAR = '2025-2026';
let base: string;
let close: () => Promise<void>;
let store: DynamoStore;
let own: School;
let foreign: School;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  store = new DynamoStore(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  const board = await createBoard(store);
  const otherBoard = await createBoard(store);
  own = await createSchool(store, board.boardId);
  foreign = await createSchool(store, otherBoard.boardId);
  tokens.school = (await createToken(store, 'school', { schoolIds: [own.schoolId] })).token;
  tokens.board = (await createToken(store, 'board', { boardId: board.boardId })).token;
  tokens.vendor = (await createToken(store, 'vendor', { schoolIds: [own.schoolId] })).token;
  tokens.admin = (await createToken(store, 'admin')).token;

  const server = createGateway({
    loadHandler: async (fn: string) => (await import(`../../functions/${fn}/index.ts`)).handler,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  await close?.();
});

const get = (path: string, token?: string) =>
  fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

const exportsOf = (schoolId: string) => `/schools/${schoolId}/years/${YEAR}/exports`;

describe('authorization matrix', () => {
  it.each([
    ['school', 200, 403],
    ['board', 200, 403],
    ['vendor', 200, 403],
    ['admin', 200, 200],
  ])('%s token: own school %i, foreign school %i', async (role, ownStatus, foreignStatus) => {
    const token = tokens[role] as string;
    expect((await get(exportsOf(own.schoolId), token)).status).toBe(ownStatus);
    expect((await get(`/schools/${own.schoolId}/years/${YEAR}`, token)).status).toBe(ownStatus);
    expect((await get(exportsOf(foreign.schoolId), token)).status).toBe(foreignStatus);
    // Every role may ask who it is; what it sees there is checked per role in me.test.ts.
    const me = await get('/me', token);
    expect(me.status).toBe(200);
    expect(await me.text()).not.toContain(foreign.schoolId);
  });

  it('reveals nothing about a foreign school: same answer as for one that does not exist', async () => {
    const forForeign = await get(exportsOf(foreign.schoolId), tokens.school);
    const forGhost = await get(exportsOf('98ZZ98'), tokens.school);
    expect(forForeign.status).toBe(403);
    expect(await forForeign.text()).toBe(await forGhost.text());
  });

  it('lets a school upload to its own school and not to another', async () => {
    const bytes = readFileSync(new URL('../../events/exports/vo-excel-windows-1252.csv', import.meta.url));
    const post = (schoolId: string) =>
      fetch(`${base}${exportsOf(schoolId)}?instrument=msv-basis`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.school}`, 'content-type': 'text/csv' },
        body: bytes,
      });
    const ok = await post(own.schoolId);
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { respondents: number }).respondents).toBeGreaterThan(0);
    expect((await post(foreign.schoolId)).status).toBe(403);
    expect(await store.listExports(foreign.schoolId, YEAR)).toEqual([]);
  });

  it('needs a token everywhere but /health, as API Gateway answers', async () => {
    expect((await get('/health')).status).toBe(200);
    expect((await get('/instruments')).status).toBe(401);
    expect((await get('/instruments', 'msv_school_not-a-real-token-at-all')).status).toBe(403);
    const list = await get('/instruments', tokens.school);
    expect(list.status).toBe(200);
    expect(((await list.json()) as Array<{ id: string }>).map((i) => i.id)).toEqual(
      expect.arrayContaining(['msv-basis']),
    );
  });
});
