/**
 * The authorization matrix end to end: real tokens in DynamoDB Local, the real authorizer and handlers, called
 * through the local gateway exactly as API Gateway would call them; and people, with real ID tokens from the local
 * OpenID provider and their memberships in the table, on every route of the route table.
 */

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { hashToken } from '../../shared/auth/tokens.js';
import { type RouteSpec, routes } from '../../shared/http/routes.js';
import type { Board, School } from '../../shared/model.js';
import type { Membership } from '../../shared/people/membership.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';
import { type SignedIn, signInAs } from '../support/people.js';
import { gatewayOn, startTestRuntime, type TestRuntime } from '../support/runtime.js';

useLocalAws();

const YEAR = '2025-2026';
let runtime: TestRuntime;
let base: string;
let close: () => Promise<void>;
let store: Stores;
let board: Board;
let otherBoard: Board;
let own: School;
/** A second school of the own board: a board role sees it, the own school's staff do not. */
let sibling: School;
let foreign: School;
const tokens: Record<string, string> = {};

/** The people of the matrix: one per role, of the own school or the own board, and one with no membership. */
const WHO = ['schoolleider', 'medewerker', 'bestuurder', 'gebruikersbeheerder', 'none'] as const;
type Who = (typeof WHO)[number];
const run = randomBytes(3).toString('hex');
const emailOf = (who: Who | 'leaver') => `${who}-${run}@matrix.example.nl`;
const people = {} as Record<Who | 'leaver', SignedIn>;

beforeAll(async () => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  board = await createBoard(store);
  otherBoard = await createBoard(store);
  own = await createSchool(store, board.boardId);
  sibling = await createSchool(store, board.boardId);
  foreign = await createSchool(store, otherBoard.boardId);
  tokens.school = (await createToken(store, 'school', { schoolIds: [own.schoolId] })).token;
  tokens.board = (await createToken(store, 'board', { boardId: board.boardId })).token;
  tokens.vendor = (await createToken(store, 'vendor', { schoolIds: [own.schoolId] })).token;
  tokens.admin = (await createToken(store, 'admin')).token;

  const everyone = [...WHO, 'leaver'] as const;
  // Only users of the pool sign in; what they may do follows from the memberships put in the table below.
  runtime = await startTestRuntime({
    now: '2026-03-02T10:00:00+01:00',
    people: everyone.map((who) => ({ email: emailOf(who), name: `Matrix ${who}` })),
  });
  ({ base, close } = await gatewayOn(runtime));
  for (const who of everyone) people[who] = await signInAs(runtime, emailOf(who));
  const memberships: Record<Who | 'leaver', Membership[]> = {
    schoolleider: [{ scope: 'school', boardId: board.boardId, schoolId: own.schoolId, role: 'schoolleider' }],
    medewerker: [{ scope: 'school', boardId: board.boardId, schoolId: own.schoolId, role: 'medewerker' }],
    bestuurder: [{ scope: 'board', boardId: board.boardId, role: 'bestuurder' }],
    gebruikersbeheerder: [{ scope: 'board', boardId: board.boardId, role: 'gebruikersbeheerder' }],
    none: [],
    leaver: [
      { scope: 'school', boardId: board.boardId, schoolId: own.schoolId, role: 'schoolleider' },
      { scope: 'board', boardId: board.boardId, role: 'gebruikersbeheerder' },
    ],
  };
  for (const who of everyone) {
    for (const membership of memberships[who]) {
      await store.people.put({
        sub: people[who].sub,
        email: emailOf(who),
        name: `Matrix ${who}`,
        membership,
        createdAt: new Date().toISOString(),
        createdBy: 'operator',
      });
    }
  }
}, 120_000);

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

/**
 * What each person gets on every route of shared/http/routes.ts, at their own school (school staff) or a school
 * of their own board (board roles), and at their own board: `ok` is an answer of the route itself (2xx, or a 4xx
 * other than 401/403 for the deliberately empty request), 403 a refusal. Written out from issue 13's roles and
 * shared/auth/access.ts as they are meant, not computed by them: medewerker sees and uploads, schoolleider and
 * bestuurder also give consent, gebruikersbeheerder sees every school of the board (no upload, no consent) and
 * manages its people, a board role sees the board overview; signed in without a membership is signed in only.
 */
// biome-ignore format: the matrix reads as a table
const MATRIX: Record<string, Record<Who, 'ok' | 403>> = Object.fromEntries(
  (
    [
      // route                schoolleider, medewerker (own school); bestuurder, gebruikersbeheerder (own board); none
      ['Health',             'ok', 'ok', 'ok', 'ok', 'ok'],
      ['OpenApi',            'ok', 'ok', 'ok', 'ok', 'ok'],
      ['Me',                 'ok', 'ok', 'ok', 'ok', 'ok'],
      ['ListInstruments',    'ok', 'ok', 'ok', 'ok', 'ok'],
      ['UploadExport',       'ok', 'ok', 'ok',  403,  403],
      // Every school of the file is checked on its own inside (refused, not 403): the route itself is anyone's.
      ['UploadSchoolsFile',  'ok', 'ok', 'ok', 'ok', 'ok'],
      ['ListExports',        'ok', 'ok', 'ok', 'ok',  403],
      ['GetSchoolYear',      'ok', 'ok', 'ok', 'ok',  403],
      ['GetConsent',         'ok', 'ok', 'ok', 'ok',  403],
      ['PutConsent',         'ok',  403, 'ok',  403,  403],
      ['DeleteConsent',      'ok',  403, 'ok',  403,  403],
      ['PutProvider',        'ok',  403, 'ok',  403,  403],
      ['DeleteProvider',     'ok',  403, 'ok',  403,  403],
      ['GetReport',          'ok', 'ok', 'ok', 'ok',  403],
      ['GetDelivery',        'ok', 'ok', 'ok', 'ok',  403],
      ['GetSchoolPolicy',    'ok', 'ok', 'ok', 'ok',  403],
      ['PutSchoolPolicy',    'ok', 'ok', 'ok',  403,  403],
      ['GetBoardYear',        403,  403, 'ok', 'ok',  403],
      ['ListPeople',          403,  403,  403, 'ok',  403],
      ['InvitePerson',        403,  403,  403, 'ok',  403],
      ['WithdrawInvitation',  403,  403,  403, 'ok',  403],
      ['SetMembership',       403,  403,  403, 'ok',  403],
      ['RemovePerson',        403,  403,  403, 'ok',  403],
      ['SetMailRecipients',   403,  403,  403, 'ok',  403],
      ['DecideJoinRequest',   403,  403,  403, 'ok',  403],
      ['RequestToJoin',      'ok', 'ok', 'ok', 'ok', 'ok'],
      ['AcceptInvitation',   'ok', 'ok', 'ok', 'ok', 'ok'],
    ] as const
  ).map(([id, ...wants]) => [id, Object.fromEntries(WHO.map((who, i) => [who, wants[i]])) as Record<Who, 'ok' | 403>]),
);

/** Who holds a school membership: their school is theirs alone, not the board's other schools. */
const SCHOOL_STAFF: readonly Who[] = ['schoolleider', 'medewerker'];
const GHOST_SCHOOL = '98ZZ98';
const GHOST_BOARD = '99999';

/**
 * The class of an answer the matrix speaks of; anything else as it is: 401, 5xx (a contract mismatch is a 500), and
 * the gateway's own 404 for a path that reached no route, which would otherwise pass for the route's answer.
 */
const classOf = ({ status, text }: { status: number; text: string }): 'ok' | 403 | string => {
  if (status === 404 && text === JSON.stringify({ message: 'Not Found' })) return 'no route';
  return status === 403 ? 403 : status >= 200 && status < 500 && status !== 401 ? 'ok' : String(status);
};

/** A route's request for a school and board: ids that name nobody, and an empty JSON body where one is taken. */
const callRoute = async (route: RouteSpec, at: { schoolId?: string; boardId?: string }, idToken: string) => {
  const res = await fetch(
    `${base}${route.path
      .replace('{schoolId}', at.schoolId ?? own.schoolId)
      .replace('{boardId}', at.boardId ?? board.boardId)
      .replace('{schoolYear}', YEAR)
      .replace('{invitationId}', '000000000000')
      .replace('{sub}', 'nobody-here')}`,
    {
      method: route.method,
      headers: { authorization: `Bearer ${idToken}`, 'content-type': 'application/json' },
      ...(route.method === 'POST' || route.method === 'PUT' ? { body: '{}' } : {}),
    },
  );
  return { status: res.status, text: await res.text() };
};

const scopeOf = (route: RouteSpec) =>
  route.path.includes('{schoolId}') ? 'school' : route.path.includes('{boardId}') ? 'board' : 'none';

describe('authorization matrix with memberships: people signed in at the local provider', () => {
  it('has a row for every route, and every row is a route', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(routes.map((r) => r.id).sort());
  });

  it.each(WHO)(
    '%s: every route at the own, a sibling, a foreign and a non-existent school or board',
    async (who) => {
      const { idToken } = people[who];
      const expected: Record<string, unknown> = {};
      const actual: Record<string, unknown> = {};
      const sameAsGhost: string[] = [];
      for (const route of routes as readonly RouteSpec[]) {
        const want = MATRIX[route.id]?.[who];
        const scope = scopeOf(route);
        const what = `${route.method} ${route.path}`;
        if (scope === 'none') {
          expected[what] = want;
          actual[what] = classOf(await callRoute(route, {}, idToken));
          continue;
        }
        const foreignAt =
          scope === 'school'
            ? { schoolId: foreign.schoolId, boardId: foreign.boardId }
            : { boardId: otherBoard.boardId };
        const ghostAt = scope === 'school' ? { schoolId: GHOST_SCHOOL } : { boardId: GHOST_BOARD };
        expected[`${what} own`] = want;
        actual[`${what} own`] = classOf(await callRoute(route, {}, idToken));
        if (scope === 'school') {
          expected[`${what} sibling`] = SCHOOL_STAFF.includes(who) ? 403 : want;
          actual[`${what} sibling`] = classOf(
            await callRoute(route, { schoolId: sibling.schoolId }, idToken),
          );
        }
        // Outside the person's memberships: 403 for everyone, the same answer as for what does not exist.
        const foreignRes = await callRoute(route, foreignAt, idToken);
        const ghostRes = await callRoute(route, ghostAt, idToken);
        expected[`${what} foreign`] = 403;
        actual[`${what} foreign`] = classOf(foreignRes);
        expected[`${what} ghost`] = 403;
        actual[`${what} ghost`] = classOf(ghostRes);
        if (foreignRes.text !== ghostRes.text)
          sameAsGhost.push(`${what}: ${foreignRes.text} ≠ ${ghostRes.text}`);
      }
      expect(actual).toEqual(expected);
      expect(sameAsGhost).toEqual([]);
      // Nothing of the empty requests left a trace, and nothing refused did: no consent, export or invitation.
      for (const school of [own, sibling, foreign]) {
        expect(await store.consents.get(school.schoolId, YEAR)).toBeUndefined();
      }
      expect(await store.exports.list(foreign.schoolId, YEAR)).toEqual([]);
      expect(await store.people.invitationsOf(otherBoard.boardId)).toEqual([]);
    },
    120_000,
  );

  it('refuses a removed membership at the very next request with the same ID token', async () => {
    // The leaver is the own school's schoolleider and the board's gebruikersbeheerder.
    const { idToken, sub } = people.leaver;
    const giveConsent = () =>
      fetch(`${base}/schools/${own.schoolId}/years/${YEAR}/consent`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${idToken}`, 'content-type': 'application/json' },
        body: '{}',
      });
    const seeSchool = () => get(`/schools/${own.schoolId}/years/${YEAR}`, idToken);
    const managePeople = () => get(`/boards/${board.boardId}/people`, idToken);
    // The empty consent is refused for what it is (422), not for who sends it.
    expect((await giveConsent()).status).toBe(422);
    expect((await seeSchool()).status).toBe(200);
    expect((await managePeople()).status).toBe(200);

    const records = await store.people.membershipsOf(sub);
    expect(records.map((r) => r.membership.role).sort()).toEqual(['gebruikersbeheerder', 'schoolleider']);
    const [atSchool, atBoard] = [
      records.filter((r) => r.membership.scope === 'school').map((r) => r.membership),
      records.filter((r) => r.membership.scope === 'board').map((r) => r.membership),
    ];
    // The school role gone: no consent any more; the board role still sees the school and manages people.
    await store.people.remove(sub, atSchool);
    expect((await giveConsent()).status).toBe(403);
    expect((await seeSchool()).status).toBe(200);
    expect((await managePeople()).status).toBe(200);
    // The board role gone too: the same ID token, still valid, reaches nothing.
    await store.people.remove(sub, atBoard);
    expect((await managePeople()).status).toBe(403);
    expect((await seeSchool()).status).toBe(403);
    expect((await get(`/boards/${board.boardId}/years/${YEAR}`, idToken)).status).toBe(403);
    const me = await get('/me', idToken);
    expect(me.status).toBe(200);
    expect(await me.text()).not.toContain(own.schoolId);
  });
});
