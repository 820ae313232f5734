/**
 * `npm start` as a newcomer runs it: a child process with its own data directory and port. It must come up,
 * seed the demo, answer through the real gateway, keep data across a restart, and leave no JVM behind.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPortFree } from '../../infra/local/ports.js';
import type { StackInfo } from '../../infra/local/start.js';

const dir = mkdtempSync(join(tmpdir(), 'msv-start-'));
const children: ChildProcess[] = [];

const start = (env: Record<string, string> = {}) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    // A fixed "now" inside the school year, so the consent dates below stay valid whenever the test runs.
    env: { ...process.env, MSV_LOCAL_DIR: dir, PORT: '0', MSV_NOW: '2026-03-02T10:00:00+01:00', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = async (): Promise<StackInfo> => {
    for (let i = 0; i < 600; i++) {
      if (output.includes('Ctrl-C stops everything')) {
        return JSON.parse(readFileSync(join(dir, 'stack.json'), 'utf8')) as StackInfo;
      }
      if (child.exitCode !== null) throw new Error(`npm start exited: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`npm start did not come up: ${output}`);
  };
  return { child, ready, exited, output: () => output };
};

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('npm start', () => {
  it('comes up, serves the API with the demo tokens, persists across a restart and stops cleanly', async () => {
    const first = start({ PORT: '0' });
    const info = await first.ready();
    expect(Object.keys(info)).toEqual(
      expect.arrayContaining(['apiUrl', 'sesUrl', 's3Endpoint', 'dynamodbEndpoint', 'tokens']),
    );
    const api = info.apiUrl;
    expect((await fetch(`${api}/health`)).status).toBe(200);
    expect((await fetch(`${api}/instruments`)).status).toBe(401);
    expect(
      (
        await fetch(`${api}/instruments`, {
          headers: { authorization: 'Bearer msv_school_bogus-bogus-bogus' },
        })
      ).status,
    ).toBe(403);

    const upload = await fetch(`${api}/schools/22KC00/years/2025-2026/exports?instrument=msv-basis`, {
      method: 'POST',
      headers: { authorization: `Bearer ${info.tokens.school22KC00}`, 'content-type': 'text/csv' },
      body: readFileSync(new URL('../../events/exports/vo-excel-windows-1252.csv', import.meta.url)),
    });
    expect(upload.status).toBe(201);
    const { exportId } = (await upload.json()) as { exportId: string };
    const foreign = await fetch(`${api}/schools/22KC00/years/2025-2026/exports`, {
      headers: { authorization: `Bearer ${info.tokens.school12AB00}` },
    });
    expect(foreign.status).toBe(403);

    // Consent with the demo board token: a mail on the local SES page and a schedule the admin CLI lists.
    const consent = await fetch(`${api}/schools/22KC00/years/2025-2026/consent`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${info.tokens.board41234}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        level: 'school',
        deliveryDate: '2026-05-12',
        administration: {
          surveyedLeerjaren: [1, 2, 3, 4],
          period: { from: '2026-01-12', to: '2026-02-06' },
          mode: 'online',
          anonymous: true,
          supervision: 'mentor',
          studentCounts: [{ onderwijssoort: 'havo', leerjaar: 1, students: 30 }],
        },
      }),
    });
    expect(consent.status).toBe(201);
    const store = (await (await fetch(`${info.sesUrl}/store`)).json()) as {
      emails: Array<{ subject: string }>;
    };
    expect(store.emails.map((m) => m.subject)).toEqual([expect.stringContaining('Toestemming gegeven')]);
    const admin = (...args: string[]) =>
      execFileSync(process.execPath, ['--import', 'tsx', 'infra/admin/cli.ts', ...args], {
        env: { ...process.env, MSV_LOCAL_DIR: dir },
        encoding: 'utf8',
      });
    expect(admin('schedules', 'list')).toContain('msv-delivery-2026-05-12');
    const revoked = await fetch(`${api}/schools/22KC00/years/2025-2026/consent`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${info.tokens.board41234}` },
    });
    expect(revoked.status).toBe(200);
    expect(admin('schedules', 'list')).toContain('no schedules');
    const after = (await (await fetch(`${info.sesUrl}/store`)).json()) as {
      emails: Array<{ subject: string }>;
    };
    expect(after.emails.at(-1)?.subject).toContain('ingetrokken');

    const ddbPort = Number(new URL(info.dynamodbEndpoint).port);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(await isPortFree(ddbPort)).toBe(true);
    expect(existsSync(join(dir, 'dynamodb.pid'))).toBe(false);

    // Same data directory: the export and the demo tokens survive.
    const second = start();
    const again = await second.ready();
    expect(again.tokens.school22KC00).toBe(info.tokens.school22KC00);
    const list = await fetch(`${again.apiUrl}/schools/22KC00/years/2025-2026/exports`, {
      headers: { authorization: `Bearer ${again.tokens.school22KC00}` },
    });
    expect(((await list.json()) as { currentExportId: string }).currentExportId).toBe(exportId);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);

  it('says in one sentence what to install when Java is missing', async () => {
    const run = start({ PATH: '/nonexistent', MSV_LOCAL_DIR: mkdtempSync(join(tmpdir(), 'msv-nojava-')) });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Java 17 or newer is required for DynamoDB Local: install it');
  }, 60_000);
});
