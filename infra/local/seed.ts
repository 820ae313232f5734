/**
 * The demo data of `npm start`: one board with a VO and a PO school, a token per machine role, and the demo
 * people with their memberships (they sign in at the local OpenID provider, infra/local/oidc). Idempotent:
 * existing records stay, and demo tokens from an earlier start are reused when their hashes are still in the
 * table.
 */
import { generateToken, hashToken, tokenIdOf } from '../../shared/auth/tokens.js';
import type { Role } from '../../shared/model.js';
import type { Membership } from '../../shared/people/membership.js';
import type { Stores } from '../../shared/store/stores.js';
import { subjectOf } from './oidc/accounts.js';

export const DEMO = {
  board: { boardId: '41234', name: 'Stichting Voorbeeldscholen', emails: ['beheer@voorbeeldscholen.nl'] },
  vo: { schoolId: '22KC00', name: 'Voorbeeld College', sector: 'vo', onderwijssoorten: ['havo', 'vwo'] },
  po: { schoolId: '12AB00', name: 'Basisschool De Voorbeeld', sector: 'po', onderwijssoorten: [] },
} as const;

/**
 * The demo people: a board's user administrator and bestuurder, the VO school's schoolleider and a medewerker,
 * and the PO school's schoolleider. Their subjects are the local provider's (a UUID of the address).
 */
export const DEMO_PEOPLE = [
  {
    email: 'beheer@voorbeeldscholen.nl',
    name: 'Bea de Beheerder',
    membership: { scope: 'board', boardId: DEMO.board.boardId, role: 'gebruikersbeheerder' },
  },
  {
    email: 'bestuur@voorbeeldscholen.nl',
    name: 'Bram Bestuurder',
    membership: { scope: 'board', boardId: DEMO.board.boardId, role: 'bestuurder' },
  },
  {
    email: 'directie@voorbeeldcollege.nl',
    name: 'Sanne Schoolleider',
    membership: {
      scope: 'school',
      boardId: DEMO.board.boardId,
      schoolId: DEMO.vo.schoolId,
      role: 'schoolleider',
    },
  },
  {
    email: 'zorg@voorbeeldcollege.nl',
    name: 'Mo Medewerker',
    membership: {
      scope: 'school',
      boardId: DEMO.board.boardId,
      schoolId: DEMO.vo.schoolId,
      role: 'medewerker',
    },
  },
  {
    email: 'directie@devoorbeeld.nl',
    name: 'Pim Peters',
    membership: {
      scope: 'school',
      boardId: DEMO.board.boardId,
      schoolId: DEMO.po.schoolId,
      role: 'schoolleider',
    },
  },
] as const satisfies readonly { email: string; name: string; membership: Membership }[];

export type DemoTokens = Record<'school22KC00' | 'school12AB00' | 'board41234' | 'vendor' | 'admin', string>;

const TOKEN_SPECS: Record<keyof DemoTokens, { role: Role; schoolIds: string[]; boardId: string | null }> = {
  school22KC00: { role: 'school', schoolIds: [DEMO.vo.schoolId], boardId: null },
  school12AB00: { role: 'school', schoolIds: [DEMO.po.schoolId], boardId: null },
  board41234: { role: 'board', schoolIds: [], boardId: DEMO.board.boardId },
  vendor: { role: 'vendor', schoolIds: [DEMO.vo.schoolId, DEMO.po.schoolId], boardId: null },
  admin: { role: 'admin', schoolIds: [], boardId: null },
};

export const seedDemo = async (
  store: Pick<Stores, 'tokens' | 'boards' | 'schools' | 'people'>,
  previous: Partial<DemoTokens> = {},
): Promise<DemoTokens> => {
  const createdAt = new Date().toISOString();
  // Written again when it exists: a board stored before the BOARDS index gets its index keys this way.
  const board = await store.boards.get(DEMO.board.boardId);
  await store.boards.put(board ?? { ...DEMO.board, emails: [...DEMO.board.emails], createdAt });
  for (const s of [DEMO.vo, DEMO.po]) {
    if (!(await store.schools.get(s.schoolId))) {
      await store.schools.put({
        ...s,
        onderwijssoorten: [...s.onderwijssoorten],
        boardId: DEMO.board.boardId,
        createdAt,
      });
    }
  }
  for (const person of DEMO_PEOPLE) {
    const sub = subjectOf(person.email);
    const existing = await store.people.membershipsOf(sub);
    if (existing.length > 0) continue;
    await store.people.put({
      sub,
      email: person.email,
      name: person.name,
      membership: { ...person.membership },
      createdAt,
      createdBy: 'operator',
    });
  }
  const tokens: Partial<DemoTokens> = {};
  for (const [name, spec] of Object.entries(TOKEN_SPECS) as Array<
    [keyof DemoTokens, (typeof TOKEN_SPECS)[keyof DemoTokens]]
  >) {
    const old = previous[name];
    const stored = old ? await store.tokens.get(hashToken(old)) : undefined;
    if (old && stored && !stored.revokedAt) {
      tokens[name] = old;
      continue;
    }
    const token = generateToken(spec.role);
    const tokenHash = hashToken(token);
    await store.tokens.put({
      tokenHash,
      tokenId: tokenIdOf(tokenHash),
      ...spec,
      label: `demo ${name}`,
      createdAt,
      revokedAt: null,
    });
    tokens[name] = token;
  }
  return tokens as DemoTokens;
};
