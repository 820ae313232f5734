/**
 * `npm run bench`: every benchmark, one after the other, printing a short report and writing bench/out/*.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchIngest } from './ingest.js';

const outDir = new URL('./out/', import.meta.url);
mkdirSync(outDir, { recursive: true });

const results = { ingest: await benchIngest() };
writeFileSync(new URL('results.json', outDir), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nresults written to bench/out/results.json`);
