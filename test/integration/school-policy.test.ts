/**
 * `GET | PUT /schools/{schoolId}/policy` through the checking gateway, against the local stand-ins, with real ID
 * tokens of people from the local provider and machine tokens: the policy stated, read back and changed with
 * its history; every refusal with its status, stable code and field; a foreign school answered exactly as one that
 * does not exist; vendors and readers refused to write; and not one call of the function refused by IAM.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { dynamoStores } from '../../functions/lib/store/index.js';
import type { policyViewResponse } from '../../shared/http/contract/policy.js';
import type { School } from '../../shared/model.js';
import type { Membership } from '../../shared/people/membership.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';
import { signInAs } from '../support/people.js';
import { gatewayOn, startTestRuntime, type TestRuntime } from '../support/runtime.js';

useLocalAws();

type View = z.output<typeof policyViewResponse>;
type Answer = { status: number; text: string; body: Record<string, unknown> };

const run = randomBytes(3).toString('hex');
const WHO = ['schoolleider', 'medewerker', 'bestuurder', 'gebruikersbeheerder'] as const;
type Who = (typeof WHO)[number];
const emailOf = (who: Who) => `${who}-${run}@beleid.example.nl`;
const nameOf = (who: Who) => `Beleid ${who}`;

let runtime: TestRuntime;
let base: string;
let close: () => Promise<void>;
let store: Stores;
let own: School;
let sibling: School;
let foreign: School;
const GHOST = '98ZZ98';
const ids: Record<Who, string> = {
  schoolleider: '',
  medewerker: '',
  bestuurder: '',
  gebruikersbeheerder: '',
};
const tokens = { school: '', board: '', vendor: '', admin: '', otherBoard: '' };

beforeAll(async () => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  const board = await createBoard(store);
  const otherBoard = await createBoard(store);
  own = await createSchool(store, board.boardId);
  sibling = await createSchool(store, board.boardId, { sector: 'po' });
  foreign = await createSchool(store, otherBoard.boardId);
  tokens.school = (await createToken(store, 'school', { schoolIds: [own.schoolId] })).token;
  tokens.board = (await createToken(store, 'board', { boardId: board.boardId })).token;
  tokens.vendor = (await createToken(store, 'vendor', { schoolIds: [own.schoolId] })).token;
  tokens.admin = (await createToken(store, 'admin')).token;
  tokens.otherBoard = (await createToken(store, 'board', { boardId: otherBoard.boardId })).token;

  runtime = await startTestRuntime({
    now: '2026-03-02T10:00:00+01:00',
    people: WHO.map((who) => ({ email: emailOf(who), name: nameOf(who) })),
  });
  ({ base, close } = await gatewayOn(runtime));
  const atSchool = (role: 'schoolleider' | 'medewerker'): Membership => ({
    scope: 'school',
    boardId: board.boardId,
    schoolId: own.schoolId,
    role,
  });
  const memberships: Record<Who, Membership> = {
    schoolleider: atSchool('schoolleider'),
    medewerker: atSchool('medewerker'),
    bestuurder: { scope: 'board', boardId: board.boardId, role: 'bestuurder' },
    gebruikersbeheerder: { scope: 'board', boardId: board.boardId, role: 'gebruikersbeheerder' },
  };
  for (const who of WHO) {
    const person = await signInAs(runtime, emailOf(who));
    ids[who] = person.idToken;
    await store.people.put({
      sub: person.sub,
      email: emailOf(who),
      name: nameOf(who),
      membership: memberships[who],
      createdAt: new Date().toISOString(),
      createdBy: 'operator',
    });
  }
}, 120_000);

afterAll(async () => {
  await close?.();
  await runtime?.stop();
});

const call = async (
  method: 'GET' | 'PUT',
  schoolId: string,
  bearer: string,
  opts: { json?: unknown; body?: string; contentType?: string } = {},
): Promise<Answer> => {
  const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
  const contentType = opts.contentType ?? (method === 'PUT' ? 'application/json' : undefined);
  if (contentType) headers['content-type'] = contentType;
  const res = await fetch(`${base}/schools/${schoolId}/policy`, {
    method,
    headers,
    body: opts.json !== undefined ? JSON.stringify(opts.json) : opts.body,
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> };
};
const get = (schoolId: string, bearer: string) => call('GET', schoolId, bearer);
const put = (schoolId: string, bearer: string, json: unknown) => call('PUT', schoolId, bearer, { json });
const errorsOf = (a: Answer) =>
  (a.body.errors as Array<{ field: string; code: string }>).map((e) => [e.field, e.code]);

const FULL = {
  coordinator: { name: ' Karin de Vries ', email: 'k.devries@voorbeeld.nl' },
  safetyPlanAdopted: '2025-09-15',
  protocols: ['klachtenprocedure', 'pestprotocol', 'gedragscode'],
  programmes: 'KiVa in groep 5 tot en met 8\nRots en Water',
};

describe('the school policy', () => {
  it('is stated by the schoolleider, read back as stated, and a repeated save changes nothing', async () => {
    const none = await get(own.schoolId, ids.medewerker);
    expect([none.status, none.body]).toEqual([
      200,
      {
        schoolId: own.schoolId,
        policy: null,
        version: 0,
        updatedAt: null,
        updatedBy: null,
        updatedByName: null,
        history: [],
      },
    ]);
    const first = await put(own.schoolId, ids.schoolleider, { ...FULL, version: 0 });
    expect(first.status, first.text).toBe(201);
    const view = first.body as unknown as View;
    expect(view.policy).toEqual({
      coordinator: { name: 'Karin de Vries', email: 'k.devries@voorbeeld.nl' },
      safetyPlanAdopted: '2025-09-15',
      protocols: ['gedragscode', 'pestprotocol', 'klachtenprocedure'],
      programmes: 'KiVa in groep 5 tot en met 8\nRots en Water',
    });
    expect(view).toMatchObject({
      version: 1,
      updatedAt: expect.stringMatching(/^2026-03-02T09:0/),
      updatedByName: `${nameOf('schoolleider')} (${emailOf('schoolleider')}), schoolleider`,
      history: [],
    });
    expect(view.updatedBy).toMatch(/^person:/);
    expect((await get(own.schoolId, ids.gebruikersbeheerder)).body).toEqual(first.body);
    const stored = await store.policies.get(own.schoolId);
    expect(stored?.updatedByPerson).toMatchObject({ email: emailOf('schoolleider'), role: 'schoolleider' });

    const again = await put(own.schoolId, ids.schoolleider, {
      ...FULL,
      protocols: [...FULL.protocols].reverse(),
    });
    expect([again.status, again.body.version, again.body.history]).toEqual([200, 1, []]);
  });

  it('is changed by a medewerker and the bestuurder, each named, the versions before kept newest first', async () => {
    const byStaff = await put(own.schoolId, ids.medewerker, {
      coordinator: { name: 'Piet Jansen' },
      protocols: [],
      version: 1,
    });
    expect([byStaff.status, byStaff.body.version]).toEqual([200, 2]);
    const byBoard = await put(own.schoolId, ids.bestuurder, { safetyPlanAdopted: '2026-03-02' });
    expect(byBoard.status, byBoard.text).toBe(200);
    const view = byBoard.body as unknown as View;
    expect(view).toMatchObject({
      version: 3,
      policy: { safetyPlanAdopted: '2026-03-02' },
      updatedByName: `${nameOf('bestuurder')} (${emailOf('bestuurder')}), bestuurder`,
    });
    expect(view.history.map((h) => [h.version, h.updatedByName])).toEqual([
      [2, `${nameOf('medewerker')} (${emailOf('medewerker')}), medewerker`],
      [1, `${nameOf('schoolleider')} (${emailOf('schoolleider')}), schoolleider`],
    ]);
    expect(view.history[0]?.policy).toEqual({ coordinator: { name: 'Piet Jansen' }, protocols: [] });
    // The school's and the board's own tokens may state it too, named as the consent names them.
    const byToken = await put(own.schoolId, tokens.board, { programmes: 'PBS' });
    expect([byToken.status, byToken.body.updatedByName]).toEqual([
      200,
      expect.stringMatching(/^bestuurstoken /),
    ]);
    expect((await put(own.schoolId, tokens.school, { programmes: 'PBS en KiVa' })).status).toBe(200);
  });

  it('answers a stale version, and one of two writers at once, with 409 version_conflict and the current version', async () => {
    const current = (await get(own.schoolId, tokens.school)).body.version as number;
    const stale = await put(own.schoolId, ids.schoolleider, { programmes: 'Oud', version: current - 1 });
    expect([stale.status, stale.body.code, stale.body.currentVersion]).toEqual([
      409,
      'version_conflict',
      current,
    ]);
    expect(stale.body.messageNl).toContain('beleid');
    const [a, b] = await Promise.all([
      put(own.schoolId, ids.schoolleider, { programmes: 'A', version: current }),
      put(own.schoolId, ids.medewerker, { programmes: 'B', version: current }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const after = await get(own.schoolId, tokens.school);
    expect(after.body.version).toBe(current + 1);
    expect((after.body.policy as { programmes: string }).programmes).toBe(a.status === 200 ? 'A' : 'B');
  });

  it('refuses bad fields with 422 invalid_request, each with its field and stable code, storing nothing', async () => {
    const before = (await get(own.schoolId, tokens.school)).text;
    const bad = await put(own.schoolId, ids.schoolleider, {
      coordinator: { name: '', email: 'geen-adres', phone: '06-12345678' },
      safetyPlanAdopted: '2026-03-03',
      protocols: ['pestprotocol', 'pestprotocol', 'fietsprotocol'],
      programma: 'KiVa',
    });
    expect([bad.status, bad.body.code]).toEqual([422, 'invalid_request']);
    expect(errorsOf(bad)).toEqual(
      expect.arrayContaining([
        ['coordinator.name', 'empty'],
        ['coordinator.email', 'invalid_email'],
        ['coordinator.phone', 'unknown_field'],
        ['safetyPlanAdopted', 'date_in_future'],
        ['protocols.2', 'unknown_protocol'],
        ['programma', 'unknown_field'],
      ]),
    );
    const twice = await put(own.schoolId, ids.schoolleider, { protocols: ['pestprotocol', 'pestprotocol'] });
    expect(errorsOf(twice)).toEqual([['protocols.1', 'duplicate_protocol']]);
    const date = await put(own.schoolId, ids.schoolleider, { safetyPlanAdopted: '2025-02-29' });
    expect(errorsOf(date)).toEqual([['safetyPlanAdopted', 'invalid_date']]);
    const body = await call('PUT', own.schoolId, ids.schoolleider, {
      body: '{"programmes":',
      contentType: 'application/json',
    });
    expect([body.status, body.body.code]).toEqual([400, 'invalid_json']);
    const form = await call('PUT', own.schoolId, ids.schoolleider, {
      body: 'programmes=KiVa',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect([form.status, form.body.code]).toEqual([415, 'unsupported_media_type']);
    expect((await get(own.schoolId, tokens.school)).text).toBe(before);
  });

  it('answers a foreign school exactly as one that does not exist, for people and tokens alike', async () => {
    for (const [who, bearer] of [
      ['schoolleider', ids.schoolleider],
      ['bestuurder', ids.bestuurder],
      ['school token', tokens.school],
      ['board token', tokens.board],
      ['vendor token', tokens.vendor],
    ] as const) {
      for (const method of ['GET', 'PUT'] as const) {
        const foreignRes = await call(
          method,
          foreign.schoolId,
          bearer,
          method === 'PUT' ? { json: FULL } : {},
        );
        const ghostRes = await call(method, GHOST, bearer, method === 'PUT' ? { json: FULL } : {});
        expect([foreignRes.status, foreignRes.body.code], `${who} ${method}`).toEqual([403, 'forbidden']);
        expect(foreignRes.text, `${who} ${method}`).toBe(ghostRes.text);
      }
    }
    // School staff see their own school only, not the board's other schools; board roles see them all.
    expect((await get(sibling.schoolId, ids.schoolleider)).text).toBe(
      (await get(GHOST, ids.schoolleider)).text,
    );
    expect((await get(sibling.schoolId, ids.gebruikersbeheerder)).status).toBe(200);
    expect((await put(sibling.schoolId, ids.bestuurder, { programmes: 'KiVa' })).status).toBe(201);
    expect(await store.policies.get(foreign.schoolId)).toBeUndefined();
    // The other board's token reads its own school: the policy of the foreign school is simply unstated.
    expect((await get(foreign.schoolId, tokens.otherBoard)).body.policy).toBeNull();
  });

  it('refuses a vendor token both ways, and lets readers who may not write read only', async () => {
    const before = (await get(own.schoolId, tokens.school)).text;
    for (const method of ['GET', 'PUT'] as const) {
      const res = await call(method, own.schoolId, tokens.vendor, method === 'PUT' ? { json: FULL } : {});
      expect([res.status, res.body.code], method).toEqual([403, 'forbidden']);
    }
    for (const bearer of [ids.gebruikersbeheerder, tokens.admin]) {
      expect((await get(own.schoolId, bearer)).status).toBe(200);
      const refused = await put(own.schoolId, bearer, FULL);
      expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);
      expect(refused.body.messageNl).toContain('beleid');
    }
    expect((await get(own.schoolId, tokens.school)).text).toBe(before);
    // The operator sees every school, so an unknown one is named as unknown (404) to it alone.
    const ghost = await get(GHOST, tokens.admin);
    expect([ghost.status, ghost.body.code]).toEqual([404, 'school_not_found']);
    const malformed = await get('22kc00', tokens.admin);
    expect([malformed.status, malformed.body.code, malformed.body.field]).toEqual([
      400,
      'invalid_school_id',
      'schoolId',
    ]);
  });

  it('was never refused by IAM: the function reads the school and writes its own items only', () => {
    const mine = runtime.decisions().filter((d) => d.principal === 'school-policy');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((d) => !d.allowed)).toEqual([]);
  });
});
