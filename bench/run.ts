/**
 * `npm run bench`: every benchmark, one after the other, printing a short report and writing bench/out/*.json.
 * `BENCH_ONLY=bundles` (a comma-separated list of the keys below) runs only those; their results replace the
 * same keys of the last results.json, the others stay. `BENCH_NATIONAL=1` adds the national delivery days
 * (9,000 schools, about ten minutes more; `BENCH_ONLY=national` runs them alone).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const benches: Record<string, () => Promise<Record<string, unknown>>> = {
  ingest: async () => (await import('./ingest.js')).benchIngest(),
  report: async () => (await import('./report.js')).benchReport(),
  deliveryDay: async () => (await import('./delivery-day.js')).benchDeliveryDay(),
  bundles: async () => (await import('./bundles.js')).benchBundles(),
  deliveryProfile: async () => (await import('./delivery-profile.js')).benchDeliveryProfile(),
  national: async () => (await import('./national-day.js')).benchNationalDay(),
};
/** Run only when asked: BENCH_NATIONAL=1, or by name in BENCH_ONLY. */
const ON_REQUEST = new Set(['national']);
const national = process.env.BENCH_NATIONAL === '1';

const only = process.env.BENCH_ONLY?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = only?.filter((name) => !(name in benches)) ?? [];
if (unknown.length > 0)
  throw new Error(`BENCH_ONLY: no bench ${unknown.join(', ')}; there are ${Object.keys(benches).join(', ')}`);

const outDir = new URL('./out/', import.meta.url);
const outFile = new URL('results.json', outDir);
mkdirSync(outDir, { recursive: true });

const results: Record<string, unknown> =
  only && existsSync(outFile) ? (JSON.parse(readFileSync(outFile, 'utf8')) as Record<string, unknown>) : {};
let first = true;
for (const [name, run] of Object.entries(benches)) {
  if (only && !only.includes(name)) continue;
  if (!only && ON_REQUEST.has(name) && !national) continue;
  if (!first) console.log('');
  first = false;
  results[name] = await run();
}
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nresults written to bench/out/results.json`);
