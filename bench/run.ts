/**
 * `npm run bench`: every benchmark, one after the other, printing a short report and writing bench/out/*.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchDeliveryDay } from './delivery-day.js';
import { benchIngest } from './ingest.js';
import { benchReport } from './report.js';

const outDir = new URL('./out/', import.meta.url);
mkdirSync(outDir, { recursive: true });

const results = {
  ingest: await benchIngest(),
  report: await benchReport(),
  deliveryDay: await benchDeliveryDay(),
};
writeFileSync(new URL('results.json', outDir), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nresults written to bench/out/results.json`);
