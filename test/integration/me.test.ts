import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { dynamoStores } from '../../functions/lib/store/index.js';
import type { meResponse } from '../../shared/http/contract/responses.js';
import type { School } from '../../shared/model.js';
import { useLocalAws } from '../support/env.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';
import { signInAs } from '../support/people.js';
import { gatewayOn, startTestRuntime, type TestRuntime } from '../support/runtime.js';

useLocalAws();

/** The answer's type from the contract (shared/http/contract). */
type Me = z.infer<typeof meResponse>;

let runtime: TestRuntime;
const PERSON = 'pia@me.test';
let personToken = '';
let base: string;
let close: () => Promise<void>;
let ownVo: School;
let ownPo: School;
let foreign: School;
let boardId: string;
const tokens: Record<string, { token: string; tokenId: string }> = {};

beforeAll(async () => {
  const store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  const board = await createBoard(store);
  boardId = board.boardId;
  const otherBoard = await createBoard(store);
  ownVo = await createSchool(store, board.boardId);
  ownPo = await createSchool(store, board.boardId, { sector: 'po' });
  foreign = await createSchool(store, otherBoard.boardId);
  const make = async (role: 'school' | 'board' | 'vendor' | 'admin', scope = {}) => {
    const t = await createToken(store, role, scope);
    tokens[role] = { token: t.token, tokenId: t.principal.tokenId };
  };
  await make('school', { schoolIds: [ownVo.schoolId] });
  await make('board', { boardId: board.boardId });
  // A vendor token naming a school that is not registered: that id must not appear in the answer.
  await make('vendor', { schoolIds: [ownPo.schoolId, '99ZZ99'] });
  await make('admin');

  // 23:30 UTC on 31 July is already 1 August in Amsterdam: the new school year.
  runtime = await startTestRuntime({
    now: '2026-07-31T23:30:00Z',
    people: [{ email: PERSON, name: 'Pia Persoon', homeOrg: foreign.schoolId }],
  });
  const pia = await signInAs(runtime, PERSON);
  personToken = pia.idToken;
  await store.people.put({
    sub: pia.sub,
    email: PERSON,
    name: 'Pia Persoon',
    membership: { scope: 'school', boardId, schoolId: ownVo.schoolId, role: 'medewerker' },
    createdAt: new Date().toISOString(),
    createdBy: 'operator',
  });
  ({ base, close } = await gatewayOn(runtime));
}, 60_000);

afterAll(async () => {
  await close?.();
  await runtime?.stop();
});

const me = async (role: string): Promise<Me> => {
  const res = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${tokens[role]?.token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Me;
};

describe('GET /me', () => {
  it('needs a token', async () => {
    expect((await fetch(`${base}/me`)).status).toBe(401);
  });

  it('school token: its own school only, with name, sector and onderwijssoorten', async () => {
    const body = await me('school');
    expect(body).toMatchObject({
      role: 'school',
      tokenId: tokens.school?.tokenId,
      allSchools: false,
      board: null,
    });
    expect(body.schools).toEqual([
      {
        schoolId: ownVo.schoolId,
        name: ownVo.name,
        sector: 'vo',
        onderwijssoorten: ['havo', 'vwo'],
        boardId,
        may: ['read', 'upload', 'consent'],
      },
    ]);
  });

  it('board token: the board with its name and every school of it, none of another board', async () => {
    const body = await me('board');
    expect(body.board).toEqual({ boardId, name: `Stichting Test ${boardId}` });
    expect(body.boards).toEqual([body.board]);
    expect(body.schools.map((s) => s.schoolId).sort()).toEqual([ownPo.schoolId, ownVo.schoolId].sort());
    expect(JSON.stringify(body)).not.toContain(foreign.schoolId);
  });

  it('vendor token: the registered schools it lists; an unregistered id is left out', async () => {
    const body = await me('vendor');
    expect(body.schools.map((s) => s.schoolId)).toEqual([ownPo.schoolId]);
    expect(body.schools[0]?.onderwijssoorten).toEqual([]);
    // A vendor uploads; consent is the bevoegd gezag's.
    expect(body.schools[0]?.may).toEqual(['read', 'upload']);
    expect(body).toMatchObject({ person: null, boards: [] });
  });

  it('admin token: says allSchools and lists none', async () => {
    const body = await me('admin');
    expect(body).toMatchObject({ role: 'admin', allSchools: true, schools: [], board: null });
  });

  it('a person: their memberships with names, each school with what they may do there, their home school', async () => {
    const res = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${personToken}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Me;
    expect(body).toMatchObject({ role: 'person', tokenId: null, board: null, boards: [] });
    expect(body.person).toMatchObject({
      email: PERSON,
      name: 'Pia Persoon',
      memberships: [{ scope: 'school', schoolId: ownVo.schoolId, role: 'medewerker', name: ownVo.name }],
      // Her federated sign-in names a school of another board where she has no role: she may ask for one.
      homeSchool: { schoolId: foreign.schoolId, requested: false },
    });
    expect(body.schools).toEqual([
      expect.objectContaining({ schoolId: ownVo.schoolId, may: ['read', 'upload'] }),
    ]);
  });

  it("gives today and the school year in Amsterdam from the clock port, not the host's UTC date", async () => {
    const body = await me('school');
    expect(body.today).toBe('2026-08-01');
    expect(body.schoolYear).toBe('2026-2027');
  });
});
