/**
 * `instrument put | list | show` as the operator runs them: the admin CLI in its own process against DynamoDB
 * Local, found through a stack.json as `npm start` writes it. A file that is not a valid definition is refused
 * with every problem named by path, exit 1, and nothing stored.
 *
 * A table of its own: `instrument list` shows every instrument in the table.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { ensureTable } from '../../infra/local/bootstrap.js';
import type { Stores } from '../../shared/store/stores.js';
import { runAdmin } from '../support/admin-cli.js';
import { useLocalAws } from '../support/env.js';

const env = useLocalAws();
const EXAMPLE = 'events/instruments/example-instrument.json';
const dir = mkdtempSync(join(tmpdir(), 'msv-instruments-'));
let store: Stores;

beforeAll(async () => {
  const client = new DynamoDBClient({});
  const tableName = `msv-test-instrument-cli-${randomBytes(3).toString('hex')}`;
  await ensureTable(client, tableName);
  store = dynamoStores(client, tableName);
  writeFileSync(
    join(dir, 'stack.json'),
    JSON.stringify({
      dynamodbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
      s3Endpoint: env.AWS_ENDPOINT_URL_S3,
      sesUrl: env.AWS_ENDPOINT_URL_SES,
      uploadBucket: env.MSV_UPLOAD_BUCKET,
      tableName,
    }),
  );
});

const admin = (...args: string[]) => runAdmin(dir, ['instrument', ...args]);

/** A definition file in the test's directory. */
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const example = () => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;

// Each command is a process of its own (about 1.5 s each, more on a busy machine).
describe('admin CLI: instruments', { timeout: 90_000 }, () => {
  it('refuses a definition with every problem named, exit 1, and stores nothing', async () => {
    const def = example() as { items: Array<Record<string, unknown>>; publisher?: string };
    delete def.publisher;
    def.items[1] = { ...def.items[1], domain: 'pesten' };
    def.items[3] = { ...def.items[3], scale: { points: 4, labels: ['ja', 'nee', 'weet ik niet'] } };
    const r = await admin('put', '--file', file('bad.json', JSON.stringify(def)));
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(
      /^error: .*bad\.json is not a valid instrument definition \(3 problem\(s\)\); nothing stored$/,
    );
    expect(lines).toHaveLength(4);
    expect(r.stderr).toMatch(/^ {2}publisher: /m);
    expect(r.stderr).toMatch(/^ {2}items\[1\]\.domain: /m);
    expect(r.stderr).toMatch(
      /^ {2}items\[3\]\.scale(\.labels)?: a scale needs exactly one label per point$/m,
    );
    expect(await store.instruments.list()).toEqual([]);
  });

  it('refuses a file that is not JSON (exit 1) and one that is not there (exit 2)', async () => {
    const notJson = await admin('put', '--file', file('not.json', '{"id": "debrug-klimaat",'));
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^ {2}\(file\): not JSON: /m);
    const missing = await admin('put', '--file', join(dir, 'nowhere.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot read .*nowhere\.json: ENOENT$/m);
    expect(await store.instruments.list()).toEqual([]);
  });

  it('puts, lists and shows an instrument by version', async () => {
    const put = await admin('put', '--file', EXAMPLE);
    expect(put).toMatchObject({ code: 0, stdout: 'instrument debrug-klimaat version 1 stored\n' });
    const again = await admin('put', '--file', EXAMPLE);
    expect(again.stdout).toBe('instrument debrug-klimaat unchanged (version 1)\n');

    // What `show` prints can be edited and put again: its version is the store's and is ignored.
    const shown = await admin('show', '--id', 'debrug-klimaat');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual({ ...example(), version: 1 });
    const edited = { ...JSON.parse(shown.stdout), name: 'De Brug Schoolklimaatpeiling 2026' };
    const put2 = await admin('put', '--file', file('edited.json', JSON.stringify(edited)));
    expect(put2.stdout).toBe(
      "the file's version 1 is ignored: the store numbers versions\ninstrument debrug-klimaat version 2 stored\n",
    );

    const list = await admin('list');
    expect(list.code).toBe(0);
    const [header, row, ...shipped] = list.stdout.trim().split('\n');
    expect(header).toMatch(/^id +version +items +name +publisher +stored$/);
    expect(row).toMatch(
      /^debrug-klimaat +2 +4 +De Brug Schoolklimaatpeiling 2026 +Onderzoeksbureau De Brug +\S+Z by operator$/,
    );
    // The shipped instruments are listed as their version 1.
    expect(shipped).toEqual([
      expect.stringMatching(/^msv-basis +1 +15 +MSV Basis +msv +shipped with msv by msv$/),
      expect.stringMatching(/^msv-vijfpunts +1 +/),
    ]);

    const v1 = await admin('show', '--id', 'debrug-klimaat', '--version', '1');
    expect(JSON.parse(v1.stdout).name).toBe('De Brug Schoolklimaatpeiling');
    const v3 = await admin('show', '--id', 'debrug-klimaat', '--version', '3');
    expect(v3.code).toBe(2);
    expect(v3.stderr).toBe('error: instrument debrug-klimaat has no version 3\n');
    // A shipped instrument's file is its version 1: the same file is unchanged, a change is version 2.
    const basisFile = new URL('../../shared/instruments/definitions/msv-basis.json', import.meta.url)
      .pathname;
    expect((await admin('put', '--file', basisFile)).stdout).toContain(
      'instrument msv-basis unchanged (version 1)\n',
    );
    const basis = JSON.parse(readFileSync(basisFile, 'utf8'));
    const renamed = file('basis.json', JSON.stringify({ ...basis, name: 'MSV Basis (herzien)' }));
    expect((await admin('put', '--file', renamed)).stdout).toContain('instrument msv-basis version 2 stored');
    expect(JSON.parse((await admin('show', '--id', 'msv-basis', '--version', '1')).stdout).name).toBe(
      'MSV Basis',
    );
    expect(JSON.parse((await admin('show', '--id', 'msv-basis')).stdout)).toMatchObject({
      name: 'MSV Basis (herzien)',
      version: 2,
    });
    const bad = await admin('show', '--id', 'debrug-klimaat', '--version', 'twee');
    expect(bad).toMatchObject({ code: 2, stderr: 'error: --version: must be a version number (1, 2, …)\n' });
  });
});
