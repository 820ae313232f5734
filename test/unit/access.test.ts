import { describe, expect, it } from 'vitest';
import { boardAccess, schoolAccess } from '../../shared/auth/access.js';
import type { Principal, School } from '../../shared/model.js';

const school = (schoolId: string, boardId: string): School => ({
  schoolId,
  boardId,
  name: 'x',
  sector: 'vo',
  onderwijssoorten: ['havo'],
  createdAt: '2026-01-01T00:00:00Z',
});
const p = (role: Principal['role'], schoolIds: string[] = [], boardId: string | null = null): Principal => ({
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
