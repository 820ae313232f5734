/**
 * What each function's bundle holds, from esbuild's metafile of the build MsvFunction runs: MSV_BUNDLING through
 * esbuild's JS API (bench/bundles.ts; `npm run bench` checks that build against the synthesized assets byte for
 * byte). No cdk synth: all functions in one esbuild run, in memory.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildFunction,
  bundleInputs,
  dynamoOnlyBuild,
  esbuildOptionsOf,
  OTHER_SDK_CLIENTS,
  packageOf,
} from '../../bench/bundle-build.js';
import { BUNDLE_BUDGET_BYTES } from '../../bench/bundle-target.js';
import { type PortName, portsOf } from '../../functions/lib/needs.js';
import { FUNCTION_NEEDS } from '../../functions/registry.js';
import {
  ENDPOINT_CACHE_MODULE,
  LAMBDA_CREDENTIALS_MODULE,
  MSV_BUNDLING,
  NO_EVENT_STREAMS_MODULE,
  REPO_ROOT,
} from '../../infra/constructs/msv-function.js';
import { apiEvent } from '../support/events.js';

/** The SDK client package each port's adapter is built on (functions/lib/ports/*.ts); links need none. */
const CLIENT_OF_PORT: Record<PortName, string | undefined> = {
  store: '@aws-sdk/client-dynamodb',
  objects: '@aws-sdk/client-s3',
  deliveries: '@aws-sdk/client-s3',
  scheduler: '@aws-sdk/client-scheduler',
  mailer: '@aws-sdk/client-ses',
  queue: '@aws-sdk/client-sqs',
  deliveryLinks: undefined,
  peopleTokens: undefined,
  userDirectory: '@aws-sdk/client-cognito-identity-provider',
};

/** What the SDK's default credential chain brings besides the environment; the alias leaves all of it out. */
const CREDENTIAL_CHAIN = [
  '@aws-sdk/credential-provider-node',
  '@aws-sdk/nested-clients',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/token-providers',
  '@smithy/credential-provider-imds',
];

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
/** Packages only the tooling may use: every devDependency that is not also a dependency, and the CDK's. */
const DEV_ONLY = [
  ...new Set([
    '@cloud-copilot',
    'aws-cdk-lib',
    'constructs',
    ...Object.keys(pkg.devDependencies).filter((d) => !(d in pkg.dependencies)),
  ]),
];

/** The files each bundle is made of, and the packages they belong to. */
const bundles = new Map<string, { inputs: string[]; packages: Set<string> }>();
const of = (fn: string) => {
  const bundle = bundles.get(fn);
  if (!bundle) throw new Error(`${fn} was not built`);
  return bundle;
};
const record = (fn: string, inputs: Record<string, unknown>) => {
  const files = Object.keys(inputs);
  bundles.set(fn, { inputs: files, packages: new Set(files.map(packageOf)) });
};
const sdkClients = (fn: string) =>
  [...of(fn).packages].filter((p) => p.startsWith('@aws-sdk/client-')).sort();

const fns = FUNCTION_NEEDS.map((n) => n.fn);
const FULL_CHAIN = 'me (the SDK credential chain)';
const tmp = mkdtempSync(join(tmpdir(), 'msv-bundles-test-'));
const meBundle = join(tmp, 'index.mjs');

beforeAll(async () => {
  const [all, control, me] = await Promise.all([
    bundleInputs(fns),
    // The control: `me` without the alias.
    bundleInputs(['me'], { ...MSV_BUNDLING, esbuildArgs: {} }),
    // The code MsvFunction deploys, for the credential checks below.
    buildFunction('me'),
  ]);
  for (const [fn, inputs] of all) record(fn, inputs);
  record(FULL_CHAIN, control.get('me') ?? {});
  writeFileSync(meBundle, me.code);
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('function bundles', () => {
  it.each(fns)('%s holds no tooling-only package (%#)', (fn) => {
    const tooling = [...of(fn).packages].filter((p) =>
      DEV_ONLY.some((d) => p === d || p.startsWith(`${d}/`)),
    );
    expect(tooling).toEqual([]);
    expect(of(fn).inputs.filter((i) => i.startsWith('infra/'))).toEqual([]);
  });

  it('health and openapi hold no AWS SDK at all; list-instruments only DynamoDB, for the stored definitions', () => {
    for (const fn of ['health', 'openapi']) {
      expect(portsOf(FUNCTION_NEEDS.find((n) => n.fn === fn) ?? { fn, settings: [], access: [] })).toEqual(
        [],
      );
      expect([...of(fn).packages].filter((p) => /^@(aws-sdk|smithy)\//.test(p))).toEqual([]);
    }
    expect([...of('list-instruments').packages].filter((p) => p.startsWith('@aws-sdk/client-'))).toEqual([
      '@aws-sdk/client-dynamodb',
    ]);
  });

  it('openapi, which builds the OpenAPI document at cold start, stays within the API functions’ 300 KB', async () => {
    const { code } = await buildFunction('openapi');
    expect(code.length).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
    // The document is generated from the schemas, not shipped: no JSON of it in the bundle.
    expect(Buffer.from(code).toString('utf8')).not.toContain('"openapi":"3.1.0"');
  });

  it.each(FUNCTION_NEEDS.map((n) => [n.fn, n] as const))(
    '%s bundles exactly the SDK clients of its declared access',
    (fn, needs) => {
      const expected = [...new Set(portsOf(needs).flatMap((p) => CLIENT_OF_PORT[p] ?? []))].sort();
      expect(sdkClients(fn)).toEqual(expected);
    },
  );

  it.each(FUNCTION_NEEDS.map((n) => [n.fn, n] as const))(
    '%s bundles Powertools Metrics only if it declares metrics',
    (fn, needs) => {
      expect(of(fn).packages.has('@aws-lambda-powertools/metrics')).toBe(Boolean(needs.metrics?.length));
    },
  );

  it.each(fns)('%s asks only the environment for credentials (the alias of MSV_BUNDLING)', (fn) => {
    const chain = [...of(fn).packages].filter((p) => CREDENTIAL_CHAIN.includes(p));
    expect(chain).toEqual([]);
    if (sdkClients(fn).length > 0)
      expect(of(fn).inputs).toContain(relative(REPO_ROOT, LAMBDA_CREDENTIALS_MODULE));
  });

  it.each(fns)('%s holds no event-stream codec (the second alias of MSV_BUNDLING)', (fn) => {
    const codecs = of(fn).inputs.filter((i) => i.includes('@smithy/core/dist-es/submodules/event-streams/'));
    expect(codecs).toEqual([]);
    if (sdkClients(fn).length > 0)
      expect(of(fn).inputs).toContain(relative(REPO_ROOT, NO_EVENT_STREAMS_MODULE));
  });

  it.each(fns)('%s holds no mnemonist LRU (the endpoint-cache alias of MSV_BUNDLING)', (fn) => {
    expect(
      [...of(fn).packages].filter((p) => ['mnemonist', 'obliterator', '@aws-sdk/endpoint-cache'].includes(p)),
    ).toEqual([]);
    if (sdkClients(fn).includes('@aws-sdk/client-dynamodb'))
      expect(of(fn).inputs).toContain(relative(REPO_ROOT, ENDPOINT_CACHE_MODULE));
  });

  it('the alias is what leaves the chain out: without it, me bundles the nested STS/SSO clients', () => {
    expect(of(FULL_CHAIN).packages).toContain('@aws-sdk/nested-clients');
    expect(of(FULL_CHAIN).packages).toContain('@aws-sdk/credential-provider-node');
  });

  /** Functions with an SDK client besides DynamoDB's, from their declared access. */
  const withOtherClients = FUNCTION_NEEDS.filter((n) =>
    portsOf(n).some((p) => CLIENT_OF_PORT[p] && CLIENT_OF_PORT[p] !== '@aws-sdk/client-dynamodb'),
  ).map((n) => n.fn);

  it('the DynamoDB-only weighing stubs every other client a port is built on', () => {
    const others = new Set(
      Object.values(CLIENT_OF_PORT).filter((c) => c && c !== '@aws-sdk/client-dynamodb'),
    );
    expect([...OTHER_SDK_CLIENTS].sort()).toEqual([...others].sort());
    expect(withOtherClients).toEqual(expect.arrayContaining(['consent', 'people', 'upload-export']));
  });

  it.each(withOtherClients)(
    '%s weighed with DynamoDB only keeps all its own code and the table client, and no other client',
    async (fn) => {
      const { metafile } = await dynamoOnlyBuild(fn);
      const inputs = Object.keys(metafile.inputs);
      const packages = new Set(inputs.map(packageOf));
      expect(packages).toContain('@aws-sdk/client-dynamodb');
      for (const client of OTHER_SDK_CLIENTS) expect(packages).not.toContain(client);
      expect(inputs).toContain('bench/sdk-client-stub.ts');
      const own = (files: string[]) =>
        files.filter((f) => !f.includes('node_modules/') && !f.startsWith('bench/'));
      expect(own(inputs)).toEqual(expect.arrayContaining(own(of(fn).inputs)));
    },
    30_000,
  );

  it.each(
    fns.filter((fn) =>
      readFileSync(join(REPO_ROOT, 'functions', fn, 'index.ts'), 'utf8').includes('tableStores('),
    ),
  )('%s, wired with tableStores, bundles no module of the other stores', (fn) => {
    expect(of(fn).inputs).not.toContain('functions/lib/store/index.ts');
    expect(of(fn).inputs).not.toContain('functions/lib/ports/every-store.ts');
  });

  it('translates every bundling option to esbuild, or refuses', () => {
    expect(() => esbuildOptionsOf({ ...MSV_BUNDLING, keepNames: true }, tmp)).toThrow(/keepNames/);
    expect(() => esbuildOptionsOf({ ...MSV_BUNDLING, esbuildArgs: { '--drop': 'console' } }, tmp)).toThrow(
      /--drop/,
    );
  });
});

describe('the bundled S3 client without event streams', () => {
  it('puts and gets objects, and an event-stream operation fails with a clear error', async () => {
    const probe = join(tmp, 's3-probe.mjs');
    await build({
      ...esbuildOptionsOf(MSV_BUNDLING, tmp),
      entryPoints: [join(REPO_ROOT, 'test', 'support', 's3-bundle-probe.ts')],
      outfile: probe,
      sourcemap: false,
    });
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'PUT') res.writeHead(200, { etag: '"e"' }).end();
        else res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '8' }).end('a;b\n1;2\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const child = spawn(process.execPath, ['--no-warnings', probe], {
      env: {
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`,
        AWS_ACCESS_KEY_ID: 'ASIAPROBE',
        AWS_SECRET_ACCESS_KEY: 'secret',
      },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    await new Promise((resolve) => child.on('close', resolve));
    server.close();
    expect(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'), out).toEqual({
      body: 'a;b\n1;2\n',
      selectError: 'EventStreamsNotBundledError',
    });
    // SelectObjectContent's request is plain XML; its response, an event stream, is what cannot be read.
    expect(requests.map((r) => r.split('?')[0])).toEqual([
      'PUT /probe/raw/a.csv',
      'GET /probe/raw/a.csv',
      'POST /probe/raw/a.csv',
    ]);
  }, 30_000);
});

describe('the bundled credential provider', () => {
  /** Runs `me`'s bundle in a fresh node with `env` against a stand-in DynamoDB; what it sent and answered. */
  const invokeMe = async (env: Record<string, string>) => {
    const requests: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      requests.push(req.headers);
      req.resume();
      // GetItem of an unknown school: no Item.
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const event = apiEvent({
      routeKey: 'GET /me',
      principal: { tokenId: 'tok', role: 'school', schoolIds: ['22KC00'], boardId: null },
    });
    const runner =
      'const { handler } = await import(process.argv[1]); ' +
      "const context = { awsRequestId: 'req-1', functionName: 'msv-me', functionVersion: '$LATEST', " +
      "invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:msv-me', memoryLimitInMB: '512', " +
      'getRemainingTimeInMillis: () => 29000 }; ' +
      "process.stdout.write('\\nRESULT ' + JSON.stringify(await handler(JSON.parse(process.env.EVENT), context)));";
    const child = spawn(
      process.execPath,
      ['--no-warnings', '--input-type=module', '-e', runner, pathToFileURL(meBundle).href],
      {
        env: {
          AWS_REGION: 'eu-west-1',
          AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
          AWS_LAMBDA_FUNCTION_NAME: 'msv-me',
          MSV_STAGE: 'aws',
          MSV_TABLE_NAME: 'msv-table',
          EVENT: JSON.stringify(event),
          // No HOME: the SDK's full chain would look for ~/.aws; the alias never does.
          ...env,
        },
      },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
    });
    await new Promise((resolve) => child.on('close', resolve));
    server.close();
    const result = stdout.split('\nRESULT ')[1];
    return { requests, result: result ? (JSON.parse(result) as { statusCode: number }) : undefined, stdout };
  };

  it('signs with the credentials Lambda puts in the environment', async () => {
    const { requests, result, stdout } = await invokeMe({
      AWS_ACCESS_KEY_ID: 'ASIAENVCREDENTIALS01',
      AWS_SECRET_ACCESS_KEY: 'secret-from-the-environment',
      AWS_SESSION_TOKEN: 'session-token-from-the-environment',
    });
    expect(result?.statusCode, stdout).toBe(200);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAENVCREDENTIALS01\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, /,
    );
    expect(requests[0]?.['x-amz-security-token']).toBe('session-token-from-the-environment');
  }, 20_000);

  it('without them, fails the call with the environment provider error, sending nothing', async () => {
    const { requests, result, stdout } = await invokeMe({});
    expect(result?.statusCode, stdout).toBe(500);
    expect(stdout).toContain('Unable to find environment variable credentials');
    expect(requests).toHaveLength(0);
  }, 20_000);
});
