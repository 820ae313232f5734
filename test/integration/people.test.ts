/**
 * A board manages its own people, through the handler: DynamoDB Local for memberships, invitations and the
 * people log, the local SES for the invitation mail, a clock the test moves. The user directory is a recording
 * port here (test/integration/local-cognito.test.ts runs the real Cognito adapter against the local stand-in).
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../functions/lib/http.js';
import { SesMailer } from '../../functions/lib/ses-mailer.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { createPeopleHandler } from '../../functions/people/people.js';
import type { Clock } from '../../shared/clock.js';
import type { PersonPrincipal, Principal } from '../../shared/model.js';
import type { Membership } from '../../shared/people/membership.js';
import type { UserDirectory } from '../../shared/ports.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { apiEvent, lambdaContext } from '../support/events.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';
import { mailsTo } from '../support/ses-store.js';

useLocalAws();

const logger = new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' });
let store: Stores;
let mailer: SesMailer;

beforeAll(() => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  mailer = new SesMailer(new SESClient({}), 'msv@example.nl', undefined);
});

const person = (name: string, email: string, ...memberships: Membership[]): PersonPrincipal => ({
  role: 'person',
  sub: randomUUID(),
  email,
  name,
  memberships,
});

const setup = async () => {
  const board = await createBoard(store);
  const school = await createSchool(store, board.boardId);
  const other = await createBoard(store);
  const foreignSchool = await createSchool(store, other.boardId);
  let now = new Date('2026-03-02T10:00:00+01:00');
  const clock: Clock & { advanceDays(d: number): void } = {
    now: () => new Date(now),
    advanceDays: (d) => {
      now = new Date(now.getTime() + d * 86_400_000);
    },
  };
  const created: string[] = [];
  const directory: UserDirectory = { ensureUser: async (email) => void created.push(email) };
  const handler = createPeopleHandler({
    config: { appUrl: 'https://msv.example.nl' },
    logger,
    clock,
    store,
    userDirectory: directory,
    mailer,
  });
  const beheerder = person('Bea de Beheerder', `bea-${board.boardId}@bestuur.nl`, {
    scope: 'board',
    boardId: board.boardId,
    role: 'gebruikersbeheerder',
  });
  await store.people.put({
    sub: beheerder.sub,
    email: beheerder.email,
    name: beheerder.name,
    membership: beheerder.memberships[0] as Membership,
    createdAt: now.toISOString(),
    createdBy: 'operator',
  });
  const call = async (
    principal: Principal,
    method: string,
    route: string,
    params: Record<string, string> = {},
    body?: unknown,
  ) => {
    const res = (await handler(
      apiEvent({
        routeKey: `${method} ${route}`,
        pathParameters: { boardId: board.boardId, ...params },
        principal,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      }),
      lambdaContext(),
    )) as ApiResult;
    return { status: res.statusCode, body: JSON.parse(String(res.body)) };
  };
  const invite = (as: Principal, body: unknown) =>
    call(as, 'POST', '/boards/{boardId}/invitations', {}, body);
  const accept = (as: Principal, secret: string) => call(as, 'POST', '/invitations/accept', {}, { secret });
  const list = (as: Principal) => call(as, 'GET', '/boards/{boardId}/people');
  /** The secret from the link in the newest invitation mail to `email`. */
  const secretMailedTo = async (email: string) => {
    const mails = await mailsTo(email);
    const text = mails.at(-1)?.body.text ?? '';
    return /#\/uitnodiging\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] as string;
  };
  return {
    board,
    school,
    other,
    foreignSchool,
    clock,
    created,
    beheerder,
    call,
    invite,
    accept,
    list,
    secretMailedTo,
  };
};

describe('a board manages its people', () => {
  it('invites a colleague as schoolleider; the colleague accepts once, with the invited address', async () => {
    const s = await setup();
    const email = `sanne-${s.board.boardId}@school.nl`;
    const res = await s.invite(s.beheerder, {
      email: email.toUpperCase(),
      name: 'Sanne Schoolleider',
      role: 'schoolleider',
      schoolId: s.school.schoolId,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      mail: 'sent',
      invitation: {
        email,
        membership: { scope: 'school', schoolId: s.school.schoolId, role: 'schoolleider' },
      },
    });
    // The account first, so that the address can sign in at all (no self sign-up).
    expect(s.created).toEqual([email]);
    const [mail] = await mailsTo(email);
    expect(mail?.subject).toBe(`Uitnodiging voor msv: schoolleider van school ${s.school.name}`);
    expect(mail?.body.text).toContain('Bea de Beheerder');
    const secret = await s.secretMailedTo(email);
    expect(JSON.stringify(await store.people.invitationsOf(s.board.boardId))).not.toContain(secret);
    expect((await s.list(s.beheerder)).body.invitations).toHaveLength(1);

    const sanne = person('Sanne Schoolleider', email);
    const intruder = person('Eve', `eve-${s.board.boardId}@elders.nl`);
    const wrong = await s.accept(intruder, secret);
    expect([wrong.status, wrong.body.code]).toEqual([403, 'invitation_other_address']);
    const ok = await s.accept(sanne, secret);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ boardName: s.board.name, membership: { role: 'schoolleider' } });
    expect((await store.people.membershipsOf(sanne.sub)).map((r) => r.membership.role)).toEqual([
      'schoolleider',
    ]);
    const again = await s.accept(sanne, secret);
    expect([again.status, again.body.code]).toEqual([409, 'invitation_used']);
    const listed = (await s.list(s.beheerder)).body;
    expect(listed.invitations).toEqual([]);
    expect(listed.people.map((p: { email: string }) => p.email).sort()).toEqual(
      [s.beheerder.email, email].sort(),
    );
    const log = await store.people.logOf(s.board.boardId);
    // One clock instant in this test: the entries' order within it is not fixed.
    expect(log.map((e) => e.action).sort()).toEqual(['invitation_accepted', 'person_invited']);
    expect(log.find((e) => e.action === 'invitation_accepted')).toMatchObject({
      subject: { email, sub: sanne.sub },
      before: [],
      after: [{ scope: 'school', schoolId: s.school.schoolId, role: 'schoolleider' }],
    });
  });

  it('refuses a link that expired, was withdrawn, or never was', async () => {
    const s = await setup();
    const a = `a-${s.board.boardId}@school.nl`;
    const b = `b-${s.board.boardId}@school.nl`;
    await s.invite(s.beheerder, { email: a, name: 'A', role: 'bestuurder' });
    const invB = await s.invite(s.beheerder, {
      email: b,
      name: 'B',
      role: 'medewerker',
      schoolId: s.school.schoolId,
    });
    const withdrawn = await s.call(s.beheerder, 'DELETE', '/boards/{boardId}/invitations/{invitationId}', {
      invitationId: invB.body.invitation.invitationId,
    });
    expect(withdrawn.status).toBe(200);
    expect((await s.accept(person('B', b), await s.secretMailedTo(b))).body.code).toBe(
      'invitation_not_found',
    );
    s.clock.advanceDays(8);
    const late = await s.accept(person('A', a), await s.secretMailedTo(a));
    expect([late.status, late.body.code]).toEqual([410, 'invitation_expired']);
    for (const secret of ['x'.repeat(43), 'short', '../../etc/passwd']) {
      expect((await s.accept(person('A', a), secret)).status).toBe(404);
    }
    // A machine token accepts nothing.
    const { principal } = await createToken(store, 'board', { boardId: s.board.boardId });
    expect((await s.accept(principal, 'x'.repeat(43))).status).toBe(403);
  });

  it('changes a role and removes a person; nobody changes their own; the board keeps a gebruikersbeheerder', async () => {
    const s = await setup();
    const email = `mo-${s.board.boardId}@school.nl`;
    await s.invite(s.beheerder, { email, name: 'Mo', role: 'medewerker', schoolId: s.school.schoolId });
    const mo = person('Mo', email);
    await s.accept(mo, await s.secretMailedTo(email));
    const path = '/boards/{boardId}/people/{sub}';
    const set = (as: Principal, sub: string, memberships: unknown[]) =>
      s.call(as, 'PUT', path, { sub }, { memberships });
    const rolesOf = async (sub: string) =>
      (await store.people.membershipsOf(sub)).map((r) => r.membership.role).sort();
    const promoted = await set(s.beheerder, mo.sub, [{ role: 'schoolleider', schoolId: s.school.schoolId }]);
    expect(promoted.status).toBe(200);
    expect(await rolesOf(mo.sub)).toEqual(['schoolleider']);
    // A board's roles are independent: a bestuurder may be the board's gebruikersbeheerder too.
    const both = await set(s.beheerder, mo.sub, [{ role: 'bestuurder' }, { role: 'gebruikersbeheerder' }]);
    expect(both.status).toBe(200);
    expect(await rolesOf(mo.sub)).toEqual(['bestuurder', 'gebruikersbeheerder']);
    const own = await set(s.beheerder, s.beheerder.sub, [
      { role: 'bestuurder' },
      { role: 'gebruikersbeheerder' },
    ]);
    expect([own.status, own.body.code]).toEqual([403, 'own_membership']);
    expect((await s.call(s.beheerder, 'DELETE', path, { sub: s.beheerder.sub })).body.code).toBe(
      'own_membership',
    );
    const foreign = await set(s.beheerder, mo.sub, [
      { role: 'medewerker', schoolId: s.foreignSchool.schoolId },
    ]);
    expect([foreign.status, foreign.body.code]).toEqual([422, 'unknown_school']);
    for (const bad of [[], [{ role: 'bestuurder' }, { role: 'bestuurder' }], [{ role: 'medewerker' }]]) {
      expect((await set(s.beheerder, mo.sub, bad)).body.code, JSON.stringify(bad)).toBe('invalid_request');
    }
    expect((await set(s.beheerder, randomUUID(), [{ role: 'bestuurder' }])).body.code).toBe(
      'person_not_found',
    );
    expect(await rolesOf(mo.sub)).toEqual(['bestuurder', 'gebruikersbeheerder']);

    const removed = await s.call(s.beheerder, 'DELETE', path, { sub: mo.sub });
    expect(removed.status).toBe(200);
    expect(await store.people.membershipsOf(mo.sub)).toEqual([]);
    // The operator may not leave the board without a user administrator either.
    const { principal: admin } = await createToken(store, 'admin');
    const last = await s.call(admin, 'DELETE', path, { sub: s.beheerder.sub });
    expect([last.status, last.body.code]).toEqual([409, 'last_administrator']);
    expect((await set(admin, s.beheerder.sub, [{ role: 'bestuurder' }])).body.code).toBe(
      'last_administrator',
    );
    expect(
      (await set(admin, s.beheerder.sub, [{ role: 'bestuurder' }, { role: 'gebruikersbeheerder' }])).status,
    ).toBe(200);
    expect(await rolesOf(s.beheerder.sub)).toEqual(['bestuurder', 'gebruikersbeheerder']);
    const log = await store.people.logOf(s.board.boardId);
    expect(log.map((e) => e.action)).toContain('person_removed');
    expect(log.filter((e) => e.actor === `admin:${admin.tokenId}`).map((e) => e.action)).toEqual([
      'membership_changed',
    ]);
  });

  it("chooses who receives the board's mails; the operator's addresses until then, and again when none is left", async () => {
    const s = await setup();
    const recipients = (as: Principal, subs: string[]) =>
      s.call(as, 'PUT', '/boards/{boardId}/mail-recipients', {}, { subs });
    expect((await s.list(s.beheerder)).body.mailRecipients).toEqual({
      subs: [],
      emails: s.board.emails,
      fallback: true,
    });
    const email = `bram-${s.board.boardId}@bestuur.nl`;
    await s.invite(s.beheerder, { email, name: 'Bram', role: 'bestuurder' });
    const bram = person('Bram', email);
    await s.accept(bram, await s.secretMailedTo(email));
    const staffEmail = `mo-${s.board.boardId}@school.nl`;
    await s.invite(s.beheerder, {
      email: staffEmail,
      name: 'Mo',
      role: 'medewerker',
      schoolId: s.school.schoolId,
    });
    const mo = person('Mo', staffEmail);
    await s.accept(mo, await s.secretMailedTo(staffEmail));

    const refused = await recipients(s.beheerder, [bram.sub, mo.sub, randomUUID()]);
    expect([refused.status, refused.body.code, refused.body.subs.length]).toEqual([
      422,
      'not_a_board_person',
      2,
    ]);
    const chosen = await recipients(s.beheerder, [bram.sub, s.beheerder.sub, bram.sub]);
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ fallback: false, subs: [bram.sub, s.beheerder.sub] });
    expect(chosen.body.emails.sort()).toEqual([email, s.beheerder.email].sort());
    // Bram leaves the board: his address drops out at once; nobody left falls back to the operator's list.
    await s.call(s.beheerder, 'DELETE', '/boards/{boardId}/people/{sub}', { sub: bram.sub });
    expect((await s.list(s.beheerder)).body.mailRecipients.emails).toEqual([s.beheerder.email]);
    expect((await recipients(s.beheerder, [])).body).toMatchObject({
      emails: s.board.emails,
      fallback: true,
    });
    const outsider = person('F', 'f@elders.nl', {
      scope: 'board',
      boardId: s.other.boardId,
      role: 'gebruikersbeheerder',
    });
    expect((await recipients(outsider, [])).status).toBe(403);
  });

  it('a federated sign-in without a role asks the board; a gebruikersbeheerder approves or refuses', async () => {
    const s = await setup();
    const join = (as: Principal) => s.call(as, 'POST', '/join-requests');
    const decide = (as: Principal, sub: string, body: unknown) =>
      s.call(as, 'PUT', '/boards/{boardId}/join-requests/{sub}', { sub }, body);
    const jan = { ...person('Jan', `jan-${s.board.boardId}@school.nl`), homeOrg: s.school.schoolId };
    const asked = await join(jan);
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ schoolId: s.school.schoolId, boardName: s.board.name, mail: 'sent' });
    // The board's mail addresses (nobody chosen: the operator's) hear of it, with where to decide.
    const [mail] = await mailsTo(s.board.emails[0] as string);
    expect(mail?.subject).toContain('Verzoek om toegang tot msv: Jan');
    expect(mail?.body.text).toContain(`https://msv.example.nl/#/boards/${s.board.boardId}/mensen`);
    expect((await join(jan)).status).toBe(200);
    expect((await s.list(s.beheerder)).body.joinRequests).toEqual([
      expect.objectContaining({ sub: jan.sub, schoolId: s.school.schoolId }),
    ]);
    // A bare BRIN finds the school registered under its main vestiging.
    const brin = s.school.schoolId.slice(0, 4);
    const kim = { ...person('Kim', `kim-${s.board.boardId}@school.nl`), homeOrg: brin };
    expect((await join(kim)).status).toBe(s.school.schoolId === `${brin}00` ? 201 : 404);

    expect((await decide(s.beheerder, jan.sub, { decision: 'approve' })).body.code).toBe('invalid_request');
    expect((await decide(s.beheerder, jan.sub, { decision: 'approve', role: 'bestuurder' })).body.code).toBe(
      'invalid_request',
    );
    const bestuurder = person('B', 'b@bestuur.nl', {
      scope: 'board',
      boardId: s.board.boardId,
      role: 'bestuurder',
    });
    expect((await decide(bestuurder, jan.sub, { decision: 'refuse' })).status).toBe(403);
    const approved = await decide(s.beheerder, jan.sub, { decision: 'approve', role: 'medewerker' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      approved: true,
      membership: { schoolId: s.school.schoolId, role: 'medewerker' },
    });
    expect((await mailsTo(jan.email)).at(-1)?.body.text).toContain('u bent nu medewerker');
    expect((await store.people.membershipsOf(jan.sub)).map((r) => r.membership.role)).toEqual(['medewerker']);
    expect((await decide(s.beheerder, jan.sub, { decision: 'refuse' })).body.code).toBe(
      'join_request_not_found',
    );
    // With the role, asking again is refused.
    const member = { ...jan, memberships: [approved.body.membership as Membership] };
    expect((await join(member)).body.code).toBe('already_member');

    const eve = { ...person('Eve', `eve-${s.board.boardId}@school.nl`), homeOrg: s.school.schoolId };
    await join(eve);
    expect((await decide(s.beheerder, eve.sub, { decision: 'refuse' })).body).toMatchObject({
      approved: false,
    });
    expect(await store.people.membershipsOf(eve.sub)).toEqual([]);
    expect((await mailsTo(eve.email)).at(-1)?.subject).toBe('Verzoek om toegang tot msv afgewezen');
    // No home organisation, an unknown one, or a machine token: nothing to ask.
    expect((await join(person('N', 'n@x.nl'))).body.code).toBe('no_home_school');
    expect((await join({ ...person('U', 'u@x.nl'), homeOrg: '99ZZ99' })).body.code).toBe('no_home_school');
    expect((await join((await createToken(store, 'admin')).principal)).status).toBe(403);
  });

  it('nobody gives themselves a role by inviting their own address', async () => {
    const s = await setup();
    for (const body of [
      { email: s.beheerder.email, name: 'Bea', role: 'bestuurder' },
      {
        email: ` ${s.beheerder.email.toUpperCase()} `.trim(),
        name: 'Bea',
        role: 'schoolleider',
        schoolId: s.school.schoolId,
      },
    ]) {
      const res = await s.invite(s.beheerder, body);
      expect([res.status, res.body.code]).toEqual([403, 'own_membership']);
    }
    expect(s.created).toEqual([]);
    expect(await store.people.invitationsOf(s.board.boardId)).toEqual([]);
  });

  it('two gebruikersbeheerders removing each other at once: one of the two, the board keeps one', async () => {
    const s = await setup();
    const email = `ben-${s.board.boardId}@bestuur.nl`;
    await s.invite(s.beheerder, { email, name: 'Ben', role: 'gebruikersbeheerder' });
    const ben = {
      ...person('Ben', email),
      memberships: [{ scope: 'board', boardId: s.board.boardId, role: 'gebruikersbeheerder' } as Membership],
    };
    await s.accept(ben, await s.secretMailedTo(email));
    const path = '/boards/{boardId}/people/{sub}';
    const answers = await Promise.all([
      s.call(s.beheerder, 'DELETE', path, { sub: ben.sub }),
      s.call(ben, 'DELETE', path, { sub: s.beheerder.sub }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.body.code).toBe('last_administrator');
    const left = (await store.people.ofBoard(s.board.boardId)).filter(
      (r) => r.membership.scope === 'board' && r.membership.role === 'gebruikersbeheerder',
    );
    expect(left).toHaveLength(1);
  });

  it("skips an unreadable membership on the board's people page rather than failing it", async () => {
    const s = await setup();
    const table = process.env.MSV_TABLE_NAME as string;
    const { DynamoDBDocumentClient, PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: 'PERSON#broken',
          sk: `MEMBER#SCHOOL#${s.school.schoolId}`,
          gsi1pk: `PEOPLE#${s.board.boardId}`,
          gsi1sk: `MEMBER#broken#SCHOOL#${s.school.schoolId}`,
          sub: 'broken',
          email: 'not an address',
        },
      }),
    );
    const listed = await s.list(s.beheerder);
    expect(listed.status).toBe(200);
    expect(listed.body.people.map((p: { sub: string }) => p.sub)).toEqual([s.beheerder.sub]);
  });

  it('refuses duplicates and bad requests, naming the field', async () => {
    const s = await setup();
    const email = `dup-${s.board.boardId}@school.nl`;
    expect((await s.invite(s.beheerder, { email, name: 'D', role: 'bestuurder' })).status).toBe(201);
    expect((await s.invite(s.beheerder, { email, name: 'D', role: 'bestuurder' })).body.code).toBe(
      'already_invited',
    );
    const bad = [
      { email: 'not-an-address', name: 'X', role: 'bestuurder' },
      { email, name: 'X', role: 'schoolleider' },
      { email, name: 'X', role: 'bestuurder', schoolId: s.school.schoolId },
      { email, name: '', role: 'bestuurder' },
      { email, name: 'X', role: 'admin' },
      { email, name: 'X', role: 'bestuurder', extra: 1 },
    ];
    for (const body of bad) {
      const res = await s.invite(s.beheerder, body);
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([422, 'invalid_request']);
    }
    const other = await s.invite(s.beheerder, {
      email,
      name: 'X',
      role: 'medewerker',
      schoolId: s.foreignSchool.schoolId,
    });
    expect([other.status, other.body.code, other.body.field]).toEqual([422, 'unknown_school', 'schoolId']);
  });

  it("answers another board's people, a bestuurder and a school's staff with the same 403", async () => {
    const s = await setup();
    const outsiders: Principal[] = [
      person('F', 'f@elders.nl', { scope: 'board', boardId: s.other.boardId, role: 'gebruikersbeheerder' }),
      person('B', 'b@bestuur.nl', { scope: 'board', boardId: s.board.boardId, role: 'bestuurder' }),
      person('S', 's@school.nl', {
        scope: 'school',
        boardId: s.board.boardId,
        schoolId: s.school.schoolId,
        role: 'schoolleider',
      }),
      (await createToken(store, 'board', { boardId: s.board.boardId })).principal,
    ];
    for (const p of outsiders) {
      expect((await s.list(p)).status).toBe(403);
      expect((await s.invite(p, { email: 'x@y.nl', name: 'X', role: 'bestuurder' })).status).toBe(403);
      expect(
        (await s.call(p, 'DELETE', '/boards/{boardId}/people/{sub}', { sub: s.beheerder.sub })).status,
      ).toBe(403);
    }
    // A board that does not exist answers a gebruikersbeheerder of another board the same.
    const nowhere = await s.call(outsiders[0] as Principal, 'GET', '/boards/{boardId}/people', {
      boardId: '99999',
    });
    expect(nowhere.status).toBe(403);
    expect(await store.people.invitationsOf(s.board.boardId)).toEqual([]);
  });
});
