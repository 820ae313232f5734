/**
 * The two other upload formats next to a school's own CSV of the same data, taking turns (best of 15):
 * - one file for 10 schools (a BRIN column, 300 respondents each): split by school (shared/ingest/split-schools.ts)
 *   and every part ingested, as `POST /exports` does, next to the same 3,000 rows ingested as one school's file;
 * - a vendor's aggregates (shared/ingest/aggregated/) of those 3,000 respondents, written out in the long format
 *   (every level, item and bullying option), next to the respondent rows they summarise.
 */
import { ONDERWIJSSOORTEN } from '../shared/ids.js';
import { ingestAggregated } from '../shared/ingest/aggregated/aggregated-ingest.js';
import { ingestExport } from '../shared/ingest/ingest.js';
import { splitBySchool } from '../shared/ingest/split-schools.js';
import type { Aggregates, IngestOptions } from '../shared/ingest/types.js';
import { getInstrument } from '../shared/instruments/catalog.js';
import { basisRows, csvBytes } from '../test/support/workbooks.js';
import { bestSeconds } from './best-of.js';

const instrument = getInstrument('msv-basis');
if (!instrument) throw new Error('msv-basis missing');
const opts: IngestOptions = {
  instrument,
  school: { sector: 'vo', onderwijssoorten: ONDERWIJSSOORTEN },
  minGroupSize: 5,
  maxRows: 1_000_000,
};

const mustIngest = (bytes: Uint8Array, read = ingestExport) => {
  const r = read(bytes, opts);
  if (!r.ok) throw new Error(`generated export rejected: ${r.errors[0]?.code} ${r.errors[0]?.message}`);
  return r;
};

/** Aggregates and their groups as the long format's rows (counts for the distributions). */
const aggregatedCsv = (
  aggregates: Aggregates,
  groups: ReadonlyArray<{ onderwijssoort: string | null; leerjaar: number; respondents: number }>,
) => {
  const lines = ['level;onderwijssoort;leerjaar;item;respondents;n;mean;option;count;percent'];
  for (const g of groups) lines.push(`group;${g.onderwijssoort ?? ''};${g.leerjaar};;${g.respondents};;;;;`);
  for (const level of aggregates.levels) {
    const [os, lj] =
      level.level === 'school'
        ? ['', '']
        : level.level === 'onderwijssoort'
          ? [level.key, '']
          : ['', level.key];
    for (const item of level.items) {
      // The mean from the counts, unrounded when there is a distribution; else the rounded one given.
      lines.push(`${level.level};${os};${lj};${item.code};;${item.n};${item.mean ?? ''};;;`);
      for (const d of item.distribution ?? [])
        lines.push(`${level.level};${os};${lj};${item.code};;;;${d.value};${d.count};`);
    }
  }
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
};

export const benchSchoolsFile = (schools = 10, perSchool = 300) => {
  const data = basisRows(schools * perSchool);
  const [header = [], ...rows] = data;
  const ids = Array.from({ length: schools }, (_, i) => `${String(10 + i)}AB00`);
  const several = csvBytes([
    ['brin', ...header],
    ...rows.map((r, i) => [ids[Math.floor(i / perSchool)] as string, ...r]),
  ]);
  const one = csvBytes(data);
  const splitAndIngest = () => {
    const split = splitBySchool(several, { instrument, maxSchools: schools, maxRows: 1_000_000 });
    if (!split.ok) throw new Error(`generated file refused: ${split.errors[0]?.message}`);
    for (const part of split.parts) mustIngest(part.bytes);
  };
  const whole = mustIngest(one);
  const aggregated = aggregatedCsv(whole.aggregates, whole.summary.groups);
  mustIngest(aggregated, ingestAggregated);
  const [splitSeconds = 0, oneSeconds = 0, aggregatedSeconds = 0] = bestSeconds(
    [splitAndIngest, () => mustIngest(one), () => mustIngest(aggregated, ingestAggregated)],
    15,
  );
  const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`.padStart(9);
  console.log(`several schools and aggregates: ${(schools * perSchool).toLocaleString('en')} respondents`);
  console.log(`  ${schools} schools in one file: split + ingest ${ms(splitSeconds)}`);
  console.log(`  the same rows as one school's file    ${ms(oneSeconds)}`);
  console.log(
    `  ratio                                 ${(splitSeconds / oneSeconds).toFixed(1).padStart(6)}`,
  );
  console.log(
    `  their aggregates, ${(aggregated.byteLength / 1024).toFixed(0)} KiB long format ${ms(aggregatedSeconds)}`,
  );
  return {
    schools,
    respondents: schools * perSchool,
    splitSeconds,
    oneFileSeconds: oneSeconds,
    ratio: splitSeconds / oneSeconds,
    aggregatedBytes: aggregated.byteLength,
    aggregatedSeconds,
  };
};
