/**
 * The admin CLI as the operator runs it (`npm run admin -- …`), against a local stack the test started: its own
 * process, which finds the stack through the `stack.json` in `dir` (MSV_LOCAL_DIR, as infra/admin/target.ts reads
 * it), so a test exercises the same command line, argument checks and exit codes as a person would.
 */
import { execFile } from 'node:child_process';

export interface AdminRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `infra/admin/cli.ts` with `args` against the local stack whose data directory is `dir`; `env` on top
 * (e.g. MSV_NOW, so the records it writes carry the stack's day). Resolves with the exit code and the output,
 * also for a failed command (exit 1 or 2).
 */
export const runAdmin = (dir: string, args: string[], env: Record<string, string> = {}): Promise<AdminRun> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'infra/admin/cli.ts', ...args],
      { env: { ...process.env, MSV_LOCAL_DIR: dir, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
