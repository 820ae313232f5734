import { describe, expect, it } from 'vitest';
import { FIRST_SCHOOL_YEAR, isSchoolYearInBounds, schoolYearBounds } from '../../shared/ids.js';

describe('schoolYearBounds', () => {
  it('runs from 2015-2016, the first year of the duty, to the school year after the current one', () => {
    expect(FIRST_SCHOOL_YEAR).toBe('2015-2016');
    expect(schoolYearBounds(new Date('2026-03-02T10:00:00+01:00'))).toEqual({
      first: '2015-2016',
      last: '2026-2027',
    });
  });

  it('moves on 1 August in Amsterdam, not in UTC', () => {
    // 31 July 23:30 in UTC is already 1 August in Amsterdam.
    expect(schoolYearBounds(new Date('2026-07-31T21:59:59Z')).last).toBe('2026-2027');
    expect(schoolYearBounds(new Date('2026-07-31T22:00:00Z')).last).toBe('2027-2028');
  });

  it.each([
    ['0000-0001', false],
    ['2014-2015', false],
    ['2015-2016', true],
    ['2025-2026', true],
    ['2026-2027', true],
    ['2027-2028', false],
    ['9998-9999', false],
  ])('%s is %s on 2 March 2026', (year, inBounds) => {
    expect(isSchoolYearInBounds(year, new Date('2026-03-02T10:00:00+01:00'))).toBe(inBounds);
  });
});
