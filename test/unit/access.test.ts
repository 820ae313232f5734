import { describe, expect, it } from 'vitest';
import { boardAccess, mayAct, schoolAccess } from '../../shared/auth/access.js';
import type { Principal, School, TokenPrincipal } from '../../shared/model.js';
import { decodeMemberships, encodeMemberships, type Membership } from '../../shared/people/membership.js';

const school = (schoolId: string, boardId: string): School => ({
  schoolId,
  boardId,
  name: 'x',
  sector: 'vo',
  onderwijssoorten: ['havo'],
  createdAt: '2026-01-01T00:00:00Z',
});
const p = (
  role: TokenPrincipal['role'],
  schoolIds: string[] = [],
  boardId: string | null = null,
): Principal => ({
  tokenId: 'abcdefabcdef',
  role,
  schoolIds,
  boardId,
});

describe('schoolAccess', () => {
  const own = school('22KC00', '41234');
  const foreign = school('33AB00', '55555');

  it.each([
    ['school', p('school', ['22KC00']), 'allowed', 'forbidden'],
    ['board', p('board', [], '41234'), 'allowed', 'forbidden'],
    ['vendor', p('vendor', ['22KC00']), 'allowed', 'forbidden'],
    ['admin', p('admin'), 'allowed', 'allowed'],
  ] as const)('%s: own school %s, foreign school %s', (_, principal, ownResult, foreignResult) => {
    expect(schoolAccess(principal, own.schoolId, own)).toBe(ownResult);
    expect(schoolAccess(principal, foreign.schoolId, foreign)).toBe(foreignResult);
  });

  it('says forbidden, not not-found, for unknown schools outside the scope', () => {
    expect(schoolAccess(p('school', ['22KC00']), '99ZZ00', undefined)).toBe('forbidden');
    expect(schoolAccess(p('board', [], '41234'), '99ZZ00', undefined)).toBe('forbidden');
    expect(schoolAccess(p('school', ['22KC00']), '22KC00', undefined)).toBe('not_found');
    expect(schoolAccess(p('admin'), '99ZZ00', undefined)).toBe('not_found');
  });

  it('does not let a board token without a board reach any school', () => {
    expect(schoolAccess(p('board', [], null), own.schoolId, own)).toBe('forbidden');
  });

  it('limits board access to the own board', () => {
    expect(boardAccess(p('board', [], '41234'), '41234')).toBe(true);
    expect(boardAccess(p('board', [], '41234'), '55555')).toBe(false);
    expect(boardAccess(p('school', ['22KC00']), '41234')).toBe(false);
    expect(boardAccess(p('admin'), '55555')).toBe(true);
  });
});

const person = (...memberships: Membership[]): Principal => ({
  role: 'person',
  sub: '7a9ff436-c2ed-5c48-8e23-8f14cbfbdad0',
  email: 'p@school.nl',
  name: 'P',
  memberships,
});

describe('people', () => {
  const own = school('22KC00', '41234');
  const sibling = school('23KC00', '41234');
  const foreign = school('33AB00', '55555');
  const leader = { scope: 'school', boardId: '41234', schoolId: '22KC00', role: 'schoolleider' } as const;
  const staff = { scope: 'school', boardId: '41234', schoolId: '22KC00', role: 'medewerker' } as const;
  const bestuurder = { scope: 'board', boardId: '41234', role: 'bestuurder' } as const;
  const beheerder = { scope: 'board', boardId: '41234', role: 'gebruikersbeheerder' } as const;

  it.each([
    ['schoolleider', leader, { read: true, upload: true, consent: true }, false],
    ['medewerker', staff, { read: true, upload: true, consent: false }, false],
    ['bestuurder', bestuurder, { read: true, upload: true, consent: true }, true],
    ['gebruikersbeheerder', beheerder, { read: true, upload: false, consent: false }, true],
  ] as const)(
    '%s: own school as the role allows, a sibling school only for board roles',
    (_, m, may, board) => {
      const p = person(m);
      expect(schoolAccess(p, own.schoolId, own)).toBe('allowed');
      for (const action of ['read', 'upload', 'consent'] as const)
        expect(mayAct(p, own, action)).toBe(may[action]);
      expect(schoolAccess(p, sibling.schoolId, sibling)).toBe(board ? 'allowed' : 'forbidden');
      expect(boardAccess(p, '41234')).toBe(board);
    },
  );

  it('gives a foreign or unknown school the same answer, whatever the role', () => {
    for (const m of [leader, staff, bestuurder, beheerder]) {
      expect(schoolAccess(person(m), foreign.schoolId, foreign)).toBe('forbidden');
      expect(schoolAccess(person(m), '99ZZ00', undefined)).toBe('forbidden');
      expect(boardAccess(person(m), '55555')).toBe(false);
    }
    expect(schoolAccess(person(), own.schoolId, own)).toBe('forbidden');
  });

  it('ends a school membership when the school moves to another board', () => {
    const moved = school('22KC00', '55555');
    expect(schoolAccess(person(leader), moved.schoolId, moved)).toBe('forbidden');
    expect(mayAct(person(leader), moved, 'read')).toBe(false);
  });

  it('keeps machine tokens as they were: consent only for school and board tokens', () => {
    expect(mayAct(p('school', ['22KC00']), own, 'consent')).toBe(true);
    expect(mayAct(p('board', [], '41234'), own, 'consent')).toBe(true);
    expect(mayAct(p('vendor', ['22KC00']), own, 'consent')).toBe(false);
    expect(mayAct(p('admin'), own, 'consent')).toBe(false);
    expect(mayAct(p('vendor', ['22KC00']), own, 'upload')).toBe(true);
  });

  it('carries memberships through the authorizer context and drops what is not one', () => {
    const all = [leader, staff, bestuurder, beheerder] as Membership[];
    expect(decodeMemberships(encodeMemberships(all))).toEqual(all);
    expect(decodeMemberships('')).toEqual([]);
    expect(decodeMemberships(undefined)).toEqual([]);
    // An unknown role, a malformed id, a wrong arity: no membership (no access) rather than a guess.
    expect(
      decodeMemberships(
        'school:41234:22KC00:admin;board:41234:bestuurder;school:41234:x:schoolleider;board:41234',
      ),
    ).toEqual([bestuurder]);
  });
});
