/**
 * Where the local time of one delivery goes (issue 16): schools delivered one at a time through the real worker
 * (`createDeliverSchoolHandler`), warm, against the local stand-ins, every port call timed by a decorator (wall
 * time, and the worker's CPU while it ran: the SDK's marshalling, signing and parsing and the store's zod parse)
 * and the pure steps of `shared/delivery/deliver-school.ts` timed by calling them on the same input. Nothing of
 * deliver-school itself is changed or copied: the decorators only pass the calls on.
 *
 * The stand-ins run in a child process of their own (s3rver and the local SES in a Node child, DynamoDB Local in
 * its JVM), so `process.cpuUsage()` here is the worker's own CPU, and the stand-ins' CPU is read apart from /proc.
 *
 * `npx tsx bench/delivery-profile.ts` runs it alone; `BENCH_PROFILE_DELIVERIES` (default 50) measured deliveries
 * after `BENCH_PROFILE_WARMUP` (default 8).
 */

import { createHash, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { createDeliverSchoolHandler } from '../functions/deliver-school/deliver-school.js';
import { S3ObjectStore } from '../functions/lib/s3-object-store.js';
import { SesMailer } from '../functions/lib/ses-mailer.js';
import { dynamoStores } from '../functions/lib/store/index.js';
import { fixedClock } from '../shared/clock.js';
import { DATA_SCHEMA_VERSION, deliveryIdOf } from '../shared/delivery/deliver-school.js';
import { aggregatesSchema, exportSummarySchema } from '../shared/ingest/schemas.js';
import { consentSchema, exportRecordSchema, schoolSchema } from '../shared/model.js';
import type { Mailer, ObjectStore } from '../shared/ports.js';
import { renderReportPdf } from '../shared/report/render-pdf.js';
import { reportInputFor } from '../shared/report/report-input.js';
import { buildReportModel, canonicalJson } from '../shared/report/report-model.js';
import { keys } from '../shared/table-design.js';
import { seedConsentedSchools } from '../test/support/consented-schools.js';
import { startStandInsProcess } from '../test/support/stand-ins-process.js';

const DATE = '2026-06-16';
const YEAR = '2025-2026';
const BUCKET = 'msv-test-deliveries';
// --- the worker's side ---------------------------------------------------------------------------------------

/** The worker's CPU so far, user + system, in ms. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** The worker's system CPU so far, in ms: the kernel's side of its sockets (loopback TCP to the stand-ins). */
const sysMs = () => process.cpuUsage().system / 1000;

interface Call {
  label: string;
  start: number;
  end: number;
  cpuStart: number;
  cpuEnd: number;
  sysStart: number;
  sysEnd: number;
}

/** The port calls of one delivery, in order, each labelled by port and method (and its count when repeated). */
class Recorder {
  calls: Call[] = [];
  results = new Map<string, unknown>();
  /** The bytes each object put carried, by the object's name. */
  bytes = new Map<string, number>();
  private counts = new Map<string, number>();

  reset() {
    this.calls = [];
    this.results.clear();
    this.bytes.clear();
    this.counts.clear();
  }

  async time<T>(name: string, run: () => Promise<T>): Promise<T> {
    const n = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, n);
    const label = n === 1 ? name : `${name} (${n})`;
    const call: Call = {
      label,
      start: performance.now(),
      end: 0,
      cpuStart: cpuMs(),
      cpuEnd: 0,
      sysStart: sysMs(),
      sysEnd: 0,
    };
    this.calls.push(call);
    try {
      const out = await run();
      if (!this.results.has(name)) this.results.set(name, out);
      return out;
    } finally {
      call.end = performance.now();
      call.cpuEnd = cpuMs();
      call.sysEnd = sysMs();
    }
  }
}

/** `target` with every method call timed under `name.method`: the calls themselves are passed on unchanged. */
const timed = <T extends object>(name: string, target: T, rec: Recorder): T =>
  new Proxy(target, {
    get(t, p) {
      const v = Reflect.get(t, p, t) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (name === 's3' && p === 'put') {
          const [key, body] = args as [string, Uint8Array];
          rec.bytes.set(key.slice(key.lastIndexOf('/') + 1), body.byteLength);
        }
        return rec.time(`${name}.${String(p)}`, () =>
          (v as (...a: unknown[]) => Promise<unknown>).apply(t, args),
        );
      };
    },
  });

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Wall time in ms of `fn`, and what it returned. */
const clocked = async <T>(fn: () => T | Promise<T>): Promise<[number, T]> => {
  const start = performance.now();
  const out = await fn();
  return [performance.now() - start, out];
};

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** The items the worker reads, parsed as its stores parse them (functions/lib/store/*.ts), for the parse's cost. */
const exportItemSchema = z.extend(exportRecordSchema, { summary: exportSummarySchema });
const aggregatesItemSchema = z.object({ aggregates: z.string() });

export const benchDeliveryProfile = async (): Promise<Record<string, unknown>> => {
  const warmup = Number(process.env.BENCH_PROFILE_WARMUP ?? 8);
  const count = Number(process.env.BENCH_PROFILE_DELIVERIES ?? 50);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const standIns = await startStandInsProcess();
  Object.assign(process.env, standIns.env);
  const tableName = standIns.env.MSV_TABLE_NAME ?? '';
  try {
    const dynamo = new DynamoDBClient({});
    const plainStore = dynamoStores(dynamo, tableName);
    const ids = await seedConsentedSchools(plainStore, {
      count: warmup + count,
      deliveryDate: DATE,
      schoolYear: YEAR,
    });

    const rec = new Recorder();
    const store = Object.fromEntries(
      Object.entries(plainStore).map(([name, s]) => [name, timed(name, s as object, rec)]),
    ) as unknown as typeof plainStore;
    const deliveries: ObjectStore = timed(
      's3',
      new S3ObjectStore(new S3Client({ forcePathStyle: true }), BUCKET),
      rec,
    );
    const mailer: Mailer = timed('ses', new SesMailer(new SESClient({}), 'msv@msv.test', undefined), rec);
    const worker = createDeliverSchoolHandler({
      config: { lowResponsePercent: 50, deliveryPrefix: 'deliveries', deliveryBucket: BUCKET },
      logger: new Logger({ serviceName: 'msv-bench', logLevel: 'SILENT' }),
      clock: fixedClock(`${DATE}T06:00:00+02:00`),
      store,
      deliveries,
      mailer,
    });
    const doc = DynamoDBDocumentClient.from(dynamo);
    const raw = async (key: Record<string, string>) =>
      (await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })))
        .Item as Record<string, unknown>;

    const samples: Array<Record<string, number>> = [];
    const orders: string[][] = [];
    for (const [i, schoolId] of ids.entries()) {
      // The raw items the worker is about to read, for the parse's cost (read before, not timed).
      const consentItem = await raw(keys.consent(schoolId, YEAR));
      const schoolItem = await raw(keys.school(schoolId));
      const exportId = `exp_${schoolId}`;
      const exportItem = await raw(keys.export(schoolId, YEAR, exportId));
      const aggregatesItem = await raw(keys.aggregates(schoolId, YEAR, exportId));

      rec.reset();
      const standStart = await standIns.usage();
      const event: SQSEvent = {
        Records: [
          {
            messageId: randomUUID(),
            body: JSON.stringify({ schoolId, schoolYear: YEAR, deliveryDate: DATE }),
          } as SQSEvent['Records'][number],
        ],
      };
      const cpuStart = cpuMs();
      const sysStart = sysMs();
      const start = performance.now();
      const out = await worker(event, benchContext());
      const total = performance.now() - start;
      const cpu = cpuMs() - cpuStart;
      const sys = sysMs() - sysStart;
      const standEnd = await standIns.usage();
      if (out.batchItemFailures.length > 0) throw new Error(`delivery of ${schoolId} failed`);
      if (i < warmup) continue;

      const sample: Record<string, number> = {
        total,
        cpu,
        sys,
        'stand-ins: s3rver + SES (node)': standEnd.node - standStart.node,
        'stand-ins: DynamoDB Local (JVM)': standEnd.jvm - standStart.jvm,
      };
      for (const c of rec.calls) {
        sample[`port ${c.label}`] = c.end - c.start;
        sample[`cpu ${c.label}`] = c.cpuEnd - c.cpuStart;
        sample[`sys ${c.label}`] = c.sysEnd - c.sysStart;
      }
      // The time outside every port call (merging the parallel reads): msv's own work in the worker.
      const merged: Call[] = [];
      for (const c of [...rec.calls].sort((a, b) => a.start - b.start)) {
        const last = merged.at(-1);
        if (last && c.start <= last.end) {
          if (c.end > last.end) {
            last.end = c.end;
            last.cpuEnd = c.cpuEnd;
            last.sysEnd = c.sysEnd;
          }
        } else merged.push({ ...c });
      }
      const inPorts = merged.reduce((a, c) => a + (c.end - c.start), 0);
      const cpuInPorts = merged.reduce((a, c) => a + (c.cpuEnd - c.cpuStart), 0);
      const sysInPorts = merged.reduce((a, c) => a + (c.sysEnd - c.sysStart), 0);
      sample['in port calls'] = inPorts;
      sample['cpu in port calls'] = cpuInPorts;
      sample['sys in port calls'] = sysInPorts;
      sample['between port calls'] = total - inPorts;
      // The worker's own lines around the delivery: the job's parse and child logger before, its log line after.
      const first = merged[0];
      const last = merged.at(-1);
      if (first && last) {
        sample['before the first port call'] = first.start - start;
        sample['after the last port call'] = start + total - last.end;
      }
      sample['cpu between port calls'] = cpu - cpuInPorts;
      orders.push(rec.calls.map((c) => c.label));

      // The pure steps again, on the same input the worker read (the decorators kept what the reads returned).
      const got = <T>(name: string) => rec.results.get(name) as T;
      const school = got<NonNullable<Awaited<ReturnType<typeof plainStore.schools.get>>>>('schools.get');
      const consent = got<NonNullable<Awaited<ReturnType<typeof plainStore.consents.get>>>>('consents.get');
      const reads = {
        boards: { get: async () => got<never>('boards.get') },
        exports: {
          get: async () => got<never>('exports.get'),
          getAggregates: async () => got<never>('exports.getAggregates'),
        },
        policies: plainStore.policies,
        instruments: plainStore.instruments,
      };
      const [tInput, input] = await clocked(() =>
        reportInputFor(reads, { school, schoolYear: YEAR, consent, preview: false, lowResponsePercent: 50 }),
      );
      const [tModel, model] = await clocked(() => buildReportModel(input));
      const [tRender, pdf] = await clocked(() => renderReportPdf(model));
      const deliveryId = deliveryIdOf(consent);
      const [tData, data] = await clocked(() =>
        new TextEncoder().encode(
          `${canonicalJson({
            schemaVersion: DATA_SCHEMA_VERSION,
            deliveryId,
            school,
            level: consent.level,
            levels: model.delivered.levels,
            representativeness: model.delivered.representativeness,
            administration: model.delivered.administration,
            policy: input.policy,
            consent,
          })}\n`,
        ),
      );
      const [tManifest, manifest] = await clocked(() =>
        new TextEncoder().encode(
          `${JSON.stringify({ deliveryId, files: [{ sha256: sha256(pdf) }, { sha256: sha256(data) }] }, null, 2)}\n`,
        ),
      );
      // deliver-school hashes report.pdf and data.json for the manifest and again for the record, and the manifest.
      const [tHash] = await clocked(() => [pdf, data, manifest, pdf, data].map(sha256));
      const [tParseConsent] = await clocked(() => consentSchema.parse(consentItem));
      const [tParseSchool] = await clocked(() => schoolSchema.parse(schoolItem));
      const [tParseExport] = await clocked(() => exportItemSchema.parse(exportItem));
      const [tJsonAggregates, aggregatesJson] = await clocked(() =>
        JSON.parse(aggregatesItemSchema.parse(aggregatesItem).aggregates),
      );
      const [tParseAggregates] = await clocked(() => aggregatesSchema.parse(aggregatesJson));
      Object.assign(sample, {
        'step reportInputFor (no reads)': tInput,
        'step buildReportModel': tModel,
        'step renderReportPdf': tRender,
        'step data.json (≈ canonicalJson of its parts)': tData,
        'step manifest.json': tManifest,
        'step sha256 ×5': tHash,
        'parse consent (zod)': tParseConsent,
        'parse school (zod)': tParseSchool,
        'parse export + summary (zod)': tParseExport,
        'parse aggregates (JSON.parse)': tJsonAggregates,
        'parse aggregates (zod)': tParseAggregates,
        ...Object.fromEntries([...rec.bytes].map(([file, n]) => [`bytes ${file}`, n])),
        'bytes aggregates item': String(aggregatesItem.aggregates).length,
      });
      samples.push(sample);
    }

    const names = [...new Set(samples.flatMap((s) => Object.keys(s)))];
    const stats: Record<string, { median: number; p90: number; mean: number }> = {};
    for (const name of names) {
      const xs = samples.map((s) => s[name]).filter((x): x is number => x !== undefined);
      stats[name] = { median: quantile(xs, 0.5), p90: quantile(xs, 0.9), mean: mean(xs) };
    }
    const totalMean = stats.total?.mean ?? 1;
    const row = (label: string, key: string, note = '') => {
      const s = stats[key];
      if (!s) return;
      const share = key.startsWith('bytes') ? '' : `${((100 * s.mean) / totalMean).toFixed(1)}%`;
      console.log(
        `  ${label.padEnd(44)} ${s.median.toFixed(2).padStart(8)} ${s.p90.toFixed(2).padStart(8)} ${share.padStart(7)}  ${note}`,
      );
    };
    const order = orders[0] ?? [];
    console.log(
      `delivery profile: ${count} deliveries one at a time after ${warmup} warm-up, VO school (6 onderwijssoorten, 300 respondents), level onderwijssoort`,
    );
    console.log(`  ${'ms'.padEnd(44)} ${'median'.padStart(8)} ${'p90'.padStart(8)} ${'share'.padStart(7)}`);
    row('one delivery, wall', 'total');
    row('  worker CPU (this process)', 'cpu');
    row('    of which system (kernel)', 'sys');
    row('  in port calls (union), wall', 'in port calls');
    row('    worker CPU in them (SDK, parse, sockets)', 'cpu in port calls');
    row('      of which system (kernel)', 'sys in port calls');
    row('  between port calls (msv in-process), wall', 'between port calls');
    row('    worker CPU in it', 'cpu between port calls');
    row('    of it before the first port call', 'before the first port call');
    row('    of it after the last port call', 'after the last port call');
    console.log('  port calls, in order (wall / worker CPU during the call):');
    for (const label of order) {
      const cpu = stats[`cpu ${label}`]?.median.toFixed(2);
      const sys = stats[`sys ${label}`]?.median.toFixed(2);
      row(`    ${label}`, `port ${label}`, `cpu ${cpu} (sys ${sys})`);
    }
    console.log('  pure steps, called directly on the same input:');
    for (const key of names.filter((n) => n.startsWith('step ') || n.startsWith('parse ')))
      row(`    ${key}`, key);
    console.log('  stand-ins, CPU per delivery (their own processes):');
    row('    s3rver + local SES (node)', 'stand-ins: s3rver + SES (node)');
    row('    DynamoDB Local (JVM, 10 ms ticks)', 'stand-ins: DynamoDB Local (JVM)');
    for (const key of names.filter((n) => n.startsWith('bytes '))) row(`  ${key}`, key);
    return { deliveries: count, warmup, order, stats };
  } finally {
    await standIns.stop();
  }
};

/** The Lambda context of a handler the bench calls directly. */
const benchContext = (): Context =>
  ({
    awsRequestId: randomUUID(),
    functionName: 'msv-bench',
    getRemainingTimeInMillis: () => 300_000,
  }) as Context;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchDeliveryProfile();
