/**
 * The API contract against the real thing: `GET /openapi.json` on the local runtime, without a token, answers a
 * valid OpenAPI 3.1 document naming the gateway it was asked at; and every route answers its statuses — the
 * successes and every refusal that can be provoked here — through the tests' gateway, which checks each answer
 * against the route's schema (test/support/runtime.ts fails this file on any mismatch).
 */
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { EXPORT_MEDIA_TYPES } from '../../shared/http/contract/index.js';
import { matchRoute, type RouteSpec, routes } from '../../shared/http/routes.js';
import type { Role, School } from '../../shared/model.js';
import { useLocalAws } from '../support/env.js';
import { administrationWith, createBoard, createSchool, createToken } from '../support/fixtures.js';
import { signInAs } from '../support/people.js';
import { startGatewayRuntime, type TestRuntime } from '../support/runtime.js';

useLocalAws();

const YEAR = '2025-2026';
const sample = (name: string) => readFileSync(new URL(`../../events/exports/${name}`, import.meta.url));
let base: string;
let close: () => Promise<void>;
let runtime: TestRuntime;
const BEHEERDER = 'bea@contract.test';
const INVITEE = 'ivo@contract.test';
/** A federated sign-in naming the VO school, and one naming a school msv does not know. */
const FEDERATED = 'fee@contract.test';
const STRANGER = 'sam@contract.test';
/** ID tokens of people: the board's gebruikersbeheerder, and the person she invites. */
const people = {
  beheerder: '',
  beheerderSub: '',
  invitee: '',
  federated: '',
  federatedSub: '',
  stranger: '',
};
let vo: School;
let po: School;
let boardId: string;
const tokens = { school: '', board: '', po: '', vendor: '', admin: '' };
/** Every route and status answered in this file. */
const seen = new Set<string>();

beforeAll(async () => {
  const store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  const board = await createBoard(store);
  boardId = board.boardId;
  vo = await createSchool(store, boardId);
  po = await createSchool(store, boardId, { sector: 'po' });
  const scopes: Record<keyof typeof tokens, [Role, { schoolIds?: string[]; boardId?: string }]> = {
    school: ['school', { schoolIds: [vo.schoolId] }],
    po: ['school', { schoolIds: [po.schoolId] }],
    board: ['board', { boardId }],
    vendor: ['vendor', { schoolIds: [vo.schoolId] }],
    admin: ['admin', {}],
  };
  for (const [name, [role, scope]] of Object.entries(scopes)) {
    tokens[name as keyof typeof tokens] = (await createToken(store, role, scope)).token;
  }
  ({ base, close, runtime } = await startGatewayRuntime({
    now: '2026-03-02T10:00:00+01:00',
    people: [
      { email: BEHEERDER, name: 'Bea Contract' },
      { email: INVITEE, name: 'Ivo Contract' },
      { email: FEDERATED, name: 'Fee Contract', homeOrg: vo.schoolId },
      { email: STRANGER, name: 'Sam Contract', homeOrg: '98ZZ98' },
    ],
  }));
  const bea = await signInAs(runtime, BEHEERDER);
  people.beheerder = bea.idToken;
  people.beheerderSub = bea.sub;
  await store.people.put({
    sub: bea.sub,
    email: BEHEERDER,
    name: 'Bea Contract',
    membership: { scope: 'board', boardId, role: 'gebruikersbeheerder' },
    createdAt: new Date().toISOString(),
    createdBy: 'operator',
  });
  people.invitee = (await signInAs(runtime, INVITEE)).idToken;
  const fee = await signInAs(runtime, FEDERATED);
  people.federated = fee.idToken;
  people.federatedSub = fee.sub;
  people.stranger = (await signInAs(runtime, STRANGER)).idToken;
}, 60_000);

afterAll(() => close?.());

interface Call {
  token?: string | null;
  query?: Record<string, string>;
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
}

/** Calls the API through the checking gateway; records which route answered which status. */
const call = async (method: string, path: string, opts: Call = {}) => {
  const url = new URL(`${base}${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? tokens.school : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const contentType = opts.contentType ?? (opts.json !== undefined ? 'application/json' : undefined);
  if (contentType) headers['content-type'] = contentType;
  const body = opts.json !== undefined ? JSON.stringify(opts.json) : opts.body;
  const res = await fetch(url, { method, headers, body });
  const route = matchRoute(method, url.pathname).route;
  if (route) seen.add(`${route.id} ${res.status}`);
  return res;
};
const status = async (method: string, path: string, opts: Call = {}) =>
  (await call(method, path, opts)).status;
const codeOf = async (method: string, path: string, opts: Call = {}) => {
  const res = await call(method, path, opts);
  return `${res.status} ${((await res.json()) as { code?: string; message: string }).code ?? 'gateway'}`;
};

const year = (school: School, suffix = '') => `/schools/${school.schoolId}/years/${YEAR}${suffix}`;
const consentBody = (deliveryDate: string, version?: number) => ({
  level: 'school',
  deliveryDate,
  administration: administrationWith([{ onderwijssoort: 'havo', leerjaar: 1, students: 30 }]),
  ...(version === undefined ? {} : { version }),
});

describe('GET /openapi.json', () => {
  it('answers the OpenAPI 3.1 document without a token, naming the gateway it was asked at', async () => {
    const res = await call('GET', '/openapi.json', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await res.json()) as { openapi: string; servers: Array<{ url: string }> };
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: base }]);
    const validator = new Validator();
    expect((await validator.validate(document)).valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });
});

describe('every route answers what its contract says', () => {
  it('health, me, instruments, and what the gateway answers itself', async () => {
    expect(await status('GET', '/health', { token: null })).toBe(200);
    expect(await status('GET', '/me')).toBe(200);
    expect(await status('GET', '/me', { token: tokens.admin })).toBe(200);
    expect(await status('GET', '/me', { token: tokens.board })).toBe(200);
    expect(await status('GET', '/instruments')).toBe(200);
    expect(await codeOf('GET', '/me', { token: null })).toBe('401 gateway');
    expect(await codeOf('GET', '/instruments', { token: 'msv_school_not-a-real-token-at-all' })).toBe(
      '403 gateway',
    );
  });

  it('before any upload: no export for the report, consent or delivery', async () => {
    expect(await codeOf('GET', year(vo, '/report'))).toBe('404 no_export');
    expect(await codeOf('PUT', year(vo, '/consent'), { json: consentBody('2026-06-15') })).toBe(
      '409 no_export',
    );
    expect(await codeOf('GET', year(vo, '/delivery'))).toBe('404 not_delivered');
    expect(await status('GET', year(vo, '/consent'))).toBe(200);
    expect(await status('GET', year(vo))).toBe(200);
    expect(await status('GET', year(vo, '/exports'))).toBe(200);
  });

  it('the upload: every refusal, then 201 and 200', async () => {
    const csv = { body: sample('vo-excel-windows-1252.csv'), contentType: 'application/octet-stream' };
    const upload = (school: School, opts: Call = {}) =>
      codeOf('POST', year(school, '/exports'), { query: { instrument: 'msv-basis' }, ...csv, ...opts });
    expect(await upload(vo, { contentType: 'application/json' })).toBe('415 unsupported_media_type');
    expect(await upload(vo, { query: {} })).toBe('400 missing_instrument');
    expect(await upload(vo, { query: { instrument: 'nope' } })).toBe('400 unknown_instrument');
    expect(await upload(vo, { body: Buffer.alloc(5 * 1024 * 1024 + 1, 'a') })).toBe('413 payload_too_large');
    expect(await upload(vo, { body: sample('vo-wrong-answers.csv') })).toBe('422 invalid_export');
    expect(await upload(po, {})).toBe('403 forbidden');
    expect(await upload({ ...vo, schoolId: '98ZZ98' }, { token: tokens.admin })).toBe('404 school_not_found');
    expect(await codeOf('POST', `/schools/x/years/${YEAR}/exports`, csv)).toBe('400 invalid_school_id');
    expect(await codeOf('POST', `/schools/${vo.schoolId}/years/9998-9999/exports`, csv)).toBe(
      '400 invalid_school_year',
    );
    expect(await status('POST', year(vo, '/exports'), { query: { instrument: 'msv-basis' }, ...csv })).toBe(
      201,
    );
    expect(await status('POST', year(vo, '/exports'), { query: { instrument: 'msv-basis' }, ...csv })).toBe(
      200,
    );
  });

  it('takes an export as every media type the document lists for it', async () => {
    for (const contentType of EXPORT_MEDIA_TYPES) {
      const res = await call('POST', year(vo, '/exports'), {
        query: { instrument: 'msv-basis' },
        body: sample('vo-utf8-bom-comma.csv'),
        contentType,
      });
      expect(res.status, contentType).toBeLessThan(300);
    }
  });

  it('the report: a PDF, an unknown level, a level the school does not have', async () => {
    const pdf = await call('GET', year(vo, '/report'), { query: { level: 'onderwijssoort' } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(await codeOf('GET', year(vo, '/report'), { query: { level: 'klas' } })).toBe('400 invalid_level');
    expect(
      await codeOf('GET', year(po, '/report'), { token: tokens.po, query: { level: 'onderwijssoort' } }),
    ).toBe('422 level_not_available');
  });

  it('consent: refusals, given, changed, a stale version, the history, revoked', async () => {
    const consent = year(vo, '/consent');
    expect(await codeOf('PUT', consent, { body: '{}', contentType: 'text/plain' })).toBe(
      '415 unsupported_media_type',
    );
    expect(await codeOf('PUT', consent, { body: '{', contentType: 'application/json' })).toBe(
      '400 invalid_json',
    );
    expect(await codeOf('PUT', consent, { json: {} })).toBe('422 invalid_request');
    expect(await codeOf('PUT', consent, { json: consentBody('2026-03-02') })).toBe(
      '422 delivery_date_too_early',
    );
    expect(await codeOf('PUT', consent, { json: consentBody('2026-07-02') })).toBe(
      '422 delivery_date_too_late',
    );
    expect(await codeOf('PUT', consent, { json: consentBody('2026-06-15'), token: tokens.vendor })).toBe(
      '403 forbidden',
    );
    expect(await codeOf('DELETE', consent)).toBe('404 no_consent');
    expect(await status('PUT', consent, { json: consentBody('2026-06-15') })).toBe(201);
    expect(await status('PUT', consent, { json: consentBody('2026-06-16'), token: tokens.board })).toBe(200);
    expect(await codeOf('PUT', consent, { json: consentBody('2026-06-17', 1) })).toBe('409 version_conflict');
    expect(await status('GET', consent)).toBe(200);
    expect(await status('GET', year(vo))).toBe(200);
    expect(await status('GET', `/boards/${boardId}/years/${YEAR}`, { token: tokens.board })).toBe(200);
    expect(await status('DELETE', consent)).toBe(200);
    expect(await status('GET', consent)).toBe(200);
  });

  it('the school policy: stated, changed, a stale version, every refusal', async () => {
    const policy = `/schools/${vo.schoolId}/policy`;
    expect(await status('GET', policy)).toBe(200);
    expect(await status('PUT', policy, { json: { protocols: ['pestprotocol'], version: 0 } })).toBe(201);
    expect(
      await status('PUT', policy, { json: { programmes: 'KiVa', version: 1 }, token: tokens.board }),
    ).toBe(200);
    expect(await codeOf('PUT', policy, { json: { programmes: 'x', version: 1 } })).toBe(
      '409 version_conflict',
    );
    expect(await codeOf('PUT', policy, { json: { coordinator: { email: 'x' } } })).toBe(
      '422 invalid_request',
    );
    expect(await codeOf('PUT', policy, { body: '{', contentType: 'application/json' })).toBe(
      '400 invalid_json',
    );
    expect(await codeOf('PUT', policy, { body: '{}', contentType: 'text/plain' })).toBe(
      '415 unsupported_media_type',
    );
    expect(await codeOf('GET', '/schools/x/policy')).toBe('400 invalid_school_id');
    expect(await codeOf('PUT', '/schools/x/policy', { json: {} })).toBe('400 invalid_school_id');
    for (const method of ['GET', 'PUT']) {
      const body = method === 'PUT' ? { json: {} } : {};
      expect(await codeOf(method, policy, { ...body, token: tokens.vendor })).toBe('403 forbidden');
      expect(await codeOf(method, '/schools/98ZZ98/policy', { ...body, token: tokens.admin })).toBe(
        '404 school_not_found',
      );
    }
    expect(await status('GET', policy)).toBe(200);
  });

  it('another provider: refusals, recorded, replaced, refused beside a consent, removed', async () => {
    const provider = year(vo, '/provider');
    expect(await codeOf('PUT', provider, { body: '{}', contentType: 'text/plain' })).toBe(
      '415 unsupported_media_type',
    );
    expect(await codeOf('PUT', provider, { body: '{', contentType: 'application/json' })).toBe(
      '400 invalid_json',
    );
    expect(await codeOf('PUT', provider, { json: { name: '' } })).toBe('422 invalid_request');
    expect(await status('PUT', provider, { json: { name: 'KiVa' } })).toBe(201);
    expect(await status('PUT', provider, { json: { name: 'ZIEN!' } })).toBe(200);
    expect(await codeOf('PUT', year(vo, '/consent'), { json: consentBody('2026-06-15') })).toBe(
      '409 delivers_elsewhere',
    );
    expect(await status('DELETE', provider)).toBe(200);
    expect(await status('PUT', year(vo, '/consent'), { json: consentBody('2026-06-15') })).toBe(201);
    expect(await codeOf('PUT', provider, { json: { name: 'KiVa' } })).toBe('409 consent_active');
    expect(await status('DELETE', year(vo, '/consent'))).toBe(200);
  });

  it('the board overview: a malformed board, another board', async () => {
    expect(await codeOf('GET', `/boards/1/years/${YEAR}`, { token: tokens.board })).toBe(
      '400 invalid_board_id',
    );
    expect(await codeOf('GET', `/boards/${boardId}/years/${YEAR}`)).toBe('403 forbidden');
  });

  it('every guarded route: no token, a refused token, outside the scope, a bad path, an unknown school', async () => {
    for (const r of (routes as readonly RouteSpec[]).filter((x) => x.auth)) {
      const at = (schoolId: string, schoolYear = YEAR) =>
        r.path
          .replace('{schoolId}', schoolId)
          .replace('{boardId}', boardId)
          .replace('{schoolYear}', schoolYear);
      const opts = r.method === 'PUT' ? { json: {} } : {};
      expect(await status(r.method, at(vo.schoolId), { ...opts, token: null }), r.id).toBe(401);
      expect(
        await status(r.method, at(vo.schoolId), { ...opts, token: 'msv_x_not-a-real-token-at-all' }),
      ).toBe(403);
      if (!r.path.includes('{schoolYear}')) continue;
      expect(await status(r.method, at(vo.schoolId, '0000-0001'), opts), r.id).toBe(400);
      expect(await status(r.method, at(po.schoolId), { ...opts, token: tokens.vendor }), r.id).toBe(403);
      if (r.path.includes('{schoolId}')) {
        expect(await status(r.method, at('98ZZ98'), { ...opts, token: tokens.admin }), r.id).toBe(404);
      }
    }
  });

  it('the upload of a file for several schools: 200, 207, and every refusal', async () => {
    // A PO school's rows with a BRIN column, from the committed UTF-16 sample (tab-separated).
    const po16 = new TextDecoder('utf-16le').decode(sample('po-utf16.csv')).replace(/^\uFEFF/, '');
    const [head = '', ...lines] = po16.split(/\r?\n/).filter((l) => l !== '');
    const file = (schools: string[]) =>
      [`brin\t${head}`, ...lines.map((l, i) => `${schools[i % schools.length]}\t${l}`)].join('\n');
    const several = (body: string, opts: Call = {}) =>
      call('POST', '/exports', {
        query: { schoolYear: YEAR, instrument: 'msv-basis' },
        body,
        contentType: 'text/csv',
        token: tokens.po,
        ...opts,
      });
    expect((await several(file([po.schoolId]))).status).toBe(200);
    const mixed = await several(file([po.schoolId, vo.schoolId]));
    expect(mixed.status).toBe(207);
    expect(((await mixed.json()) as { refused: number }).refused).toBe(1);
    const code = async (res: Promise<Response>) => {
      const r = await res;
      return `${r.status} ${((await r.json()) as { code: string }).code}`;
    };
    expect(await code(several(file([po.schoolId]), { query: { instrument: 'msv-basis' } }))).toBe(
      '400 invalid_school_year',
    );
    expect(await code(several(file([po.schoolId]), { contentType: 'application/json' }))).toBe(
      '415 unsupported_media_type',
    );
    expect(await code(several(file(['1234'])))).toBe('422 invalid_export');
  });

  it("a board's people: invited, accepted, roles set, removed, and every refusal", async () => {
    const admin = { token: tokens.admin };
    const bea = { token: people.beheerder };
    const at = (suffix: string) => `/boards/${boardId}${suffix}`;
    const invite = { email: INVITEE, name: 'Ivo Contract', role: 'medewerker', schoolId: vo.schoolId };
    expect(await status('GET', at('/people'), bea)).toBe(200);
    expect(await codeOf('GET', '/boards/1/people', bea)).toBe('400 invalid_board_id');
    expect(await codeOf('GET', at('/people'), { token: tokens.board })).toBe('403 forbidden');
    expect(await codeOf('GET', '/boards/99998/people', admin)).toBe('404 board_not_found');

    const invitations = at('/invitations');
    expect(await codeOf('POST', invitations, { ...bea, body: '{}', contentType: 'text/plain' })).toBe(
      '415 unsupported_media_type',
    );
    expect(await codeOf('POST', invitations, { ...bea, body: '{', contentType: 'application/json' })).toBe(
      '400 invalid_json',
    );
    expect(await codeOf('POST', invitations, { ...bea, json: { ...invite, role: 'rector' } })).toBe(
      '422 invalid_request',
    );
    expect(
      await codeOf('POST', invitations, {
        ...bea,
        json: { ...invite, email: BEHEERDER, role: 'gebruikersbeheerder', schoolId: undefined },
      }),
    ).toBe('403 own_membership');
    expect(await codeOf('POST', '/boards/99998/invitations', { ...admin, json: invite })).toBe(
      '404 board_not_found',
    );
    const withdrawMe = await call('POST', invitations, {
      ...bea,
      json: { ...invite, role: 'bestuurder', schoolId: undefined },
    });
    expect(withdrawMe.status).toBe(201);
    const { invitation } = (await withdrawMe.json()) as { invitation: { invitationId: string } };
    expect(await status('POST', invitations, { ...bea, json: invite })).toBe(201);
    expect(await codeOf('POST', invitations, { ...bea, json: invite })).toBe('409 already_invited');
    expect(await codeOf('DELETE', at('/invitations/xyz'), bea)).toBe('400 invalid_invitation_id');
    expect(await status('DELETE', at(`/invitations/${invitation.invitationId}`), bea)).toBe(200);
    expect(await codeOf('DELETE', at(`/invitations/${invitation.invitationId}`), bea)).toBe(
      '404 invitation_not_found',
    );

    // Accepting: the secret is the link's, from the invitation mail.
    const mails = (await (await fetch(`${runtime.sesUrl}/store`)).json()) as {
      emails: Array<{ destination: { to: string[] }; body: { text?: string } }>;
    };
    const text = mails.emails.filter((m) => m.destination.to.includes(INVITEE)).at(-1)?.body.text ?? '';
    const secret = /#\/uitnodiging\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] as string;
    const accept = '/invitations/accept';
    const ivo = { token: people.invitee };
    expect(await codeOf('POST', accept, { ...ivo, body: '{', contentType: 'application/json' })).toBe(
      '400 invalid_json',
    );
    expect(await codeOf('POST', accept, { ...ivo, body: '{}', contentType: 'text/plain' })).toBe(
      '415 unsupported_media_type',
    );
    expect(await codeOf('POST', accept, { ...ivo, json: { secret: 5 } })).toBe('422 invalid_request');
    expect(await codeOf('POST', accept, { ...admin, json: { secret } })).toBe('403 forbidden');
    expect(await codeOf('POST', accept, { ...bea, json: { secret } })).toBe('403 invitation_other_address');
    expect(await codeOf('POST', accept, { ...ivo, json: { secret: 'x'.repeat(43) } })).toBe(
      '404 invitation_not_found',
    );
    expect(await status('POST', accept, { ...ivo, json: { secret } })).toBe(200);
    expect(await codeOf('POST', accept, { ...ivo, json: { secret } })).toBe('409 invitation_used');

    const me = (await (await call('GET', '/me', ivo)).json()) as { person: { sub: string } };
    const person = at(`/people/${me.person.sub}`);
    const roles = (memberships: unknown[]) => ({ ...bea, json: { memberships } });
    expect(await codeOf('PUT', at('/people/a b'), roles([{ role: 'bestuurder' }]))).toBe('400 invalid_sub');
    expect(await codeOf('PUT', person, { ...bea, body: '{}', contentType: 'text/plain' })).toBe(
      '415 unsupported_media_type',
    );
    expect(await codeOf('PUT', person, roles([]))).toBe('422 invalid_request');
    expect(await codeOf('PUT', at(`/people/${people.beheerderSub}`), roles([{ role: 'bestuurder' }]))).toBe(
      '403 own_membership',
    );
    expect(await codeOf('PUT', at('/people/nobody-here'), roles([{ role: 'bestuurder' }]))).toBe(
      '404 person_not_found',
    );
    expect(
      await codeOf('PUT', at(`/people/${people.beheerderSub}`), {
        ...admin,
        json: { memberships: [{ role: 'bestuurder' }] },
      }),
    ).toBe('409 last_administrator');
    expect(await status('PUT', person, roles([{ role: 'schoolleider', schoolId: vo.schoolId }]))).toBe(200);
    const mailTo = at('/mail-recipients');
    expect(await codeOf('PUT', '/boards/1/mail-recipients', { ...bea, json: { subs: [] } })).toBe(
      '400 invalid_board_id',
    );
    expect(await codeOf('PUT', mailTo, { ...bea, body: '{}', contentType: 'text/plain' })).toBe(
      '415 unsupported_media_type',
    );
    expect(await codeOf('PUT', mailTo, { ...bea, json: { subs: 'all' } })).toBe('422 invalid_request');
    expect(await codeOf('PUT', mailTo, { ...bea, json: { subs: [me.person.sub] } })).toBe(
      '422 not_a_board_person',
    );
    expect(await codeOf('PUT', '/boards/99998/mail-recipients', { ...admin, json: { subs: [] } })).toBe(
      '404 board_not_found',
    );
    expect(await codeOf('PUT', mailTo, { token: tokens.board, json: { subs: [] } })).toBe('403 forbidden');
    expect(await status('PUT', mailTo, { ...bea, json: { subs: [people.beheerderSub] } })).toBe(200);
    expect(await codeOf('DELETE', at('/people/a b'), bea)).toBe('400 invalid_sub');
    expect(await codeOf('DELETE', at(`/people/${people.beheerderSub}`), bea)).toBe('403 own_membership');
    expect(await codeOf('DELETE', at(`/people/${people.beheerderSub}`), admin)).toBe(
      '409 last_administrator',
    );
    expect(await status('DELETE', person, bea)).toBe(200);
    expect(await codeOf('DELETE', person, bea)).toBe('404 person_not_found');

    // A federated sign-in without a role asks; the gebruikersbeheerder decides.
    const join = '/join-requests';
    expect(await codeOf('POST', join, { token: people.stranger })).toBe('404 no_home_school');
    expect(await codeOf('POST', join, admin)).toBe('403 forbidden');
    expect(await status('POST', join, { token: people.federated })).toBe(201);
    expect(await status('POST', join, { token: people.federated })).toBe(200);
    const decide = at(`/join-requests/${people.federatedSub}`);
    expect(await codeOf('PUT', at('/join-requests/a b'), { ...bea, json: { decision: 'refuse' } })).toBe(
      '400 invalid_sub',
    );
    expect(await codeOf('PUT', decide, { ...bea, body: '{}', contentType: 'text/plain' })).toBe(
      '415 unsupported_media_type',
    );
    expect(await codeOf('PUT', decide, { ...bea, json: { decision: 'approve' } })).toBe(
      '422 invalid_request',
    );
    expect(
      await codeOf('PUT', at(`/join-requests/${people.beheerderSub}`), {
        ...bea,
        json: { decision: 'refuse' },
      }),
    ).toBe('403 own_membership');
    expect(
      await codeOf('PUT', '/boards/99998/join-requests/x', { ...admin, json: { decision: 'refuse' } }),
    ).toBe('404 board_not_found');
    expect(await status('PUT', decide, { ...bea, json: { decision: 'approve', role: 'medewerker' } })).toBe(
      200,
    );
    expect(await codeOf('PUT', decide, { ...bea, json: { decision: 'refuse' } })).toBe(
      '404 join_request_not_found',
    );
    expect(await codeOf('POST', join, { token: people.federated })).toBe('409 already_member');
  });

  /** Statuses this file cannot provoke, and where else they are seen. */
  const ELSEWHERE: Record<string, string> = {
    'GetDelivery 200': 'a real delivery: test/integration/deployed-functions.test.ts and the browser test',
    'DeleteConsent 409': 'consent_locked: test/unit/consent-rules.test.ts, test/integration/consent.test.ts',
    'AcceptInvitation 410': 'an expired invitation (a week later): test/integration/people.test.ts',
  };
  const NEVER_HERE = [413, 429, 500, 503]; // API Gateway's limits and failures (413: but the upload's own).

  it('has seen every status of every route, but the failures and the ones named elsewhere', () => {
    const expected = (routes as readonly RouteSpec[]).flatMap((r) =>
      Object.keys(r.contract.responses)
        .map(Number)
        .filter((s) => !NEVER_HERE.includes(s) || (r.id === 'UploadExport' && s === 413))
        .map((s) => `${r.id} ${s}`)
        .filter((key) => !(key in ELSEWHERE)),
    );
    expect(expected.filter((key) => !seen.has(key))).toEqual([]);
  });
});
