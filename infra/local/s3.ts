/** An S3-compatible server (s3rver) in this process. */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface LocalS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts s3rver; without `dataDir` it uses a temporary directory that is emptied on stop. */
export const startS3 = async (opts: { port: number; dataDir?: string }): Promise<LocalS3> => {
  const directory = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'msv-s3-'));
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    port: opts.port,
    address: '127.0.0.1',
    directory,
    silent: true,
    resetOnClose: opts.dataDir === undefined,
  });
  await server.run();
  return { endpoint: `http://127.0.0.1:${opts.port}`, stop: () => server.close() };
};
