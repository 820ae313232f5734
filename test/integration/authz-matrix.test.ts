/**
 * The authorization matrix end to end: real tokens in DynamoDB Local, the real authorizer and handlers, called
 * through the local gateway exactly as API Gateway would call them.
 */

import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/lib/store/index.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { hashToken } from '../../shared/auth/tokens.js';
import { type RouteSpec, routes } from '../../shared/http/routes.js';
import type { School } from '../../shared/model.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';
import { gatewayOn, startTestRuntime } from '../support/runtime.js';

useLocalAws();

const YEAR = '2025-2026';
let runtime: LocalRuntime;
let base: string;
let close: () => Promise<void>;
let store: Stores;
let own: School;
let foreign: School;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  const board = await createBoard(store);
  const otherBoard = await createBoard(store);
  own = await createSchool(store, board.boardId);
  foreign = await createSchool(store, otherBoard.boardId);
  tokens.school = (await createToken(store, 'school', { schoolIds: [own.schoolId] })).token;
  tokens.board = (await createToken(store, 'board', { boardId: board.boardId })).token;
  tokens.vendor = (await createToken(store, 'vendor', { schoolIds: [own.schoolId] })).token;
  tokens.admin = (await createToken(store, 'admin')).token;

  runtime = await startTestRuntime({ now: '2026-03-02T10:00:00+01:00' });
  ({ base, close } = await gatewayOn(runtime));
}, 60_000);

afterAll(async () => {
  await close?.();
  await runtime?.stop();
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

  it('answers every school route for a foreign school exactly as for one that does not exist', async () => {
    const call = (method: string, path: string, token: string) =>
      fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(method === 'PUT' ? { body: '{}' } : {}),
      });
    const schoolRoutes: Array<[string, string]> = [
      ['GET', ''],
      ['GET', '/exports'],
      ['GET', '/consent'],
      ['PUT', '/consent'],
      ['DELETE', '/consent'],
      ['GET', '/report'],
      ['GET', '/delivery'],
    ];
    for (const role of ['school', 'board', 'vendor']) {
      for (const [method, suffix] of schoolRoutes) {
        const foreignRes = await call(
          method,
          `/schools/${foreign.schoolId}/years/${YEAR}${suffix}`,
          tokens[role] as string,
        );
        const ghostRes = await call(method, `/schools/98ZZ98/years/${YEAR}${suffix}`, tokens[role] as string);
        const what = `${role} ${method} …${suffix}`;
        expect(foreignRes.status, what).toBe(403);
        expect(await foreignRes.text(), what).toBe(await ghostRes.text());
      }
    }
    // A board that is not the caller's: the same 403 whether it exists or not.
    const otherBoard = await call('GET', `/boards/${foreign.boardId}/years/${YEAR}`, tokens.board as string);
    const ghostBoard = await call('GET', `/boards/99999/years/${YEAR}`, tokens.board as string);
    expect(otherBoard.status).toBe(403);
    expect(await otherBoard.text()).toBe(await ghostBoard.text());
    for (const role of ['school', 'vendor']) {
      expect((await call('GET', `/boards/${own.boardId}/years/${YEAR}`, tokens[role] as string)).status).toBe(
        403,
      );
    }
  });

  it('gives consent only to the school itself and its board: vendor and admin get 403 on the own school', async () => {
    for (const role of ['vendor', 'admin']) {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const res = await fetch(`${base}/schools/${own.schoolId}/years/${YEAR}/consent`, {
          method,
          headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' },
          ...(method === 'PUT' ? { body: '{}' } : {}),
        });
        expect(res.status, `${role} ${method}`).toBe(403);
      }
    }
    expect(await store.consents.get(own.schoolId, YEAR)).toBeUndefined();
  });

  it('follows a school that moved boards: the old board loses it at once, the new board has it', async () => {
    const oldBoard = await createBoard(store);
    const newBoard = await createBoard(store);
    const moving = await createSchool(store, oldBoard.boardId);
    const oldToken = (await createToken(store, 'board', { boardId: oldBoard.boardId })).token;
    const newToken = (await createToken(store, 'board', { boardId: newBoard.boardId })).token;
    expect((await get(`/schools/${moving.schoolId}/years/${YEAR}`, oldToken)).status).toBe(200);
    expect((await get(`/schools/${moving.schoolId}/years/${YEAR}`, newToken)).status).toBe(403);

    await store.schools.put({ ...moving, boardId: newBoard.boardId });
    expect((await get(`/schools/${moving.schoolId}/years/${YEAR}`, oldToken)).status).toBe(403);
    expect((await get(`/schools/${moving.schoolId}/years/${YEAR}`, newToken)).status).toBe(200);
    const oldOverview = await (await get(`/boards/${oldBoard.boardId}/years/${YEAR}`, oldToken)).text();
    expect(oldOverview).not.toContain(moving.schoolId);
    expect(await (await get('/me', oldToken)).text()).not.toContain(moving.schoolId);
  });

  it('refuses odd path encodings with 400 and the parameter named, before any scope is looked at', async () => {
    const cases: Array<[string, string]> = [
      [`/schools/22KC%2F00/years/${YEAR}`, 'invalid_school_id'],
      [`/schools/22%D0%9AC00/years/${YEAR}`, 'invalid_school_id'], // Cyrillic К
      [`/schools/${own.schoolId.toLowerCase()}/years/${YEAR}`, 'invalid_school_id'],
      [`/schools/%EF%BC%92%EF%BC%92KC00/years/${YEAR}`, 'invalid_school_id'], // full-width digits
      [`/schools/${own.schoolId}/years/2025-2026%00`, 'invalid_school_year'],
      [`/schools/22KC%E0%A4%A/years/${YEAR}`, 'invalid_school_id'], // a broken escape
      [`/boards/4123%34/years/${YEAR}x`, 'invalid_school_year'],
    ];
    for (const [path, code] of cases) {
      const res = await get(path, tokens.school);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { code: string }).code, path).toBe(code);
    }
  });

  it('refuses school years before the duty or after next year with 400 on every route that takes one', async () => {
    // The runtime's clock is 2 March 2026: the school year 2025-2026, so 2026-2027 is the last one allowed.
    const yearRoutes = routes.filter((r) => r.path.includes('{schoolYear}'));
    expect(yearRoutes.length).toBeGreaterThanOrEqual(8);
    const call = (route: RouteSpec, year: string) =>
      fetch(
        `${base}${route.path.replace('{schoolId}', own.schoolId).replace('{boardId}', own.boardId).replace('{schoolYear}', year)}`,
        { method: route.method, headers: { authorization: `Bearer ${tokens.admin}` } },
      );
    for (const route of yearRoutes) {
      for (const year of ['0000-0001', '2014-2015', '2027-2028', '9998-9999']) {
        const res = await call(route, year);
        const out = (await res.json()) as { code: string; message: string; messageNl: string; field: string };
        expect([res.status, out.code, out.field], `${route.method} ${route.path} ${year}`).toEqual([
          400,
          'invalid_school_year',
          'schoolYear',
        ]);
        expect(out.message).toContain('2015-2016');
        expect(out.messageNl).toContain('2026-2027');
      }
      for (const year of ['2015-2016', '2026-2027']) {
        const res = await call(route, year);
        const out = (await res.json()) as { code?: string };
        expect(out.code, `${route.method} ${route.path} ${year}`).not.toBe('invalid_school_year');
      }
    }
  });

  it('refuses a token at once once it is revoked', async () => {
    const { token } = await createToken(store, 'school', { schoolIds: [own.schoolId] });
    expect((await get(exportsOf(own.schoolId), token)).status).toBe(200);
    await store.tokens.revoke(hashToken(token), new Date().toISOString());
    expect((await get(exportsOf(own.schoolId), token)).status).toBe(403);
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
    expect(await store.exports.list(foreign.schoolId, YEAR)).toEqual([]);
  });

  it('refuses two Authorization headers, as API Gateway does, never authorizing as the first one', async () => {
    // Raw requests: fetch would merge the headers itself. API Gateway joins repeated headers with commas and
    // hands the joined value to the authorizer as the identity source; Node keeps only the first Authorization.
    const statusOf = (authorization: string[]) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(`${base}/me`);
        const headers = ['host', url.host, ...authorization.flatMap((value) => ['authorization', value])];
        const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    const school = `Bearer ${tokens.school}`;
    expect(await statusOf([school])).toBe(200);
    for (const pair of [
      [school, 'Bearer msv_school_not-a-real-token-at-all'],
      ['Bearer msv_school_not-a-real-token-at-all', school],
      [school, `Bearer ${tokens.admin}`],
      [school, school],
      [school, 'x'],
    ]) {
      expect(await statusOf(pair), pair.join(' | ')).toBe(403);
    }
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
