/**
 * `npm run admin -- upload --file …`: one file for several schools through `POST /exports`, against a local HTTP
 * server that answers as the API does (200, 207, 422, 415, a 503 before its 200, no answer at all): what is
 * sent, each school's line and the totals of the summary, the exit code, and the arguments refused.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeError } from '../../infra/admin/bulk-upload/describe-error.js';
import {
  schoolsFileSummaryLines,
  UnreadableFileError,
  uploadSchoolsFile,
} from '../../infra/admin/bulk-upload/upload-file.js';
import { parseCommand, UsageError } from '../../infra/admin/parse-args.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Seen {
  method?: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body: Buffer;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/** What the server answers next, in order; the last one again once they are used up. */
let answers: Answer[] = [];
let seen: Seen[] = [];
let server: Server;
let api: string;

const read = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

beforeAll(async () => {
  server = createServer(async (req, res) => {
    seen.push({
      method: req.method,
      url: req.url ?? '',
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body: await read(req),
    });
    const a = (answers.length > 1 ? answers.shift() : answers[0]) as Answer;
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
    res.end(JSON.stringify(a.body ?? {}));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  answers = [];
  seen = [];
});

const dir = mkdtempSync(join(tmpdir(), 'msv-upload-file-'));
const write = (name: string, bytes: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
/** Not a real workbook: the server here does not read it, only checks that the bytes arrive unchanged. */
const workbook = write('alle-scholen.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x80, 0x81]));
const csvFile = write(
  'alle-scholen.csv',
  Buffer.from('respondent;brin;vraag\r\nR1;22KC00;caf\xe9\r\n', 'latin1'),
);

const accepted = (schoolId: string, respondents: number, unchanged = false) => ({
  schoolId,
  exportId: `exp_${schoolId}`,
  status: 'accepted',
  unchanged,
  respondents,
  acceptedAt: '2026-03-02T09:00:00.000Z',
  summary: {},
  delivery: null,
});

const options = (file: string, extra: { sheet?: string } = {}) => ({
  file,
  api,
  token: 'msv_vendor_test',
  schoolYear: '2025-2026',
  instrument: 'msv-basis',
  retry: { baseMs: 1, maxMs: 5 },
  ...extra,
});

describe('upload --file: what is sent', () => {
  it('posts the bytes unchanged to /exports with the year, instrument and sheet, a workbook as itself', async () => {
    answers = [{ status: 200, body: { schools: [accepted('22KC00', 30)] } }];
    await uploadSchoolsFile(options(workbook, { sheet: 'Alle scholen' }));
    await uploadSchoolsFile(options(csvFile));
    expect(seen.map((s) => [s.method, s.url, s.authorization, s.contentType])).toEqual([
      [
        'POST',
        '/exports?schoolYear=2025-2026&instrument=msv-basis&sheet=Alle+scholen',
        'Bearer msv_vendor_test',
        XLSX_TYPE,
      ],
      // A CSV file byte for byte, whatever its encoding.
      [
        'POST',
        '/exports?schoolYear=2025-2026&instrument=msv-basis',
        'Bearer msv_vendor_test',
        'application/octet-stream',
      ],
    ]);
    expect(seen[0]?.body.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x80, 0x81]))).toBe(true);
    expect(seen[1]?.body.toString('latin1')).toContain('caf\xe9');
  });

  it('says a file that cannot be read is a bad argument, and sends nothing', async () => {
    await expect(uploadSchoolsFile(options(join(dir, 'missing.xlsx')))).rejects.toThrow(UnreadableFileError);
    await expect(uploadSchoolsFile(options(dir))).rejects.toThrow(UnreadableFileError);
    expect(seen).toEqual([]);
  });
});

describe('upload --file: the answers', () => {
  it('200: every school on its line, then the totals; not failed', async () => {
    answers = [
      { status: 200, body: { accepted: 2, schools: [accepted('22KC00', 30), accepted('33CD00', 20, true)] } },
    ];
    const report = await uploadSchoolsFile(options(workbook));
    expect(schoolsFileSummaryLines(report)).toEqual({
      failed: false,
      lines: [
        'accepted 22KC00: 30 rows',
        'unchanged 33CD00: 20 rows',
        'alle-scholen.xlsx: 200; 2 school(s): 1 accepted, 1 unchanged, 0 rejected, 0 refused; 50 rows; 0 retried request(s)',
      ],
    });
  });

  it('retries a 503 (with Retry-After) into the 200, sending the same bytes again', async () => {
    answers = [
      { status: 503, headers: { 'retry-after': '0' }, body: { message: 'Service Unavailable' } },
      { status: 200, body: { schools: [accepted('22KC00', 30)] } },
    ];
    const retried: string[] = [];
    const report = await uploadSchoolsFile({ ...options(workbook), onRetry: (i) => retried.push(i.reason) });
    expect(seen).toHaveLength(2);
    expect(seen[1]?.body.equals(seen[0]?.body as Buffer)).toBe(true);
    expect(retried).toEqual(['HTTP 503']);
    expect(report).toMatchObject({ outcome: 'split', status: 200, retries: 1 });
    const { lines, failed } = schoolsFileSummaryLines(report);
    expect(failed).toBe(false);
    expect(lines.at(-1)).toBe(
      'alle-scholen.xlsx: 200; 1 school(s): 1 accepted, 0 unchanged, 0 rejected, 0 refused; 30 rows; 1 retried request(s)',
    );
  });

  it("207: a rejected school's first three errors by row, column letter and sheet; refused ones with their code", async () => {
    const error = (line: number, letter: string, field: string) => ({
      line,
      column: letter.charCodeAt(0) - 64,
      columnLetter: letter,
      sheet: 'Alle scholen',
      field,
      code: 'out_of_scale',
      message: '7 is not on the 4-point scale',
    });
    answers = [
      {
        status: 207,
        body: {
          accepted: 1,
          rejected: 1,
          refused: 2,
          schools: [
            accepted('22KC00', 30),
            {
              schoolId: '33CD00',
              status: 'rejected',
              code: 'invalid_export',
              errorCount: 5,
              errors: [
                error(4, 'F', 'veilig_1'),
                error(6, 'G', 'veilig_2'),
                {
                  line: 9,
                  column: null,
                  sheet: 'Alle scholen',
                  field: null,
                  code: 'duplicate_respondent',
                  message: 'R3 again',
                },
                error(11, 'H', 'veilig_3'),
                error(12, 'H', 'veilig_3'),
              ],
            },
            { schoolId: '44EF00', status: 'refused', code: 'forbidden' },
            { schoolId: '55GH00', status: 'refused', code: 'school_not_found' },
          ],
        },
      },
    ];
    const report = await uploadSchoolsFile(options(workbook));
    expect(report.retries).toBe(0);
    expect(schoolsFileSummaryLines(report)).toEqual({
      failed: true,
      lines: [
        'accepted 22KC00: 30 rows',
        'rejected 33CD00: invalid_export (5 errors, first 3)',
        '    sheet "Alle scholen" row 4, column F (veilig_1): 7 is not on the 4-point scale',
        '    sheet "Alle scholen" row 6, column G (veilig_2): 7 is not on the 4-point scale',
        '    sheet "Alle scholen" row 9: R3 again',
        'refused 44EF00: forbidden',
        'refused 55GH00: school_not_found',
        'alle-scholen.xlsx: 207; 4 school(s): 1 accepted, 0 unchanged, 1 rejected, 2 refused; 30 rows; 0 retried request(s)',
      ],
    });
  });

  it('422: the whole file refused with its first errors, nothing stored; failed', async () => {
    answers = [
      {
        status: 422,
        body: {
          code: 'invalid_export',
          message: 'The file has 4 problem(s); nothing was stored for any school.',
          errorCount: 4,
          errors: [
            { line: 3, column: 2, field: 'brin', code: 'missing_school', message: 'no school' },
            { line: 5, column: 2, field: 'brin', code: 'invalid_school', message: '"XX" is not a BRIN' },
            {
              line: 0,
              column: null,
              field: null,
              code: 'too_many_schools',
              message: 'more than 200 schools',
            },
            { line: 8, column: 2, field: 'brin', code: 'missing_school', message: 'no school' },
          ],
        },
      },
    ];
    const report = await uploadSchoolsFile(options(csvFile));
    expect(seen).toHaveLength(1);
    expect(schoolsFileSummaryLines(report)).toEqual({
      failed: true,
      lines: [
        'rejected alle-scholen.csv: 422 invalid_export (4 errors, first 3)',
        '    line 3, column 2 (brin): no school',
        '    line 5, column 2 (brin): "XX" is not a BRIN',
        '    more than 200 schools',
        'nothing was stored for any school; 0 retried request(s)',
      ],
    });
  });

  it('415 and 400 are not retried and show their message; 503 every time fails after the retries', async () => {
    answers = [{ status: 415, body: { code: 'unsupported_media_type', message: 'Send the export as …' } }];
    const refused = schoolsFileSummaryLines(await uploadSchoolsFile(options(csvFile)));
    expect(refused.lines.slice(0, 2)).toEqual([
      'rejected alle-scholen.csv: 415 unsupported_media_type',
      '    Send the export as …',
    ]);
    expect(seen).toHaveLength(1);

    seen = [];
    answers = [{ status: 503, body: { message: 'Service Unavailable' } }];
    const report = await uploadSchoolsFile({
      ...options(csvFile),
      retry: { retries: 2, baseMs: 1, maxMs: 2 },
    });
    expect(seen).toHaveLength(3);
    expect(schoolsFileSummaryLines(report)).toEqual({
      failed: true,
      lines: [
        'failed alle-scholen.csv: 503 http_503',
        '    Service Unavailable',
        'no answer from the API, nothing is known to be stored; 2 retried request(s)',
      ],
    });
  });

  it('no server at all: failed with the network error after the retries', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const report = await uploadSchoolsFile({
      ...options(csvFile),
      api: `http://127.0.0.1:${port}`,
      retry: { retries: 1, baseMs: 1, maxMs: 2 },
    });
    expect(report).toMatchObject({ outcome: 'failed', code: 'network_error', retries: 1 });
    expect(schoolsFileSummaryLines(report).failed).toBe(true);
  });

  it('places an error as the folder upload does: a CSV line and column, or a workbook row and letter', () => {
    expect(describeError({ line: 3, column: 5, field: 'veilig_1', message: 'bad' })).toBe(
      'line 3, column 5 (veilig_1): bad',
    );
    expect(describeError({ line: 3, column: 5, columnLetter: 'E', sheet: 'Blad1', message: 'bad' })).toBe(
      'sheet "Blad1" row 3, column E: bad',
    );
    expect(describeError({ line: 0, column: null, field: null, message: 'empty' })).toBe('empty');
  });
});

describe('upload --file: arguments', () => {
  const parse = (line: string) => parseCommand(line.split(' '));

  it('parses --file with --sheet; --dir as before', () => {
    expect(
      parse('upload --file alle-scholen.xlsx --year 2025-2026 --instrument msv-basis --sheet Blad1').command,
    ).toEqual({
      cmd: 'upload',
      file: 'alle-scholen.xlsx',
      sheet: 'Blad1',
      schoolYear: '2025-2026',
      instrument: 'msv-basis',
      api: undefined,
      token: undefined,
    });
    expect(parse('upload --dir exports --year 2025-2026 --instrument msv-basis').command).toMatchObject({
      dir: 'exports',
      concurrency: 4,
    });
  });

  it.each([
    ['upload --file a.xlsx --dir exports --year 2025-2026 --instrument msv-basis', /not both/],
    ['upload --year 2025-2026 --instrument msv-basis', /--dir is required \(or --file/],
    [
      'upload --file a.xlsx --year 2025-2026 --instrument msv-basis --concurrency 2',
      /--concurrency is for --dir/,
    ],
    ['upload --dir exports --year 2025-2026 --instrument msv-basis --sheet Blad1', /--sheet is for --file/],
    [
      `upload --file a.xlsx --year 2025-2026 --instrument msv-basis --sheet ${'x'.repeat(32)}`,
      /--sheet: must be 1 to 31/,
    ],
    ['upload --file a.xlsx --year 2025 --instrument msv-basis', /--year/],
    [
      'upload --file a.xlsx --year 2025-2026 --instrument msv-basis --target aws',
      /needs both --api and --token/,
    ],
    ['upload --file a.xlsx --year 2025-2026', /--instrument is required/],
  ])('refuses %s', (line, message) => {
    expect(() => parse(line)).toThrow(UsageError);
    expect(() => parse(line)).toThrow(message);
  });
});

describe('upload --file: the CLI process', () => {
  const cli = (args: string[]) =>
    promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'infra/admin/cli.ts', 'upload', ...args],
      // The token through the environment, as the README advises; no local stack is read with --api given.
      { env: { ...process.env, MSV_TOKEN: 'msv_vendor_test', MSV_LOCAL_DIR: dir } },
    ).then(
      (x) => ({ code: 0, ...x }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  const args = (file: string) => [
    '--file',
    file,
    '--year',
    '2025-2026',
    '--instrument',
    'msv-basis',
    '--api',
    api,
  ];

  it('exits 0 only on a 200, 1 on a 207, 2 for bad arguments or a file that is not there', async () => {
    answers = [{ status: 200, body: { schools: [accepted('22KC00', 30)] } }];
    const ok = await cli(args(workbook));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('accepted 22KC00: 30 rows\nalle-scholen.xlsx: 200; 1 school(s): 1 accepted');
    expect(seen[0]?.authorization).toBe('Bearer msv_vendor_test');

    answers = [
      {
        status: 207,
        body: {
          schools: [accepted('22KC00', 30), { schoolId: '44EF00', status: 'refused', code: 'forbidden' }],
        },
      },
    ];
    const partly = await cli(args(workbook));
    expect(partly.code).toBe(1);
    expect(partly.stdout).toContain('refused 44EF00: forbidden');

    const both = await cli([...args(workbook), '--dir', dir]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    const missing = await cli(args(join(dir, 'missing.xlsx')));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error: --file .*missing\.xlsx: ENOENT/);
    expect(seen).toHaveLength(2);
  }, 60_000);
});
