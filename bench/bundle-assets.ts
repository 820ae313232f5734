/**
 * The deployed function bundles: a real `cdk synth` with bundling (as CI runs it) into a cloud assembly, and the
 * msv functions of its stack templates with their asset directories and environments.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_METADATA_KEY, REPO_ROOT } from '../infra/constructs/msv-function.js';

/** A msv Lambda function of a synthesized cloud assembly. */
export interface FunctionAsset {
  fn: string;
  dir: string;
  environment: Record<string, string>;
}

/**
 * A template value as a string: CloudFormation references become dummies, Fn::Join keeps its literal parts. A
 * setting whose value is a URL (the sign-in issuer is the pool's ProviderURL) or a user pool id gets a dummy of
 * that shape, so that the function's settings schema accepts it and the import runs the whole init.
 */
const dummyOf = (name: string, value: unknown): string => {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
  if (join) return join[1].map((part) => dummyOf(name, part)).join(join[0]);
  const dummy = `dummy-${name.toLowerCase().replaceAll('_', '-')}`;
  if (/_(ISSUER|URL)$/.test(name)) return `https://${dummy}.example`;
  // A user pool's id has its region before an underscore (eu-west-1_AbC123).
  return /_USER_POOL_ID$/.test(name) ? 'eu-west-1_dummy' : dummy;
};

/** Every function with msv:function metadata in the assembly's stack templates, with its asset directory. */
export const functionAssets = (assembly: string): FunctionAsset[] => {
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
export const synthesize = async (outdir: string): Promise<number> => {
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
