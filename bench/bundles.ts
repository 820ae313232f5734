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
 * bundled the same way).
 *
 *   npx tsx bench/bundles.ts        this part alone (BENCH_BUNDLE_RUNS=7 rounds per function)
 *   BENCH_CDK_OUT=<dir>             measure an existing cloud assembly instead of synthesizing one
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { FUNCTION_METADATA_KEY, MSV_BUNDLING, REPO_ROOT } from '../infra/constructs/msv-function.js';
import { AUTHORIZER_FN, routeFunctions } from '../shared/http/routes.js';

/** 300 KB, counted as 300,000 bytes (the stricter reading, as the web app's budget). */
export const BUNDLE_BUDGET_BYTES = 300_000;
/** Import time over a bare node process. */
export const IMPORT_BUDGET_MS = 100;
/** Functions whose size is set by pdf-lib: measured, without the budget. */
const PDF_FUNCTIONS = new Set(['report', 'deliver-school']);

/** Functions behind the HTTP API: every route's, and the authorizer in front of them. */
export const apiFunctions = (): Set<string> => new Set([...routeFunctions(), AUTHORIZER_FN]);

/** The BundlingOptions keys translated below; any other key fails, so the two builds cannot drift apart. */
const TRANSLATED = new Set([
  'format',
  'target',
  'minify',
  'sourceMap',
  'sourcesContent',
  'mainFields',
  'externalModules',
  'banner',
  'esbuildArgs',
  'forceDockerBundling',
]);

/**
 * esbuild's JS API options for what NodejsFunction runs with `bundling` (its local esbuild command line):
 * `esbuild --bundle <entry> --platform=node --format --target --outfile=<outdir>/index.mjs --minify --sourcemap
 * --sources-content --external --banner:js --main-fields --alias:…`, from the repository root.
 */
export const esbuildOptionsOf = (
  bundling: BundlingOptions,
  outdir: string,
): BuildOptions & { metafile: true } => {
  for (const key of Object.keys(bundling))
    if (!TRANSLATED.has(key))
      throw new Error(`bundling.${key} has no esbuild translation in bench/bundles.ts`);
  const alias: Record<string, string> = {};
  for (const [arg, value] of Object.entries(bundling.esbuildArgs ?? {})) {
    const name = /^--alias:(.+)$/.exec(arg)?.[1];
    if (!name || typeof value !== 'string')
      throw new Error(`esbuildArgs ${arg}: no translation in bench/bundles.ts`);
    alias[name] = value;
  }
  const esm = bundling.format === 'esm';
  return {
    bundle: true,
    platform: 'node',
    absWorkingDir: REPO_ROOT,
    outfile: join(outdir, esm ? 'index.mjs' : 'index.js'),
    ...(bundling.format ? { format: bundling.format } : {}),
    ...(bundling.target ? { target: bundling.target } : {}),
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap ?? false,
    sourcesContent: bundling.sourcesContent ?? true,
    // NodejsFunction's default on Node 18+: the runtime's SDK.
    external: bundling.externalModules ?? ['@aws-sdk/*'],
    ...(bundling.mainFields ? { mainFields: bundling.mainFields } : {}),
    ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
    alias,
    metafile: true,
    logLevel: 'silent',
  };
};

/** One function's bundle as MsvFunction builds it, in memory: the code, and esbuild's metafile. */
export const buildFunction = async (
  fn: string,
  bundling: BundlingOptions = MSV_BUNDLING,
): Promise<{ code: Uint8Array; metafile: Metafile }> => {
  const result = await build({
    ...esbuildOptionsOf(bundling, join(tmpdir(), fn)),
    entryPoints: [join(REPO_ROOT, 'functions', fn, 'index.ts')],
    write: false,
  });
  const code = result.outputFiles.find((f) => /\.m?js$/.test(f.path));
  if (!code) throw new Error(`functions/${fn}: esbuild wrote no bundle`);
  return { code: code.contents, metafile: result.metafile };
};

/**
 * What each function's bundle is made of (per input file, bytes in the output), for many functions in one esbuild
 * run: each entry point is still bundled on its own (no splitting), so the inputs are those of buildFunction;
 * only the minified names differ, so the code is not byte for byte MsvFunction's.
 */
export const bundleInputs = async (
  fns: readonly string[],
  bundling: BundlingOptions = MSV_BUNDLING,
): Promise<Map<string, Metafile['outputs'][string]['inputs']>> => {
  const { outfile: _, ...options } = esbuildOptionsOf(bundling, tmpdir());
  const outdir = join(tmpdir(), 'msv-bundles');
  const result = await build({
    ...options,
    outdir,
    entryPoints: fns.map((fn) => ({ in: join(REPO_ROOT, 'functions', fn, 'index.ts'), out: `${fn}/index` })),
    sourcemap: false,
    write: false,
  });
  const byEntry = new Map<string, Metafile['outputs'][string]['inputs']>();
  for (const output of Object.values(result.metafile.outputs))
    if (output.entryPoint) byEntry.set(output.entryPoint, output.inputs);
  return new Map(
    fns.map((fn) => {
      const inputs = byEntry.get(`functions/${fn}/index.ts`);
      if (!inputs) throw new Error(`functions/${fn}: not in esbuild's metafile`);
      return [fn, inputs];
    }),
  );
};

/** Package of a bundle input: `@aws-sdk/core` for node_modules/…, `(msv) shared/consent` for our own code. */
export const packageOf = (input: string): string => {
  const inModules = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
  if (inModules) return (inModules.at(-1) as string).slice('node_modules/'.length);
  const [top, second] = input.split('/');
  return `(msv) ${top}/${(second ?? '').replace(/\.ts$/, '')}`;
};

/** Bytes in the output per package, largest first. */
export const bytesByPackage = (metafile: Metafile): Array<{ package: string; bytes: number }> => {
  const sums = new Map<string, number>();
  for (const output of Object.values(metafile.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
      sums.set(packageOf(input), (sums.get(packageOf(input)) ?? 0) + bytesInOutput);
  return [...sums]
    .map(([pkg, bytes]) => ({ package: pkg, bytes }))
    .filter((p) => p.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
};

/** A msv Lambda function of a synthesized cloud assembly. */
interface FunctionAsset {
  fn: string;
  dir: string;
  environment: Record<string, string>;
}

/** A template value as a string: CloudFormation references become dummies, Fn::Join keeps its literal parts. */
const dummyOf = (name: string, value: unknown): string => {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
  if (join) return join[1].map((part) => dummyOf(name, part)).join(join[0]);
  return `dummy-${name.toLowerCase().replaceAll('_', '-')}`;
};

/** Every function with msv:function metadata in the assembly's stack templates, with its asset directory. */
const functionAssets = (assembly: string): FunctionAsset[] => {
  const manifest = JSON.parse(readFileSync(join(assembly, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const assets: FunctionAsset[] = [];
  for (const artifact of Object.values(manifest.artifacts)) {
    const templateFile =
      artifact.type === 'aws:cloudformation:stack' ? artifact.properties?.templateFile : undefined;
    if (!templateFile) continue;
    const template = JSON.parse(readFileSync(join(assembly, templateFile), 'utf8')) as {
      Resources: Record<string, { Type: string; Metadata?: Record<string, unknown>; Properties?: unknown }>;
    };
    for (const resource of Object.values(template.Resources)) {
      const fn = resource.Metadata?.[FUNCTION_METADATA_KEY];
      if (resource.Type !== 'AWS::Lambda::Function' || typeof fn !== 'string') continue;
      const assetPath = resource.Metadata?.['aws:asset:path'];
      if (typeof assetPath !== 'string') throw new Error(`${fn}: no aws:asset:path (was bundling skipped?)`);
      const variables =
        (resource.Properties as { Environment?: { Variables?: Record<string, unknown> } }).Environment
          ?.Variables ?? {};
      const environment = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, dummyOf(k, v)]));
      assets.push({ fn, dir: join(assembly, assetPath), environment });
    }
  }
  return assets.sort((a, b) => a.fn.localeCompare(b.fn));
};

/** `npx cdk synth --quiet -o <dir>` with bundling, as CI runs it; the shell's MSV_* settings left out. */
const synthesize = async (outdir: string): Promise<number> => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MSV_')));
  const started = performance.now();
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npx', ['cdk', 'synth', '--quiet', '-o', outdir], { cwd: REPO_ROOT, env });
    child.stdout.on('data', (d: Buffer) => output.push(d));
    child.stderr.on('data', (d: Buffer) => output.push(d));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`cdk synth failed (${code}):\n${Buffer.concat(output).toString('utf8')}`);
  return (performance.now() - started) / 1000;
};

/**
 * The child: imports the module named by its argument (none: a bare node process) and prints how long the
 * import() itself took and the process's CPU time. Bare and bundle runs take the same flags.
 */
const RUNNER =
  'const u = process.argv[1]; const t = performance.now(); if (u) await import(u); const c = process.cpuUsage(); ' +
  'process.stdout.write(JSON.stringify([performance.now() - t, (c.user + c.system) / 1000]));';

interface Run {
  wallMs: number;
  importMs: number;
  cpuMs: number;
}

const runNode = (env: Record<string, string>, cwd: string, module?: string): Run => {
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    // No warnings: the SDK warns on Node < 22 (this machine, not Lambda's Node 24).
    ['--no-warnings', '--input-type=module', '-e', RUNNER, ...(module ? [module] : [])],
    { env, cwd, encoding: 'utf8' },
  );
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(child.stderr.trim().split('\n').slice(0, 8).join('\n'));
  const [importMs, cpuMs] = JSON.parse(child.stdout) as [number, number];
  return { wallMs, importMs, cpuMs };
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** One function's measurement; times in ms, wall time of the whole node process unless named otherwise. */
export interface BundleResult {
  fn: string;
  api: boolean;
  bytes: number;
  gzipBytes: number;
  /** The importing process with the function's settings (MSV_*), median and min over the runs. */
  importMs: number;
  importMinMs: number;
  /** The bare node processes that took turns with it. */
  bareMs: number;
  bareMinMs: number;
  /** Median of the per-round differences (bundle − bare), and the difference of the minima. */
  overBareMs: number;
  overBareMinMs: number;
  /** The import() alone, timed inside the child (median), and the child's CPU time over bare node's (median). */
  inProcessImportMs: number;
  overBareCpuMs: number;
  /** The same with the function's whole environment as deployed: NODE_OPTIONS=--enable-source-maps too. */
  withSourceMaps: { importMs: number; overBareMs: number; overBareMinMs: number };
  /** Whether the function is held to the budget, and whether it meets it. */
  target: 'met' | 'missed' | 'pdf-lib' | 'none';
  error?: string;
}

/**
 * Rounds of three processes in rotating order: bare node, the bundle with the function's MSV_* settings, and the
 * bundle with its whole template environment; each with a region, dummy credentials and the function name.
 */
const measureImport = (
  asset: FunctionAsset,
  runs: number,
): Omit<BundleResult, 'api' | 'bytes' | 'gzipBytes' | 'target'> => {
  const lambda = {
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_SESSION_TOKEN: 'dummy-session-token',
    AWS_LAMBDA_FUNCTION_NAME: `msv-${asset.fn}`,
  };
  const settings = Object.fromEntries(
    Object.entries(asset.environment).filter(([k]) => k.startsWith('MSV_')),
  );
  const minimal = { ...settings, ...lambda };
  const deployed = { ...asset.environment, ...lambda };
  const module = pathToFileURL(join(asset.dir, 'index.mjs')).href;
  const kinds = [
    () => runNode(minimal, asset.dir),
    () => runNode(minimal, asset.dir, module),
    () => runNode(deployed, asset.dir, module),
  ];
  // One round to warm the file cache, not counted.
  for (const run of kinds) run();
  const rounds: Run[][] = [];
  for (let i = 0; i < runs; i++) {
    const round: Run[] = [];
    for (let k = 0; k < kinds.length; k++) {
      const kind = (i + k) % kinds.length;
      round[kind] = (kinds[kind] as () => Run)();
    }
    rounds.push(round);
  }
  const col = (kind: number, key: keyof Run) => rounds.map((r) => (r[kind] as Run)[key]);
  const over = (kind: number, key: keyof Run) =>
    median(rounds.map((r) => (r[kind] as Run)[key] - (r[0] as Run)[key]));
  const bare = col(0, 'wallMs');
  return {
    fn: asset.fn,
    importMs: median(col(1, 'wallMs')),
    importMinMs: Math.min(...col(1, 'wallMs')),
    bareMs: median(bare),
    bareMinMs: Math.min(...bare),
    overBareMs: over(1, 'wallMs'),
    overBareMinMs: Math.min(...col(1, 'wallMs')) - Math.min(...bare),
    inProcessImportMs: median(col(1, 'importMs')),
    overBareCpuMs: over(1, 'cpuMs'),
    withSourceMaps: {
      importMs: median(col(2, 'wallMs')),
      overBareMs: over(2, 'wallMs'),
      overBareMinMs: Math.min(...col(2, 'wallMs')) - Math.min(...bare),
    },
  };
};

/** pdf-lib alone (a document, a standard font, a page of text), bundled like a function: the PDF functions' floor. */
const pdfLibFloor = async (): Promise<number> => {
  const result = await build({
    ...esbuildOptionsOf(MSV_BUNDLING, join(tmpdir(), 'pdf-lib-floor')),
    write: false,
    stdin: {
      contents:
        "import { PDFDocument, StandardFonts } from 'pdf-lib';\n" +
        'export const handler = async () => { const d = await PDFDocument.create(); ' +
        'd.addPage().drawText("x", { font: await d.embedFont(StandardFonts.Helvetica) }); return d.save(); };',
      resolveDir: REPO_ROOT,
      loader: 'ts',
    },
  });
  return result.outputFiles.find((f) => f.path.endsWith('.mjs'))?.contents.length ?? 0;
};

const kb = (bytes: number) => (bytes / 1000).toFixed(1);

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
      const isApi = api.has(asset.fn);
      const held = isApi && !PDF_FUNCTIONS.has(asset.fn);
      let times: Omit<BundleResult, 'api' | 'bytes' | 'gzipBytes' | 'target'>;
      let error: string | undefined;
      try {
        times = measureImport(asset, runs);
      } catch (e) {
        error = (e as Error).message;
        const nan = Number.NaN;
        times = {
          fn: asset.fn,
          importMs: nan,
          importMinMs: nan,
          bareMs: nan,
          bareMinMs: nan,
          overBareMs: nan,
          overBareMinMs: nan,
          inProcessImportMs: nan,
          overBareCpuMs: nan,
          withSourceMaps: { importMs: nan, overBareMs: nan, overBareMinMs: nan },
        };
      }
      const met = !error && code.length <= BUNDLE_BUDGET_BYTES && times.overBareMs <= IMPORT_BUDGET_MS;
      results.push({
        ...times,
        api: isApi,
        bytes: code.length,
        gzipBytes: gzipSync(code, { level: 9 }).length,
        target: PDF_FUNCTIONS.has(asset.fn) ? 'pdf-lib' : held ? (met ? 'met' : 'missed') : 'none',
        ...(error ? { error } : {}),
      });
    }

    const largest = results
      .filter((r) => r.api && !PDF_FUNCTIONS.has(r.fn))
      .sort((a, b) => b.bytes - a.bytes)[0] as BundleResult;
    const largestBuild = builds[assets.findIndex((a) => a.fn === largest.fn)];
    const packages = largestBuild ? bytesByPackage(largestBuild.metafile) : [];
    const pdfLibBytes = await pdfLibFloor();

    const bareAll = results.filter((r) => !r.error).map((r) => r.bareMs);
    console.log(
      `function bundles${synthSeconds ? `, synthesized in ${synthSeconds.toFixed(0)} s` : ` of ${relative(REPO_ROOT, assembly) || assembly}`}; ` +
        `import: ${runs} rounds each, taking turns with a bare node (median ${median(bareAll).toFixed(0)} ms), node ${process.version}, ` +
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
            ? `MISSED (${[r.bytes > BUNDLE_BUDGET_BYTES ? 'size' : '', r.overBareMs > IMPORT_BUDGET_MS ? 'import' : ''].filter(Boolean).join(', ')})`
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
        'cpu: CPU time over bare node (median; steadier than wall time on a busy machine)',
    );
    console.log(
      `  target: API functions but report ≤ ${BUNDLE_BUDGET_BYTES / 1000} KB and ≤ +${IMPORT_BUDGET_MS} ms (median of the rounds); ` +
        `${results.filter((r) => r.target === 'met').length} of ${results.filter((r) => r.target === 'met' || r.target === 'missed').length} met`,
    );
    console.log(
      mismatched.length === 0
        ? '  esbuild JS API with MSV_BUNDLING = every synthesized asset, byte for byte'
        : `  esbuild JS API with MSV_BUNDLING differs from the synthesized asset of: ${mismatched.join(', ')}` +
            (given ? ' (sources changed since that synth?)' : ''),
    );
    console.log(
      `  bytes per package of the largest held API bundle, ${largest.fn} (${kb(largest.bytes)} KB):`,
    );
    for (const p of packages.slice(0, 16)) console.log(`    ${kb(p.bytes).padStart(7)} KB  ${p.package}`);
    const rest = packages.slice(16).reduce((sum, p) => sum + p.bytes, 0);
    if (rest > 0) console.log(`    ${kb(rest).padStart(7)} KB  ${packages.length - 16} more`);

    return {
      node: process.version,
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
