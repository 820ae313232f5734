/**
 * The vendor bulk upload against a real gateway (the local gateway in-process, the real authorizer and upload
 * handler, DynamoDB Local and s3rver): good files accepted, an unchanged re-upload, a bad file with its 422
 * errors, a school outside the vendor token's list (403), and a 503 from a fault-injecting proxy in front,
 * retried into a 201. The first run goes through the CLI process itself, as a vendor runs it; so does one
 * workbook for two schools (`--file`, `POST /exports`), one of them outside the token's list.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { uploadFolder } from '../../infra/admin/bulk-upload/upload-folder.js';
import { contractCheck } from '../../infra/local/contract-check.js';
import { createGateway } from '../../infra/local/gateway.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import type { School } from '../../shared/model.js';
import { useLocalAws } from '../support/env.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';
import { basisRows, workbookBytes } from '../support/workbooks.js';

useLocalAws();
const YEAR = '2025-2026';
const sample = (name: string) => new URL(`../../events/exports/${name}`, import.meta.url).pathname;
const servers: Server[] = [];
let runtime: LocalRuntime;
let api: string;
let token: string;
let mine: [School, School, School];
let foreign: School;

const listen = async (server: Server): Promise<string> => {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  const store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  const board = await createBoard(store);
  mine = [
    await createSchool(store, board.boardId),
    await createSchool(store, board.boardId),
    await createSchool(store, board.boardId),
  ];
  foreign = await createSchool(store, board.boardId);
  ({ token } = await createToken(store, 'vendor', { schoolIds: mine.map((s) => s.schoolId) }));
  runtime = await startTestRuntime({ now: '2026-03-02T10:00:00+01:00' });
  api = await listen(
    createGateway({
      invoke: (fn, event, requestId) => runtime.invoke(fn, event, requestId),
      checkAnswer: contractCheck(),
    }),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await runtime?.stop();
});

const folder = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'msv-bulk-'));
  for (const [name, from] of Object.entries(files)) copyFileSync(sample(from), join(dir, name));
  return dir;
};

describe('npm run admin -- upload', () => {
  it('uploads a folder through the API: accepted, rejected with errors, 403 outside the list, exit 1', async () => {
    const [a, b] = mine;
    const dir = folder({
      [`${a.schoolId}.csv`]: 'vo-excel-windows-1252.csv',
      [`${b.schoolId}.csv`]: 'vo-wrong-answers.csv',
      [`${foreign.schoolId}.csv`]: 'vo-excel-windows-1252.csv',
    });
    writeFileSync(join(dir, 'notes.txt'), 'not an export');
    writeFileSync(join(dir, 'school-22.csv'), 'respondent\n');
    const r = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'infra/admin/cli.ts',
        'upload',
        '--dir',
        dir,
        '--year',
        YEAR,
        '--instrument',
        'msv-basis',
        '--api',
        api,
        '--concurrency',
        '2',
      ],
      // The token through the environment, as the README advises (not in argv, where ps shows it).
      { env: { ...process.env, MSV_LOCAL_DIR: dir, MSV_TOKEN: token } },
    ).then(
      (x) => ({ code: 0, ...x }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('3 file(s): 1 accepted, 0 unchanged, 2 rejected, 0 failed; 40 rows');
    expect(r.stdout).toMatch(
      new RegExp(`rejected ${b.schoolId}\\.csv: 422 invalid_export \\(\\d+ errors, first 3\\)`),
    );
    expect(r.stdout).toContain('line 3, column');
    expect(r.stdout).toContain(`rejected ${foreign.schoolId}.csv: 403 forbidden`);
    expect(r.stdout).toContain('skipped notes.txt: not a .csv or .xlsx file');
    expect(r.stdout).toContain('skipped school-22.csv: the name must be {schoolId}.csv');
    // Not a terminal: plain progress lines on stderr, the last one complete.
    const progress = r.stderr.trim().split('\n');
    expect(progress.at(-1)).toMatch(/^\[#{20}\] {2}3\/3 files {2}40 rows {2}2 failed {2}.* total$/);
    expect(r.stderr).not.toContain('\r');
  }, 60_000);

  it('reports the same bytes again as unchanged', async () => {
    const [a] = mine;
    const report = await uploadFolder({
      dir: folder({ [`${a.schoolId}.csv`]: 'vo-excel-windows-1252.csv' }),
      api,
      token,
      schoolYear: YEAR,
      instrument: 'msv-basis',
      concurrency: 1,
    });
    expect(report.results.map((x) => [x.outcome, x.status, x.rows])).toEqual([['unchanged', 200, 40]]);
  });

  it('retries a 503 (with Retry-After) from a proxy in front and gets the 201', async () => {
    const [, , c] = mine;
    let failuresLeft = 1;
    const seen: number[] = [];
    const proxy = await listen(
      createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        if (failuresLeft-- > 0) {
          seen.push(503);
          res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' });
          res.end('{"message":"Service Unavailable"}');
          return;
        }
        const upstream = await fetch(`${api}${req.url}`, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        });
        seen.push(upstream.status);
        res.writeHead(upstream.status, { 'content-type': 'application/json' });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      }),
    );
    const report = await uploadFolder({
      dir: folder({ [`${c.schoolId}.csv`]: 'vo-utf8-bom-comma.csv' }),
      api: proxy,
      token,
      schoolYear: YEAR,
      instrument: 'msv-basis',
      concurrency: 1,
    });
    expect(seen).toEqual([503, 201]);
    expect(report.retries).toBe(1);
    expect(report.results.map((x) => [x.outcome, x.rows])).toEqual([['accepted', 30]]);
  });

  it('uploads one workbook for two schools with --file: the own one accepted, the other refused, exit 1', async () => {
    const [, b] = mine;
    const rows = basisRows(20);
    const head = ['brin', ...(rows[0] as string[])];
    const dir = mkdtempSync(join(tmpdir(), 'msv-bulk-file-'));
    const file = join(dir, 'alle-scholen.xlsx');
    writeFileSync(
      file,
      workbookBytes({
        name: 'Alle scholen',
        rows: [
          head,
          ...rows.slice(1, 13).map((r) => [b.schoolId, ...r]),
          ...rows.slice(13, 18).map((r) => [foreign.schoolId, ...r]),
        ],
      }),
    );
    const r = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'infra/admin/cli.ts',
        'upload',
        '--file',
        file,
        '--sheet',
        'Alle scholen',
        '--year',
        YEAR,
        '--instrument',
        'msv-basis',
        '--api',
        api,
      ],
      { env: { ...process.env, MSV_LOCAL_DIR: dir, MSV_TOKEN: token } },
    ).then(
      (x) => ({ code: 0, ...x }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    // A 207: one school's part stored, the school outside the token's list refused, so not a success.
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      `accepted ${b.schoolId}: 12 rows`,
      `refused ${foreign.schoolId}: forbidden`,
      'alle-scholen.xlsx: 207; 2 school(s): 1 accepted, 0 unchanged, 0 rejected, 1 refused; 12 rows; 0 retried request(s)',
    ]);
  }, 60_000);
});
