/**
 * Ingest benchmark: our parse + validate + aggregate against the bare CSV parser on the same bytes, peak memory at
 * growing row counts, each in a fresh process so that one run's heap does not colour the next, and the ingest of
 * respondent ids crafted to collide in the duplicate index against ordinary ids; and a workbook next to the same
 * data as CSV.
 *
 *   npx tsx bench/ingest.ts            full report
 *   (internal) --child N               one memory measurement, printed as JSON
 */

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodeBytes } from '../shared/csv/decode.js';
import { CsvScanner, sniffDelimiter } from '../shared/csv/parse.js';
import { ONDERWIJSSOORTEN } from '../shared/ids.js';
import { ingestExport } from '../shared/ingest/ingest.js';
import { type IndexKey, keyedHome } from '../shared/ingest/respondent-index.js';
import { getInstrument } from '../shared/instruments/catalog.js';
import { craftIds, ordinaryIds, unkeyedHome } from '../test/support/crafted-ids.js';
import { bestSeconds } from './best-of.js';
import { benchSchoolsFile } from './ingest-schools.js';
import { benchWorkbook } from './ingest-workbook.js';

const instrument = getInstrument('msv-basis');
if (!instrument) throw new Error('msv-basis missing');
const school = { sector: 'vo' as const, onderwijssoorten: ONDERWIJSSOORTEN };

/** Which groups an export's rows fall into, taking turns: a leerjaar (a groep in primary) and an onderwijssoort. */
export interface ExportShape {
  leerjaren: readonly number[];
  /** Empty: the column is left empty (primary and special schools have no onderwijssoort). */
  onderwijssoorten: readonly string[];
}

const VO_SHAPE: ExportShape = { leerjaren: [1, 2, 3, 4, 5, 6], onderwijssoorten: ONDERWIJSSOORTEN };

/**
 * A deterministic export of `rows` respondents, built as bytes: by default VO over 6 onderwijssoorten and leerjaar
 * 1–6 (`shape` says otherwise); the respondent ids are `R0`, `R1`, … unless `ids` gives them.
 */
export const generateExport = (rows: number, ids?: readonly string[], shape = VO_SHAPE): Buffer => {
  const header = `respondent;leerjaar;onderwijssoort;${instrument.items.map((i) => i.code).join(';')}\r\n`;
  const points = instrument.items.map((i) => i.scale.points);
  const { leerjaren, onderwijssoorten } = shape;
  // Rows are at most ~80 bytes: allocate once so generating does not set the memory peak.
  const buf = Buffer.allocUnsafe(header.length + rows * (96 + (ids ? 8 : 0)));
  let at = buf.write(header, 0, 'latin1');
  let seed = 42;
  for (let r = 0; r < rows; r++) {
    const soort = onderwijssoorten.length > 0 ? onderwijssoorten[r % onderwijssoorten.length] : '';
    let line = `${ids ? ids[r] : `R${r}`};${leerjaren[r % leerjaren.length]};${soort}`;
    for (const p of points) {
      seed = (seed * 48271) % 2147483647;
      const v = seed % (p + 1);
      line += v === 0 ? ';' : `;${v}`;
    }
    at += buf.write(`${line}\r\n`, at, 'latin1');
  }
  return buf.subarray(0, at);
};

const ingest = (bytes: Uint8Array) =>
  ingestExport(bytes, { instrument, school, minGroupSize: 5, maxRows: 1_000_000 });

const bare = (bytes: Uint8Array) => {
  const decoded = decodeBytes(bytes);
  if (!decoded.ok) throw new Error(decoded.message);
  const scanner = new CsvScanner(decoded.text, sniffDelimiter(decoded.text));
  let n = 0;
  while (scanner.nextFields()) n++;
  return n;
};

/** Rows per second of each function: the best of `runs`, taking turns ({@link bestSeconds}). */
const rowsPerSecond = (rows: number, fns: ReadonlyArray<() => unknown>, runs = 10): number[] =>
  bestSeconds(fns, runs).map((seconds) => rows / seconds);

/** The crafted-id figure fails above this: ingest of crafted ids at most twice as slow as of ordinary ones. */
const CRAFTED_TARGET = 2;

/**
 * Ingest time of `rows` respondent ids crafted to pile up in the duplicate index, next to as many ordinary ids of
 * the same length: crafted against the index's old unkeyed hash (7 s against 0.09 s before it was keyed), and
 * against the keyed hash with a key of the attacker's own, since the process's key never leaves the process.
 */
const benchCraftedIds = (rows: number) => {
  const guessed = Array.from(globalThis.crypto.getRandomValues(new Int32Array(4))) as unknown as IndexKey;
  const started = process.hrtime.bigint();
  const files = {
    ordinary: generateExport(rows, ordinaryIds(rows)),
    unkeyedHash: generateExport(rows, craftIds(rows, unkeyedHome)),
    guessedKey: generateExport(
      rows,
      craftIds(rows, (id) => keyedHome(id, guessed)),
    ),
  };
  const craftingSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [ordinary = 0, unkeyed = 0, guessedKey = 0] = rowsPerSecond(
    rows,
    Object.values(files).map((bytes) => () => {
      const r = ingest(bytes);
      if (!r.ok) throw new Error('generated export rejected');
    }),
  ).map((perSecond) => rows / perSecond);
  const figure = (seconds: number) => ({ seconds, ratio: seconds / ordinary });
  return {
    rows,
    target: CRAFTED_TARGET,
    craftingSeconds,
    ordinarySeconds: ordinary,
    craftedAgainstUnkeyedHash: figure(unkeyed),
    craftedAgainstGuessedKey: figure(guessedKey),
  };
};

/** Child: peak RSS growth during one ingest of N rows, above what generating the bytes already took. */
const child = (rows: number) => {
  const bytes = generateExport(rows);
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.resourceUsage().maxRSS;
  const r = ingest(bytes);
  if (!r.ok) throw new Error('generated export rejected');
  const after = process.resourceUsage().maxRSS;
  console.log(
    JSON.stringify({ rows, inputBytes: bytes.length, peakGrowthKiB: after - before, peakKiB: after }),
  );
};

export const benchIngest = async (): Promise<Record<string, unknown>> => {
  const rows = 100_000;
  const bytes = generateExport(rows);
  const [ours = 0, parser = 0] = rowsPerSecond(rows, [
    () => {
      const r = ingest(bytes);
      if (!r.ok) throw new Error('generated export rejected');
    },
    () => bare(bytes),
  ]);
  const ratio = ours / parser;

  const crafted = benchCraftedIds(rows);

  const me = fileURLToPath(import.meta.url);
  const memory = [25_000, 50_000, 100_000].map((n) => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', me, '--child', String(n)], {
      encoding: 'utf8',
    });
    return JSON.parse(out.trim().split('\n').pop() as string) as {
      rows: number;
      inputBytes: number;
      peakGrowthKiB: number;
      peakKiB: number;
    };
  });

  const mb = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
  console.log(
    `ingest of a generated ${rows.toLocaleString('en')}-respondent export (${(bytes.length / 1e6).toFixed(1)} MB)`,
  );
  console.log(`  parse + validate + aggregate  ${Math.round(ours).toLocaleString('en')} rows/s`);
  console.log(`  bare CSV parser               ${Math.round(parser).toLocaleString('en')} rows/s`);
  console.log(
    `  ratio                         ${ratio.toFixed(2)} (target ≥ 0.50) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`,
  );
  console.log('  peak RSS growth during ingest, each in a fresh process:');
  for (const m of memory) {
    console.log(
      `    ${m.rows.toLocaleString('en').padStart(7)} rows  input ${(m.inputBytes / 1e6).toFixed(1).padStart(4)} MB  growth ${mb(m.peakGrowthKiB).padStart(9)}  peak ${mb(m.peakKiB)}`,
    );
  }
  const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`.padStart(7);
  console.log(
    `  ${rows.toLocaleString('en')} respondent ids crafted to collide in the duplicate index, against ordinary ids:`,
  );
  console.log(`    ${'ordinary ids'.padEnd(36)} ${ms(crafted.ordinarySeconds)}`);
  for (const [label, f] of [
    ['crafted against the old unkeyed hash', crafted.craftedAgainstUnkeyedHash],
    ['crafted against a guessed key', crafted.craftedAgainstGuessedKey],
  ] as const) {
    console.log(
      `    ${label.padEnd(36)} ${ms(f.seconds)}  ratio ${f.ratio.toFixed(2)} (target ≤ ${CRAFTED_TARGET}) ${f.ratio <= CRAFTED_TARGET ? 'OK' : 'ABOVE TARGET'}`,
    );
  }
  // Workbook next to CSV, same data (bench/ingest-workbook.ts).
  const workbook = benchWorkbook();
  // A file for several schools, and a vendor's aggregates, next to a school's own file (bench/ingest-schools.ts).
  const schoolsFile = benchSchoolsFile();
  return {
    rows,
    inputBytes: bytes.length,
    oursRowsPerSecond: ours,
    parserRowsPerSecond: parser,
    ratio,
    memory,
    craftedIds: crafted,
    workbook,
    schoolsFile,
  };
};

const childAt = process.argv.indexOf('--child');
if (childAt !== -1) child(Number(process.argv[childAt + 1]));
else if (process.argv[1] === fileURLToPath(import.meta.url)) await benchIngest();
