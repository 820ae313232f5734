/**
 * Function bundles: a real `cdk synth` (bundling on, as .ci/run does) into a temporary cloud assembly, then for
 * every msv function the asset the stack deploys: the size of its index.mjs (minified, and gzipped for
 * information), and the time a fresh node process takes to import it next to a bare node process, taking turns
 * so that load from other processes slows both alike. Each process gets a clean environment: the function's
 * MSV_* settings from the template (CloudFormation references replaced by dummy strings), a region, dummy
 * credentials and AWS_LAMBDA_FUNCTION_NAME, so the import runs the function's whole init (settings parsed,
 * clients built); a third process of each round imports it with the function's whole template environment
 * (NODE_OPTIONS=--enable-source-maps, as deployed). Also: the bytes per package of the largest API bundle, from
 * esbuild's metafile of the same build (MSV_BUNDLING through esbuild's JS API, checked byte for byte against the
 * synthesized assets).
 *
 * Target (issue 10): every API function but report ≤ 300 KB (300,000 bytes) minified and ≤ +100 ms import over
 * bare node (median of the rounds); report and deliver-school as small as pdf-lib allows (shown: pdf-lib alone,
 * bundled the same way). A held function over the size budget that carries other SDK clients besides DynamoDB's
 * is also weighed with DynamoDB's as its only client (bundle-build.ts `dynamoOnlyBytes`).
 *
 * The parts: the synth and its assets (bundle-assets.ts), the esbuild build (bundle-build.ts), the import timing
 * (import-timing.ts), the target (bundle-target.ts) and the printed report (bundle-report.ts).
 *
 *   npx tsx bench/bundles.ts        this part alone (BENCH_BUNDLE_RUNS=7 rounds per function)
 *   BENCH_CDK_OUT=<dir>             measure an existing cloud assembly instead of synthesizing one
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../infra/constructs/msv-function.js';
import { functionAssets, synthesize } from './bundle-assets.js';
import { buildFunction, bytesByPackage, dynamoOnlyBytes, pdfLibFloor } from './bundle-build.js';
import { printBundleReport } from './bundle-report.js';
import {
  apiFunctions,
  BUNDLE_BUDGET_BYTES,
  type BundleResult,
  IMPORT_BUDGET_MS,
  PDF_FUNCTIONS,
  resultOf,
} from './bundle-target.js';
import { failedImport, type ImportTimes, importingNodeVersion, measureImport } from './import-timing.js';

/** Measures every function bundle, prints the report and returns the results for bench/out/results.json. */
export const benchBundles = async (): Promise<Record<string, unknown>> => {
  const runs = Number(process.env.BENCH_BUNDLE_RUNS ?? 7);
  const given = process.env.BENCH_CDK_OUT;
  const assembly = given ?? mkdtempSync(join(tmpdir(), 'msv-bench-cdk-'));
  try {
    const synthSeconds = given ? undefined : await synthesize(assembly);
    const assets = functionAssets(assembly);
    if (assets.length === 0) throw new Error(`no msv functions in ${assembly}`);
    const api = apiFunctions();

    // The same builds through esbuild's JS API: their metafiles give the per-package bytes, and they must be
    // the synthesized assets byte for byte, or the breakdown (and test/infra/bundles.test.ts) measures
    // something else than what is deployed.
    const builds = await Promise.all(assets.map((a) => buildFunction(a.fn)));
    const mismatched = assets
      .filter((a, i) => !Buffer.from(builds[i]?.code ?? []).equals(readFileSync(join(a.dir, 'index.mjs'))))
      .map((a) => a.fn);

    const results: BundleResult[] = [];
    for (const asset of assets) {
      const code = readFileSync(join(asset.dir, 'index.mjs'));
      let times: ImportTimes;
      let error: string | undefined;
      try {
        times = measureImport(asset, runs);
      } catch (e) {
        // A bundle that fails to import is reported in its row; the other functions are still measured.
        error = (e as Error).message;
        times = failedImport(asset.fn);
      }
      results.push(resultOf(times, code, api.has(asset.fn), error));
    }
    // A held function over the size budget: what it would weigh with the table as its only SDK client, to tell
    // what moving its other clients out would reach from what its own code and DynamoDB's client weigh.
    for (const r of results) {
      if (r.target !== 'missed' || r.bytes <= BUNDLE_BUDGET_BYTES) continue;
      const floor = await dynamoOnlyBytes(r.fn);
      if (floor < r.bytes) r.dynamoOnlyBytes = floor;
    }

    const largest = results
      .filter((r) => r.api && !PDF_FUNCTIONS.has(r.fn))
      .sort((a, b) => b.bytes - a.bytes)[0] as BundleResult;
    const largestBuild = builds[assets.findIndex((a) => a.fn === largest.fn)];
    const packages = largestBuild ? bytesByPackage(largestBuild.metafile) : [];
    const pdfLibBytes = await pdfLibFloor();

    printBundleReport({
      runs,
      synthSeconds,
      assemblyName: relative(REPO_ROOT, assembly) || assembly,
      existingAssembly: given !== undefined,
      results,
      mismatched,
      largest,
      packages,
      pdfLibBytes,
    });

    return {
      node: importingNodeVersion(),
      loadAverage: loadavg()[0],
      runs,
      synthSeconds,
      budget: { bytes: BUNDLE_BUDGET_BYTES, overBareMs: IMPORT_BUDGET_MS },
      functions: results,
      esbuildMatchesAssets: mismatched.length === 0,
      pdfLibAloneBytes: pdfLibBytes,
      largestApiBundle: { fn: largest.fn, bytes: largest.bytes, packages },
    };
  } finally {
    if (!given) rmSync(assembly, { recursive: true, force: true });
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchBundles();
