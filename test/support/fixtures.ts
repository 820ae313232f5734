/**
 * Test fixtures: boards, schools and tokens with unique ids, so test files can share one table without
 * seeing each other's data.
 */
import { randomInt } from 'node:crypto';
import { generateToken, hashToken, tokenIdOf } from '../../shared/auth/tokens.js';
import type { Onderwijssoort, Sector } from '../../shared/ids.js';
import type { Administration, Consent, Role, School, TokenPrincipal } from '../../shared/model.js';
import type { ConsentReads, ConsentStore } from '../../shared/store/consents.js';
import type { Stores } from '../../shared/store/stores.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const used = new Set<string>();

/** Draws from `make` until it gives an id not used before in this process. */
const unique = (make: () => string): string => {
  for (;;) {
    const id = make();
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
};

/** A random BRIN + vestiging such as `37QX01`. */
export const uniqueSchoolId = (): string =>
  unique(
    () =>
      `${randomInt(10, 100)}${LETTERS[randomInt(26)]}${LETTERS[randomInt(26)]}${String(randomInt(100)).padStart(2, '0')}`,
  );

export const uniqueBoardId = (): string => unique(() => String(randomInt(10_000, 100_000)));

export const createBoard = async (store: Pick<Stores, 'boards'>, boardId = uniqueBoardId()) => {
  const board = {
    boardId,
    name: `Stichting Test ${boardId}`,
    emails: [`beheer-${boardId}@example.nl`],
    reminders: true,
    createdAt: new Date().toISOString(),
  };
  await store.boards.put(board);
  return board;
};

export const createSchool = async (
  store: Pick<Stores, 'schools'>,
  boardId: string,
  opts: { sector?: Sector; onderwijssoorten?: Onderwijssoort[]; schoolId?: string } = {},
): Promise<School> => {
  const sector = opts.sector ?? 'vo';
  const school: School = {
    schoolId: opts.schoolId ?? uniqueSchoolId(),
    boardId,
    name: `Testschool ${sector}`,
    sector,
    onderwijssoorten: opts.onderwijssoorten ?? (sector === 'vo' ? ['havo', 'vwo'] : []),
    createdAt: new Date().toISOString(),
  };
  await store.schools.put(school);
  return school;
};

/** Stores a token (hash only) and returns the plain token and the principal the authorizer would derive. */
export const createToken = async (
  store: Pick<Stores, 'tokens'>,
  role: Role,
  scope: { schoolIds?: string[]; boardId?: string } = {},
): Promise<{ token: string; principal: TokenPrincipal }> => {
  const token = generateToken(role);
  const tokenHash = hashToken(token);
  const record = {
    tokenHash,
    tokenId: tokenIdOf(tokenHash),
    role,
    schoolIds: scope.schoolIds ?? [],
    boardId: scope.boardId ?? null,
    label: 'test',
    createdAt: new Date().toISOString(),
    revokedAt: null,
  };
  await store.tokens.put(record);
  return {
    token,
    principal: { tokenId: record.tokenId, role, schoolIds: record.schoolIds, boardId: record.boardId },
  };
};

/** Administration answers for consent tests: a January survey of leerjaar 1–4, online, with these counts. */
export const administrationWith = (studentCounts: Administration['studentCounts']): Administration => ({
  surveyedLeerjaren: [1, 2, 3, 4],
  period: { from: '2026-01-12', to: '2026-02-06' },
  mode: 'online',
  anonymous: true,
  supervision: 'mentor',
  studentCounts,
});

/** A consent as the store holds it: active at level school for 16 June 2026, version 1; `over` changes any field. */
export const consentFixture = (over: Partial<Consent> = {}): Consent => ({
  schoolId: '22KC00',
  schoolYear: '2025-2026',
  status: 'active',
  level: 'school',
  deliveryDate: '2026-06-16',
  exportId: 'exp_1',
  administration: administrationWith([{ leerjaar: 1, students: 20 }]),
  updatedBy: 'board:0123456789ab',
  updatedAt: '2026-03-02T09:00:00.000Z',
  givenAt: '2026-03-02T09:00:00.000Z',
  version: 1,
  ...over,
});

/**
 * The store as a dispatcher or reconciliation in this test file may see it: its per-date look-up returns only
 * `schoolIds`. Every test file shares one table, and a reconciliation would otherwise deliver other files'
 * consents while their tests run.
 */
export const storeSeeing = <S extends { consents: ConsentReads }>(
  store: S,
  schoolIds: () => readonly string[],
): S => {
  const consents: S['consents'] = Object.create(store.consents);
  consents.listOn = async (date) =>
    (await store.consents.listOn(date)).filter((c) => schoolIds().includes(c.schoolId));
  return { ...store, consents };
};

/** Stores a first consent (no earlier one) with its `consent_given` audit entry, as the consent service would. */
export const storeFirstConsent = (store: { consents: ConsentStore }, consent: Consent, actor: string) =>
  store.consents.write({
    consent,
    previous: undefined,
    audit: {
      schoolId: consent.schoolId,
      schoolYear: consent.schoolYear,
      at: consent.updatedAt,
      actor,
      action: 'consent_given',
      detail: { before: null, after: consent },
    },
  });
