/** A Lambda handler for the function-host tests: reports its environment, its thread and its call count. */
import { pbkdf2Sync } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

// Fails its first init (no marker file yet), as a function whose setting is missing would; later inits succeed.
const marker = process.env.INIT_MARKER;
if (marker && !existsSync(marker)) {
  writeFileSync(marker, 'x');
  throw new Error('Invalid configuration: MSV_TABLE_NAME: is not set');
}

let calls = 0;

export const handler = async (
  event: { sleepMs?: number; work?: number; fail?: boolean },
  context: { awsRequestId: string },
) => {
  calls++;
  await new Promise((r) => setTimeout(r, event.sleepMs ?? 0));
  // A fixed amount of CPU work (PBKDF2 rounds, on this thread): what the host's stats must count.
  if (event.work) pbkdf2Sync('fixture', 'salt', event.work, 32, 'sha256');
  if (event.fail) throw new TypeError('boom');
  return { threadId, calls, env: { ...process.env }, requestId: context.awsRequestId };
};
