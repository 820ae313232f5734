/**
 * The bundle benchmark's report: a line on the conditions, a table of every function (size, import time over
 * bare node, target), whether esbuild's JS API built the deployed assets byte for byte, and the bytes per package
 * of the largest held API bundle.
 */
import { availableParallelism, loadavg } from 'node:os';
import { BUNDLE_BUDGET_BYTES, type BundleResult, IMPORT_BUDGET_MS } from './bundle-target.js';
import { importingNodeVersion, median } from './import-timing.js';

/** What the report shows. */
export interface BundleReport {
  /** Rounds per function. */
  runs: number;
  /** How long the synth took; undefined when an existing assembly was measured. */
  synthSeconds: number | undefined;
  /** The cloud assembly measured, relative to the repository. */
  assemblyName: string;
  /** Whether it is an existing one (BENCH_CDK_OUT), which may be older than the sources. */
  existingAssembly: boolean;
  results: readonly BundleResult[];
  /** Functions whose esbuild JS API build differs from the synthesized asset. */
  mismatched: readonly string[];
  largest: BundleResult;
  packages: ReadonlyArray<{ package: string; bytes: number }>;
  pdfLibBytes: number;
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1);

/** Prints the report to stdout. */
export const printBundleReport = (report: BundleReport): void => {
  const { runs, synthSeconds, results, mismatched, largest, packages, pdfLibBytes } = report;
  const bareAll = results.filter((r) => !r.error).map((r) => r.bareMs);
  console.log(
    `function bundles${synthSeconds ? `, synthesized in ${synthSeconds.toFixed(0)} s` : ` of ${report.assemblyName}`}; ` +
      `import: ${runs} rounds each, taking turns with a bare node (median ${median(bareAll).toFixed(0)} ms), node ${importingNodeVersion()}, ` +
      `load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} CPUs`,
  );
  const header = [
    'function',
    'KB min',
    'KB gzip',
    'import ms',
    '+ms bare',
    '+ms (min)',
    '+ms maps',
    '+ms cpu',
    'target',
  ];
  const rows = results.map((r) => [
    `${r.fn}${r.api ? '' : ' (worker)'}`,
    kb(r.bytes),
    kb(r.gzipBytes),
    r.importMs.toFixed(0),
    r.overBareMs.toFixed(0),
    r.overBareMinMs.toFixed(0),
    r.withSourceMaps.overBareMs.toFixed(0),
    r.overBareCpuMs.toFixed(0),
    r.error
      ? `IMPORT FAILED: ${r.error.split('\n')[0]}`
      : r.target === 'met'
        ? 'met'
        : r.target === 'missed'
          ? `MISSED (${[r.bytes > BUNDLE_BUDGET_BYTES ? 'size' : '', r.overBareMs > IMPORT_BUDGET_MS ? 'import' : ''].filter(Boolean).join(', ')})` +
            (r.dynamoOnlyBytes ? `; ${kb(r.dynamoOnlyBytes)} KB with DynamoDB only` : '')
          : r.target === 'pdf-lib'
            ? `pdf-lib alone ${kb(pdfLibBytes)} KB`
            : '—',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ')}`;
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(
    '  import ms: the importing process (median); +ms: over the bare node process of the same round, median ' +
      'and of the minima; maps: with the whole deployed environment (NODE_OPTIONS=--enable-source-maps); ' +
      'cpu: CPU time over bare node (median; steadier than wall time on a busy machine); with DynamoDB only: ' +
      'the bundle with every other SDK client stubbed out (its own code and the table: the floor however its ' +
      'mail, schedules, objects or users moved elsewhere)',
  );
  console.log(
    `  target: API functions but report ≤ ${BUNDLE_BUDGET_BYTES / 1000} KB and ≤ +${IMPORT_BUDGET_MS} ms (median of the rounds); ` +
      `${results.filter((r) => r.target === 'met').length} of ${results.filter((r) => r.target === 'met' || r.target === 'missed').length} met`,
  );
  console.log(
    mismatched.length === 0
      ? '  esbuild JS API with MSV_BUNDLING = every synthesized asset, byte for byte'
      : `  esbuild JS API with MSV_BUNDLING differs from the synthesized asset of: ${mismatched.join(', ')}` +
          (report.existingAssembly ? ' (sources changed since that synth?)' : ''),
  );
  console.log(`  bytes per package of the largest held API bundle, ${largest.fn} (${kb(largest.bytes)} KB):`);
  for (const p of packages.slice(0, 16)) console.log(`    ${kb(p.bytes).padStart(7)} KB  ${p.package}`);
  const rest = packages.slice(16).reduce((sum, p) => sum + p.bytes, 0);
  if (rest > 0) console.log(`    ${kb(rest).padStart(7)} KB  ${packages.length - 16} more`);
};
