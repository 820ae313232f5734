/**
 * The function bundles as MsvFunction builds them, through esbuild's JS API instead of NodejsFunction's esbuild
 * command line: the same MSV_BUNDLING, translated option by option, so that the build gives esbuild's metafile
 * (what each bundle is made of) of exactly what is deployed. bench/bundles.ts checks the result against the
 * synthesized assets byte for byte; test/infra/bundles.test.ts reads the metafiles.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { MSV_BUNDLING, REPO_ROOT } from '../infra/constructs/msv-function.js';

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
      throw new Error(`bundling.${key} has no esbuild translation in bench/bundle-build.ts`);
  const alias: Record<string, string> = {};
  for (const [arg, value] of Object.entries(bundling.esbuildArgs ?? {})) {
    const name = /^--alias:(.+)$/.exec(arg)?.[1];
    if (!name || typeof value !== 'string')
      throw new Error(`esbuildArgs ${arg}: no translation in bench/bundle-build.ts`);
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

/** The SDK clients a function may carry besides DynamoDB's, each replaced by sdk-client-stub.ts in `dynamoOnlyBytes`. */
export const OTHER_SDK_CLIENTS = [
  '@aws-sdk/client-s3',
  '@aws-sdk/client-ses',
  '@aws-sdk/client-scheduler',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-cognito-identity-provider',
] as const;

/**
 * The size of `fn`'s bundle with DynamoDB's as its only SDK client (every other one replaced by a stub, otherwise
 * MSV_BUNDLING): the floor of a function that keeps its own code and the table, however its mail, schedules, objects
 * or users moved out of it (behind the commit, or into another function).
 */
export const dynamoOnlyBytes = async (fn: string): Promise<number> => (await dynamoOnlyBuild(fn)).code.length;

/** `fn`'s build with DynamoDB's as its only SDK client (`dynamoOnlyBytes`), with its metafile. */
export const dynamoOnlyBuild = (fn: string): ReturnType<typeof buildFunction> => {
  const stub = join(REPO_ROOT, 'bench', 'sdk-client-stub.ts');
  const esbuildArgs = { ...MSV_BUNDLING.esbuildArgs };
  for (const client of OTHER_SDK_CLIENTS) esbuildArgs[`--alias:${client}`] = stub;
  return buildFunction(fn, { ...MSV_BUNDLING, esbuildArgs });
};

/** pdf-lib alone (a document, a standard font, a page of text), bundled like a function: the PDF functions' floor. */
export const pdfLibFloor = async (): Promise<number> => {
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
