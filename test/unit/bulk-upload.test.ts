import { describe, expect, it } from 'vitest';
import { formatProgress, ProgressBar, type ProgressState } from '../../infra/admin/bulk-upload/progress.js';
import { backoffMs, fetchWithRetry, retryAfterMs } from '../../infra/admin/bulk-upload/retry.js';
import { schoolIdOfFileName } from '../../infra/admin/bulk-upload/scan-folder.js';
import { resultOf, summaryLines } from '../../infra/admin/bulk-upload/upload-folder.js';
import { mapWithConcurrency } from '../../shared/concurrency.js';

const answer = (status: number, headers: Record<string, string> = {}, body: unknown = {}) =>
  new Response(JSON.stringify(body), { status, headers });

describe('file names', () => {
  it('takes the school id from {schoolId}.csv or .xlsx and says why other names are skipped', () => {
    expect(schoolIdOfFileName('22KC00.csv')).toEqual({ schoolId: '22KC00', format: 'csv' });
    expect(schoolIdOfFileName('22KC.CSV')).toEqual({ schoolId: '22KC', format: 'csv' });
    expect(schoolIdOfFileName('22kc00.csv')).toMatchObject({ reason: expect.stringContaining('BRIN') });
    expect(schoolIdOfFileName('22KC00.xlsx')).toEqual({ schoolId: '22KC00', format: 'xlsx' });
    expect(schoolIdOfFileName('22KC00.xls')).toEqual({ reason: 'not a .csv or .xlsx file' });
    expect(schoolIdOfFileName('.DS_Store')).toEqual({ reason: 'not a .csv or .xlsx file' });
  });
});

describe('retry', () => {
  const run = async (answers: Array<Response | Error>, retries = 3) => {
    const waits: number[] = [];
    let calls = 0;
    const result = await fetchWithRetry(
      async () => {
        const a = answers[calls++] as Response | Error;
        if (a instanceof Error) throw a;
        return a;
      },
      { retries, baseMs: 100, maxMs: 1000, random: () => 1, sleep: async (ms) => void waits.push(ms) },
    ).catch((e: Error) => e);
    return { result, waits, calls };
  };

  it('retries 429, 5xx and network errors with doubling waits, and not a 4xx', async () => {
    const r = await run([answer(503), new Error('ECONNRESET'), answer(500), answer(201)]);
    expect((r.result as Response).status).toBe(201);
    expect(r.waits).toEqual([100, 200, 400]);
    const rejected = await run([answer(422), answer(201)]);
    expect((rejected.result as Response).status).toBe(422);
    expect(rejected.calls).toBe(1);
  });

  it('honours Retry-After, capped, and gives the last answer (or error) when the retries are used up', async () => {
    const hinted = await run([
      answer(429, { 'retry-after': '2' }),
      answer(429, { 'retry-after': '60' }),
      answer(200),
    ]);
    expect(hinted.waits).toEqual([1000, 1000]);
    const exhausted = await run([answer(503), answer(503)], 1);
    expect((exhausted.result as Response).status).toBe(503);
    const down = await run([new Error('ECONNREFUSED'), new Error('ECONNREFUSED')], 1);
    expect((down.result as Error).message).toBe('ECONNREFUSED');
  });

  it('jitters below the ceiling and reads Retry-After as seconds or a date', () => {
    expect(backoffMs(3, { baseMs: 100, maxMs: 10_000, random: () => 0.5 })).toBe(400);
    expect(backoffMs(10, { baseMs: 100, maxMs: 1000, random: () => 0.999 })).toBe(999);
    expect(retryAfterMs('3', 0)).toBe(3000);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('2026-10-21T07:28:00Z'))).toBe(10_000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
  });
});

describe('bounded concurrency', () => {
  it('never runs more than the limit at once and keeps the input order', async () => {
    let running = 0;
    let most = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(2);
  });
});

describe('progress', () => {
  const state: ProgressState = {
    filesDone: 5,
    filesTotal: 20,
    bytesDone: 1000,
    bytesTotal: 4000,
    rows: 12_345,
    failures: 1,
    retries: 2,
    startedAt: 0,
  };

  it('shows files, rows, failures, retries and an ETA from the bytes done', () => {
    expect(formatProgress(state, 10_000)).toBe(
      '[#####---------------]  5/20 files  12,345 rows  1 failed  2 retried  ETA 0:30',
    );
    expect(formatProgress({ ...state, filesDone: 0, bytesDone: 0 }, 10_000)).toContain('ETA ?');
    expect(formatProgress({ ...state, filesDone: 20, bytesDone: 4000 }, 65_000)).toContain('1:05 total');
  });

  it('redraws in place on a TTY and prints plain lines at most every interval otherwise', () => {
    let now = 0;
    const tty: string[] = [];
    const bar = new ProgressBar({ isTTY: true, write: (s) => tty.push(s) }, () => now);
    bar.update(state);
    now = 50;
    bar.update(state); // too soon: skipped
    bar.finish(state);
    expect(tty).toHaveLength(3);
    expect(tty[0]?.startsWith('\r\x1b[2K[')).toBe(true);
    expect(tty.at(-1)).toBe('\n');

    const plain: string[] = [];
    const log = new ProgressBar({ isTTY: false, write: (s) => plain.push(s) }, () => now, 2000);
    now = 0;
    log.update(state);
    now = 1500;
    log.update(state);
    now = 2500;
    log.update(state);
    log.finish(state);
    expect(plain).toHaveLength(3);
    expect(plain.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
  });
});

describe('summary', () => {
  const file = (schoolId: string) => ({ schoolId, name: `${schoolId}.csv`, path: '', bytes: 1 });

  it('turns API answers into results and lists the first errors of each rejected file', async () => {
    const bad = await resultOf(
      file('22KC00'),
      answer(
        422,
        {},
        {
          code: 'invalid_export',
          errorCount: 7,
          errors: [
            { line: 3, column: 5, field: 'veilig_1', code: 'out_of_scale', message: '7 is not 1–4' },
            { line: 5, column: 6, field: 'veilig_2', code: 'out_of_scale', message: 'x is not 1–4' },
            { line: 6, column: 1, code: 'duplicate_respondent', message: 'duplicate' },
            { line: 7, column: 2, code: 'invalid_leerjaar', message: '9' },
          ],
        },
      ),
    );
    const forbidden = await resultOf(file('12AB00'), answer(403, {}, { code: 'forbidden', message: 'no' }));
    const ok = await resultOf(file('33CD00'), answer(201, {}, { respondents: 40 }));
    const same = await resultOf(file('44EF00'), answer(200, {}, { respondents: 30 }));
    const { lines, failed } = summaryLines({
      results: [ok, same, bad, forbidden],
      skipped: [{ name: 'x.txt', reason: 'not a .csv or .xlsx file' }],
      retries: 0,
    });
    expect(failed).toBe(true);
    expect(lines).toEqual([
      '4 file(s): 1 accepted, 1 unchanged, 2 rejected, 0 failed; 70 rows; 0 retried request(s)',
      'rejected 22KC00.csv: 422 invalid_export (7 errors, first 3)',
      '    line 3, column 5 (veilig_1): 7 is not 1–4',
      '    line 5, column 6 (veilig_2): x is not 1–4',
      '    line 6, column 1: duplicate',
      'rejected 12AB00.csv: 403 forbidden',
      '    no',
      'skipped x.txt: not a .csv or .xlsx file',
    ]);
    expect(summaryLines({ results: [ok, same], skipped: [], retries: 1 }).failed).toBe(false);
  });
});
