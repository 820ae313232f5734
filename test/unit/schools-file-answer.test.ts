import { describe, expect, it } from 'vitest';
import { type SchoolAnswer, withinErrorBudget } from '../../functions/upload-export/upload-schools-file.js';

const rejected = (schoolId: string, errors: number): SchoolAnswer => ({
  schoolId,
  status: 'rejected',
  code: 'invalid_export',
  errorCount: errors,
  errors: Array.from({ length: errors }, (_, i) => ({
    line: i + 2,
    column: 4,
    field: 'vb1',
    code: 'out_of_scale' as const,
    message: `7 is not 1–4 (${i})`,
  })),
});

describe('the answer for a file of several schools', () => {
  it('lists at most 1,000 errors over all its rejected schools, each school at least its first 3, every count kept', () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      rejected(`${10 + (i % 90)}AB${String(i % 100).padStart(2, '0')}`, 100),
    );
    const answer = withinErrorBudget([{ schoolId: '22KC00', status: 'refused', code: 'forbidden' }, ...many]);
    const listed = answer.flatMap((a) => (a.status === 'rejected' ? a.errors : []));
    expect(listed.length).toBe(1000);
    expect(
      answer.every((a) => a.status !== 'rejected' || (a.errors.length === 5 && a.errorCount === 100)),
    ).toBe(true);
    expect(answer[0]).toEqual({ schoolId: '22KC00', status: 'refused', code: 'forbidden' });
    // Few rejected schools keep their 100 each.
    const few = withinErrorBudget([rejected('22KC00', 100), rejected('33AB00', 150)]);
    expect(few.map((a) => (a.status === 'rejected' ? a.errors.length : 0))).toEqual([100, 100]);
  });
});
