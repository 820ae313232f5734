/**
 * `npm start` as a child process with its own data directory and a free port, as a newcomer (or a browser
 * test) runs it. Used by the local-stack and end-to-end tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackInfo } from '../../infra/local/start.js';

export interface RunningStack {
  child: ChildProcess;
  /** Resolves with stack.json once the stack says it is up; rejects if it exits first. */
  ready: () => Promise<StackInfo>;
  exited: Promise<number | null>;
  output: () => string;
}

/** What the gateway logs for an answer that does not fit its route's contract (infra/local/gateway.ts). */
const CONTRACT_MISMATCH = 'does not match the API contract';
const started: RunningStack[] = [];

/**
 * Starts `infra/local/start.ts` with MSV_LOCAL_DIR = `dir`, PORT=0 and `env` on top of the test's environment,
 * its gateway checking every answer against the API contract (MSV_CHECK_RESPONSES).
 */
export const startLocalStack = (dir: string, env: Record<string, string> = {}): RunningStack => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    env: { ...process.env, MSV_LOCAL_DIR: dir, PORT: '0', MSV_CHECK_RESPONSES: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  const stack = { child, ready, exited, output: () => output };
  started.push(stack);
  return stack;
};

/**
 * Stops stacks still running: SIGTERM first, so each stops its JVM; SIGKILL after 10 s. Then fails if any stack
 * this test file started answered something that does not fit the API contract.
 */
export const stopLocalStacks = async (children: ChildProcess[]): Promise<void> => {
  for (const c of children.filter((x) => x.exitCode === null)) {
    c.kill('SIGTERM');
    await Promise.race([new Promise((r) => c.once('exit', r)), new Promise((r) => setTimeout(r, 10_000))]);
    if (c.exitCode === null) c.kill('SIGKILL');
  }
  const mismatches = started
    .flatMap((s) => s.output().split('\n'))
    .filter(
      (line, i, lines) => line.includes(CONTRACT_MISMATCH) || lines[i - 1]?.includes(CONTRACT_MISMATCH),
    );
  if (mismatches.length > 0)
    throw new Error(`npm start answered outside the API contract:\n${mismatches.join('\n')}`);
};

/** A consent for the demo VO school 22KC00 (level school, one havo group), as the board would give it. */
export const demoConsentBody = (deliveryDate: string) => ({
  level: 'school',
  deliveryDate,
  administration: {
    surveyedLeerjaren: [1, 2, 3, 4],
    period: { from: '2026-01-12', to: '2026-02-06' },
    mode: 'online',
    anonymous: true,
    supervision: 'mentor',
    studentCounts: [{ onderwijssoort: 'havo', leerjaar: 1, students: 30 }],
  },
});
