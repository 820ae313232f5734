/**
 * The capacity and cost model of the national delivery day (issue 16): from what the national-day simulation
 * measured per school ({@link NationalUnits}, filled by bench/national-day.ts) to the wall time in AWS, the limit
 * that binds first, the cost per school and year, and what to ask AWS for before June. Pure; the prices, quotas,
 * latencies and assumptions are in bench/aws-prices.ts, each with its source and read date.
 * `npx tsx bench/capacity.ts units.json [out.md]` writes the markdown from a saved units file.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { containerRate, DELIVERY_WORKER_CONCURRENCY, MAIL_RATE_SHARES } from '../shared/mail/mail-rate.js';
import {
  DEPLOYED as D,
  INIT_BILLED,
  LATENCY_MS as L,
  LAMBDA_MB_PER_VCPU,
  MODEL as M,
  OTHER_USE as O,
  PRICES_USD as P,
  QUOTAS as Q,
  READ_ON,
  REGION,
  type Sourced,
  USD_TO_EUR,
} from './aws-prices.js';

/** What the national-day simulation (bench/national-day.ts) measured, per delivered school unless said. */
export interface NationalUnits {
  /** Schools in the run, and how many ended delivered exactly once. */
  schools: number;
  delivered: number;
  /** Local wall time of all deliveries (every date's schedule fired), seconds. */
  wallSeconds: number;
  /** The delivery worker's own thread CPU per delivered school, ms (cold starts excluded). */
  workerCpuMsPerSchool: number;
  /** One cold start of the worker (module import and init), CPU ms. */
  workerInitCpuMs: number;
  /** Worker invocations (SQS batches) per delivered school (e.g. 0.2 at batch size 5, more with retries). */
  workerInvocationsPerSchool: number;
  /** The dispatcher's thread CPU per dispatched date, ms, and its invocations in the run. */
  dispatcherCpuMsPerRun: number;
  dispatcherInvocations: number;
  /**
   * A dispatcher run's CPU as a line through its runs (least squares over the dates): a part every run costs
   * whatever its size (the reconciliation of the year's earlier dates) and a part per school it queues.
   */
  dispatcherCpuMsFixed: number;
  dispatcherCpuMsPerQueued: number;
  /** A run's DynamoDB queries (its date, and each earlier date the reconciliation looks at). */
  dispatcherQueriesPerRun: number;
  /** Per delivered school, counted at the local IAM proxy from the worker's and dispatcher's own SDK calls. */
  perSchool: {
    dynamoReadRequests: number; // GetItem, Query, BatchGetItem
    dynamoWriteRequests: number; // PutItem, UpdateItem, TransactWriteItems, ...
    dynamoReadItems: number; // items returned (Query Count, GetItem 0/1, TransactGet)
    dynamoWriteItems: number; // items written (TransactWriteItems counts each)
    dynamoReadKiB: number; // response bytes of reads / 1024 (an upper bound of item size)
    dynamoWriteKiB: number;
    s3Puts: number;
    s3BytesWritten: number;
    sqsRequests: number; // SendMessageBatch etc. by the dispatcher, per school
    mails: number; // SES sends
    mailRecipients: number;
  };
}

/** One limit on the delivery path: its quota and the demand on it, at the workers' own pace and as projected. */
export interface LimitRow {
  name: string;
  quota: number;
  unit: string;
  demandAtWorkerPace: number;
  demandProjected: number;
  /** demandAtWorkerPace / quota: the largest binds first. */
  utilisation: number;
  projectedUtilisation: number;
  source: string;
  confirmed: boolean;
  note: string;
}

/** One cost: USD per school (or per month for the fixed ones), and what it is made of. */
export interface CostLine {
  item: string;
  usd: number;
  basis: string;
}

export interface CapacityOptions {
  /** Delivery workers at once (the event source's maximum concurrency); default 50. */
  concurrency?: number;
  /** Schools delivering on the national day; default 9,000. */
  schools?: number;
  /** The SES account's maximum send rate, mails a second; default 14. */
  mailSendRate?: number;
  /** The confirmations' share of it; default MAIL_RATE_SHARES.deliveries (shared/mail/mail-rate.ts). */
  deliveriesMailShare?: number;
}

export interface CapacityModel {
  inputs: Required<CapacityOptions> & { region: string; readOn: string; usdToEur: number };
  /** One school in a warm worker: its CPU at Lambda's share of a vCPU plus its requests' latencies. */
  perSchoolWallMs: number;
  workerInitWallMs: number;
  /** Schools a second: the workers alone, the confirmations' SES share alone, and the lower of the two. */
  workerSchoolsPerSecond: number;
  mailSchoolsPerSecond: number;
  deliverySchoolsPerSecond: number;
  /** Wall time of the day's deliveries, minutes: the workers alone, and as projected (mails are in the job). */
  workerOnlyMinutes: number;
  projectedCloudMinutes: number;
  /** Minutes the confirmations need at their share of the SES rate, whatever the workers do. */
  mailTrailMinutes: number;
  /** projectedCloudMinutes at the concurrency deployed today (DELIVERY_WORKER_CONCURRENCY). */
  deployedConcurrencyMinutes: number;
  limits: LimitRow[];
  /** The limit with the largest utilisation, and a sentence naming it with its numbers. */
  bindingLimit: Pick<LimitRow, 'name' | 'utilisation' | 'quota' | 'unit'> & { demand: number; text: string };
  costs: { delivery: CostLine[]; otherUse: CostLine[]; fixedMonthly: CostLine[] };
  /** Usage-driven cost of one school a year: its delivery and a typical year's other use (no fixed costs). */
  costEurPerSchoolYear: number;
  /** The same without the sign-in (Cognito's price per monthly active user, not a measured unit). */
  costEurPerSchoolYearWithoutSignIn: number;
  /** The national day's deliveries: `schools` × one delivery. */
  costEurNationalDay: number;
  fixedEurPerMonth: number;
  fixedEurPerSchoolYear: number;
  /** What to ask AWS for, and the workers to deploy, so that the confirmations take at most `targetMinutes`. */
  request: Record<
    'targetMinutes' | 'sesRate' | 'sesDaily' | 'lambdaConcurrency' | 'workerConcurrency',
    number
  >;
  markdown: string;
}

const GIB = 1024 ** 3;
const cpuShare = (mb: number) => Math.min(1, mb / LAMBDA_MB_PER_VCPU.value);
const ours = (unit: string, source: string): Sourced => ({ value: 0, unit, source, confirmed: true });
/** The dispatcher's CPU for one run that queues `n` schools. */
const dispatcherCpuMsOf = (u: NationalUnits, n: number) =>
  u.dispatcherCpuMsFixed + n * u.dispatcherCpuMsPerQueued;
const perMailOf = (s: NationalUnits['perSchool']) => (s.mails > 0 ? s.mailRecipients / s.mails : 1);

/**
 * Recipients a second that the paced mailers of `containers` workers send together: each holds a send for 1.1 s
 * and fits only whole mails in its share, so 1.4 mails/s for one container is one mail per 1.1 s.
 */
export const pacedRecipientRate = (rate: number, share: number, containers: number, perMail: number) => {
  const each = containerRate(rate, share, containers);
  const perWindow = each >= perMail ? Math.floor(each / perMail) * perMail : each;
  return (perWindow / M.sendWindowS) * containers;
};

/** The pace of `n` deliveries at `c` workers: the workers' own, the mails', and the wall time. */
const project = (u: NationalUnits, c: number, rate: number, share: number, n: number) => {
  const s = u.perSchool;
  const cpu = cpuShare(D.workerMemoryMb);
  const ioMs =
    s.dynamoReadRequests * L.dynamoRead.value +
    s.dynamoWriteRequests * L.dynamoWrite.value +
    s.s3Puts * L.s3Put.value +
    s.mails * L.sesSend.value +
    u.workerInvocationsPerSchool * L.invoke.value;
  const wallMs = u.workerCpuMsPerSchool / cpu + ioMs;
  const initMs = u.workerInitCpuMs / cpu;
  const mailRate = pacedRecipientRate(rate, share, c, perMailOf(s));
  const workerRate = c / (wallMs / 1000);
  const mailSchoolRate = s.mailRecipients > 0 ? mailRate / s.mailRecipients : Number.POSITIVE_INFINITY;
  const pace = Math.min(workerRate, mailSchoolRate);
  // The event source starts with 5 batches and adds 300 a minute: the ramp loses half its missing concurrency.
  const missing = Math.max(0, c - Q.sqsEsmStart.value);
  const rampS = (missing / Q.sqsEsmRamp.value) * 60;
  const overheadS = initMs / 1000 + (rampS * missing) / (2 * c);
  const minutes = (r: number) => (n / r + overheadS) / 60;
  const shown = {
    perSchoolWallMs: wallMs,
    workerInitWallMs: initMs,
    workerSchoolsPerSecond: workerRate,
    mailSchoolsPerSecond: mailSchoolRate,
    deliverySchoolsPerSecond: pace,
    workerOnlyMinutes: minutes(workerRate),
    projectedCloudMinutes: minutes(pace),
    mailTrailMinutes: Number.isFinite(mailSchoolRate) ? n / mailSchoolRate / 60 : 0,
  };
  // jobMs: one container's time per school, its own work or its mail's turn.
  return { shown, wallMs, initMs, mailRate, workerRate, pace, rampS, jobMs: (c / pace) * 1000 };
};
type Projection = ReturnType<typeof project>;

/** The limits on the delivery path at `c` workers for `n` schools. */
const limitsOf = (u: NationalUnits, pr: Projection, c: number, n: number, rate: number, share: number) => {
  const s = u.perSchool;
  const row = (name: string, q: Sourced, quota: number, worker: number, projected: number, note = '') => ({
    name,
    quota,
    unit: q.unit,
    demandAtWorkerPace: worker,
    demandProjected: projected,
    utilisation: worker / quota,
    projectedUtilisation: projected / quota,
    source: q.source,
    confirmed: q.confirmed,
    note: [note, q.note].filter(Boolean).join('; '),
  });
  // A rate limit takes `perSchool` a delivery, a second; a level limit the same demand at any pace.
  const perSecond = (name: string, q: Sourced, perSchool: number, note?: string) =>
    row(name, q, q.value, perSchool * pr.workerRate, perSchool * pr.pace, note);
  const level = (name: string, q: Sourced, demand: number, note?: string, quota = q.value) =>
    row(name, q, quota, demand, demand, note);
  const timeout = (name: string, quota: number, worker: number, projected: number, note: string) =>
    row(name, ours('s', 'infra/constructs/delivery-pipeline.ts'), quota, worker, projected, note);
  const ses = { ...Q.sesProductionRate, value: pr.mailRate, unit: 'recipients a second' };
  const sesNote = `${rate}/s × ${share}, paced in 1.1 s windows over ${c} workers`;
  const unreserved = Q.lambdaConcurrency.value - Q.lambdaUnreservedMinimum.value;
  // The day's one run: its CPU, its queries one after another, and its sends (sqsRequests is per school).
  const dispatcherS =
    dispatcherCpuMsOf(u, n) / cpuShare(D.dispatcherMemoryMb) / 1000 +
    (u.dispatcherQueriesPerRun * L.dynamoRead.value + n * s.sqsRequests * L.sqsSendBatch.value) / 1000;
  const batch = (jobMs: number) => (D.batchSize * jobMs) / 1000;
  const kmsPerS = (c * M.kmsKeysPerContainer) / (M.kmsCacheMinutes * 60);
  const kmsNote = `bucket keys and DynamoDB's key cache; without bucket keys +${num(s.s3Puts * pr.workerRate)}/s`;
  const { wru, rru } = unitsOf(s);
  return [
    perSecond('SES sending rate (the confirmations’ share)', ses, s.mailRecipients, sesNote),
    level('SES daily quota', Q.sesProductionDaily, n * s.mailRecipients, 'sandbox: 200 a day, 1 a second'),
    level('Lambda concurrency (account, 100 kept unreserved)', Q.lambdaConcurrency, c, undefined, unreserved),
    level('SQS event source maximum concurrency', Q.sqsEsmMaxConcurrency, c),
    level('SQS event source scale-up', Q.sqsEsmRamp, c - Q.sqsEsmStart.value, `${num(pr.rampS / 60, 1)} min`),
    level('Lambda scaling rate', Q.lambdaScaling, c),
    timeout('Worker batch, 2-minute timeout', D.workerTimeoutS, batch(pr.wallMs), batch(pr.jobMs), '5 jobs'),
    timeout('Dispatcher run, 5-minute timeout', D.dispatcherTimeoutS, dispatcherS, dispatcherS, 'all jobs'),
    perSecond('DynamoDB: the date’s partition, writes', Q.dynamoPartitionWrite, M.datePartitionWru),
    perSecond('DynamoDB: table writes', Q.dynamoNewTableWrite, wru),
    perSecond('DynamoDB: table reads', Q.dynamoNewTableRead, rru),
    perSecond('S3 PUTs below the delivery prefix', Q.s3PutPerPrefix, s.s3Puts),
    level('KMS requests (shared)', Q.kmsSymmetric, kmsPerS, kmsNote),
    level('EventBridge Scheduler invocations', Q.schedulerInvocations, M.dateFires, 'one schedule per date'),
  ] satisfies LimitRow[];
};

/** Upper bounds of the request units of one delivery: every write transactional, every read strongly consistent. */
const unitsOf = (s: NationalUnits['perSchool']) => ({
  wru: Math.max(s.dynamoWriteItems, s.dynamoWriteKiB) * 2,
  rru: Math.max(s.dynamoReadItems, s.dynamoReadKiB / 4),
});

/** A quantity times its unit price. */
const line = (item: string, qty: number, price: Sourced, basis: string): CostLine => ({
  item,
  usd: qty * price.value,
  basis: `${qty > 0 && qty < 0.01 ? qty.toPrecision(2) : num(qty, qty < 10 ? 3 : 0)} ${basis}`,
});
const gibYear = (bytes: number) => (bytes / GIB) * 12;
const logs = (bytes: number) => [
  line('CloudWatch Logs: ingested', bytes / GIB, P.logsIngestGb, 'GB'),
  line(`CloudWatch Logs: kept ${D.logRetentionDays} days`, gibYear(bytes), P.logsStorageGbMonth, 'GB-months'),
];

const costsOf = (u: NationalUnits, pr: Projection, c: number, n: number) => {
  const s = u.perSchool;
  const { wru, rru } = unitsOf(s);
  const workerGbS = ((pr.jobMs + (c * pr.initMs) / n) / 1000) * (D.workerMemoryMb / 1024);
  // The day's run shared by its schools.
  const dispatcherCpuMs = dispatcherCpuMsOf(u, n) / n;
  const dispatcherGbS =
    (dispatcherCpuMs / cpuShare(D.dispatcherMemoryMb) / 1000) * (D.dispatcherMemoryMb / 1024);
  const kms = (c * M.kmsKeysPerContainer * Math.ceil(pr.shown.projectedCloudMinutes / M.kmsCacheMinutes)) / n;
  const delivery = [
    line('Lambda: worker requests', u.workerInvocationsPerSchool, P.lambdaRequest, 'invocations'),
    line('Lambda: worker duration (mail waits, cold starts)', workerGbS, P.lambdaArmGbSecond, 'GB-s'),
    line('Lambda: dispatcher', dispatcherGbS, P.lambdaArmGbSecond, 'GB-s'),
    line('DynamoDB writes', wru, P.dynamoWriteUnit, 'WRU (upper bound)'),
    line('DynamoDB reads', rru, P.dynamoReadUnit, 'RRU (upper bound)'),
    line('S3 PUTs', s.s3Puts, P.s3Put, 'PUTs'),
    line('S3: the delivered files, a year', gibYear(s.s3BytesWritten), P.s3StorageGbMonth, 'GB-months'),
    line('KMS', kms, P.kmsRequest, 'requests'),
    line('SES', s.mailRecipients, P.sesRecipient, 'recipients'),
    line('SQS', s.sqsRequests + 2 * u.workerInvocationsPerSchool, P.sqsRequest, 'sends, receives, deletes'),
    line('EventBridge Scheduler', M.dateFires / n, P.schedulerInvocation, 'invocations (the date’s)'),
    ...logs(M.logBytesPerSchool),
    line('X-Ray (tracing on)', u.workerInvocationsPerSchool, P.xrayTrace, 'traces at most'),
  ];
  const requests = O.apiRequests + O.uploads + O.consentSaves + O.previews;
  const routeMs = O.uploads * O.ms.upload + O.consentSaves * O.ms.consent + O.previews * O.ms.preview;
  const apiGbS = (0.5 * (requests * (O.ms.authorizer + O.ms.route) + routeMs)) / 1000;
  const reads = requests * O.units.readPerRequest + O.previews * O.units.previewRead;
  const writes = O.uploads * O.units.uploadWrite + O.consentSaves * O.units.consentWrite;
  const raw = gibYear(O.uploads * O.uploadBytes) * (D.rawRetentionDays / 365);
  const otherUse = [
    line('API Gateway (HTTP API)', requests, P.httpApiRequest, 'requests'),
    line('Lambda: authorizer and route requests', 2 * requests, P.lambdaRequest, 'invocations'),
    line('Lambda: duration', apiGbS, P.lambdaArmGbSecond, 'GB-s'),
    line('DynamoDB reads', reads, P.dynamoReadUnit, 'RRU (memberships on every request)'),
    line('DynamoDB writes', writes, P.dynamoWriteUnit, 'WRU (uploads, consents)'),
    line('DynamoDB storage, a year', gibYear(O.tableKiB * 1024), P.dynamoStorageGbMonth, 'GB-months'),
    line('DynamoDB point-in-time recovery', gibYear(O.tableKiB * 1024), P.dynamoPitrGbMonth, 'GB-months'),
    line('S3: raw export PUTs', O.uploads, P.s3Put, 'PUTs'),
    line(`S3: raw exports, kept ${D.rawRetentionDays} days`, raw, P.s3StorageGbMonth, 'GB-months'),
    line(
      'SES: consent mails, reminder digests',
      O.consentSaves * O.consentRecipients + O.reminderRecipients,
      P.sesRecipient,
      'recipients',
    ),
    line('Cognito (Essentials)', O.mauMonths, P.cognitoMau, 'monthly active users'),
    ...logs(requests * O.logBytesPerRequest),
    line('X-Ray', 2 * requests, P.xrayTrace, 'traces at most'),
    line('Data out', (requests * O.responseKiB * 1024) / GIB, P.dataOutGb, 'GB'),
  ];
  const runs = 730 + 30; // a month of hourly reconciliations and daily reminder runs
  const fixedMonthly = [
    line('KMS keys, after their first rotation', D.kmsKeys * 2, P.kmsKeyMonth, 'key-months'),
    line('CloudWatch alarms', D.alarms, P.alarmMonth, 'alarms'),
    line('CloudWatch custom metrics', D.metrics, P.metricMonth, 'metrics'),
    line(
      'SQS: the event source polling an empty queue',
      M.idlePollers * 3 * 60 * 730,
      P.sqsRequest,
      'requests',
    ),
    line('Reconciliation and reminder runs', runs * M.scheduledRunGbS, P.lambdaArmGbSecond, 'GB-s'),
    line('Their reads', runs * M.scheduledRunReadUnits, P.dynamoReadUnit, 'RRU'),
  ];
  return { delivery, otherUse, fixedMonthly };
};

/**
 * What to ask for: the SES rate at which `n` schools' confirmations take at most 5 minutes at `share`, the workers
 * that keep up with it (10 % headroom), and an account concurrency that leaves 100 unreserved beside them.
 */
const askFor = (u: NationalUnits, wallMs: number, share: number, n: number): CapacityModel['request'] => {
  const targetMinutes = 5;
  const recipients = n * u.perSchool.mailRecipients;
  const needed = (n / (targetMinutes * 60)) * (wallMs / 1000) * 1.1;
  const workerConcurrency = Math.min(Q.sqsEsmMaxConcurrency.value, Math.max(2, Math.ceil(needed)));
  const seconds = (r: number) =>
    recipients / pacedRecipientRate(r, share, workerConcurrency, perMailOf(u.perSchool));
  // From the continuous estimate up: whole mails per window may need a little more.
  let sesRate = Math.max(1, Math.ceil((recipients / (targetMinutes * 60) / share) * M.sendWindowS));
  while (sesRate < 10_000 && seconds(sesRate) > targetMinutes * 60) sesRate++;
  const sesDaily = Math.max(Q.sesProductionDaily.value, Math.ceil(recipients * 2));
  const lambdaConcurrency = Math.max(Q.lambdaConcurrency.value, workerConcurrency + 100);
  return { targetMinutes, sesRate, sesDaily, lambdaConcurrency, workerConcurrency };
};

const sum = (ls: CostLine[]) => ls.reduce((t, l) => t + l.usd, 0);

/** The capacity and cost of `schools` deliveries at `concurrency` workers, from the simulation's units. */
export const capacityModel = (units: NationalUnits, opts: CapacityOptions = {}): CapacityModel => {
  const c = opts.concurrency ?? 50;
  const n = opts.schools ?? 9000;
  const rate = opts.mailSendRate ?? 14;
  const share = opts.deliveriesMailShare ?? MAIL_RATE_SHARES.deliveries;
  if (!(c >= 1 && n >= 1 && rate > 0 && share > 0)) throw new RangeError('every option must be positive');
  const pr = project(units, c, rate, share, n);
  const limits = limitsOf(units, pr, c, n, rate, share);
  const top = limits.reduce((a, b) => (b.utilisation > a.utilisation ? b : a));
  const costs = costsOf(units, pr, c, n);
  const fx = USD_TO_EUR.value;
  const fixedUsd = sum(costs.fixedMonthly);
  const inputs = { concurrency: c, schools: n, mailSendRate: rate, deliveriesMailShare: share };
  const { name, utilisation, quota, unit, demandAtWorkerPace: demand } = top;
  const text = `${name}: ${num(demand, 1)} of ${num(quota, 1)} ${unit} (${pct(utilisation)})`;
  const model: Omit<CapacityModel, 'markdown'> = {
    inputs: { ...inputs, region: REGION, readOn: READ_ON, usdToEur: fx },
    ...pr.shown,
    deployedConcurrencyMinutes: project(units, DELIVERY_WORKER_CONCURRENCY, rate, share, n).shown
      .projectedCloudMinutes,
    limits,
    bindingLimit: { name, utilisation, demand, quota, unit, text },
    costs,
    costEurPerSchoolYear: (sum(costs.delivery) + sum(costs.otherUse)) * fx,
    costEurPerSchoolYearWithoutSignIn:
      (sum(costs.delivery) + sum(costs.otherUse.filter((c) => !c.item.startsWith('Cognito')))) * fx,
    costEurNationalDay: n * sum(costs.delivery) * fx,
    fixedEurPerMonth: fixedUsd * fx,
    fixedEurPerSchoolYear: (fixedUsd * 12 * fx) / n,
    request: askFor(units, pr.wallMs, share, n),
  };
  return { ...model, markdown: renderMarkdown(units, model) };
};

const num = (x: number, digits = 0) =>
  Number.isFinite(x) ? x.toLocaleString('en-GB', { maximumFractionDigits: digits }) : '∞';
const pct = (x: number) => `${num(x * 100, x < 0.1 ? 2 : 0)} %`;
const eur = (x: number) => (x >= 1 ? `€${num(x, 2)}` : `€${x.toPrecision(2)}`);

const renderMarkdown = (u: NationalUnits, m: Omit<CapacityModel, 'markdown'>): string => {
  const { inputs: i, request: r } = m;
  const fx = i.usdToEur;
  const table = (lines: CostLine[], per: string, times = 0) => [
    `| item | ${per} | ${times ? `× ${num(times)} schools | ` : ''}basis |`,
    `| --- | ---: | ${times ? '---: | ' : ''}--- |`,
    ...lines.map(
      (l) => `| ${l.item} | ${eur(l.usd * fx)} | ${times ? `${eur(l.usd * fx * times)} | ` : ''}${l.basis} |`,
    ),
  ];
  const s = u.perSchool;
  const limit = (l: LimitRow) =>
    `| ${l.name}${l.utilisation > 1 ? ' **(exceeded)**' : ''} | ${num(l.quota, 1)} ${l.unit} | ${num(l.demandAtWorkerPace, 1)} (${pct(l.utilisation)}) | ${num(l.demandProjected, 1)} (${pct(l.projectedUtilisation)}) | ${l.note} | ${l.confirmed ? '' : 'as read: '}${l.source} |`;
  const source =
    (group: string) =>
    ([k, v]: [string, Sourced]) => {
      const digits = v.value < 0.01 ? v.value.toFixed(12).replace(/0+$/, '') : String(v.value);
      const value = `${group === 'price' ? '$' : ''}${digits}`;
      const how = v.confirmed ? '' : 'not confirmed, ';
      return `- ${group} ${k}: ${value} ${v.unit} — ${how}${v.source}${v.note ? `; ${v.note}` : ''}`;
    };
  // Blocks, a blank line apart; a block of several lines is an array.
  return [
    '# Capacity and cost of the national delivery day',
    `Generated by \`bench/capacity.ts\`. **Measured** by the national-day simulation (${num(u.delivered)} of ${num(u.schools)} schools delivered, ${num(u.wallSeconds)} s locally): CPU and SDK requests per school. **Assumed**: the rest — AWS prices, quotas and latencies as read on ${i.readOn} for ${i.region} (the stack names no region), with their sources at the end; a CPU millisecond of the development machine counted as one of a Lambda vCPU.`,
    '## Inputs',
    `${num(i.schools)} schools on one date, ${i.concurrency} delivery workers (deployed by default: ${DELIVERY_WORKER_CONCURRENCY}), SES at ${i.mailSendRate} mails/s of which ${pct(i.deliveriesMailShare)} for the confirmations. Measured per delivered school:`,
    [
      `- worker CPU ${num(u.workerCpuMsPerSchool, 1)} ms (a cold start ${num(u.workerInitCpuMs)} ms), ${num(u.workerInvocationsPerSchool, 2)} invocations`,
      `- DynamoDB ${num(s.dynamoReadRequests, 1)} reads / ${num(s.dynamoWriteRequests, 1)} writes (${num(s.dynamoReadItems, 1)} / ${num(s.dynamoWriteItems, 1)} items, ${num(s.dynamoReadKiB, 1)} / ${num(s.dynamoWriteKiB, 1)} KiB)`,
      `- S3 ${num(s.s3Puts, 1)} PUTs (${num(s.s3BytesWritten / 1024, 1)} KiB), SQS ${num(s.sqsRequests, 2)} requests, SES ${num(s.mails, 2)} mails to ${num(s.mailRecipients, 2)} recipients`,
    ],
    '## Projection',
    [
      `- One school in a warm worker at ${D.workerMemoryMb} MB (${num(cpuShare(D.workerMemoryMb), 2)} vCPU): **${num(m.perSchoolWallMs)} ms**, its CPU at that share plus its requests at the latencies below; a cold start ${num(m.workerInitWallMs)} ms, once per container.`,
      `- The workers alone: ${num(m.workerSchoolsPerSecond, 1)} schools/s, ${num(m.workerOnlyMinutes, 1)} min for the day.`,
      `- The confirmations alone: ${num(m.mailSchoolsPerSecond, 1)} schools/s, **${num(m.mailTrailMinutes, 1)} min** until the last one.`,
      `- The worker sends a school's confirmation inside its job, paced to its share of the SES rate (functions/deliver-school/index.ts, shared/mail/paced-mailer.ts), so the mail rate bounds the deliveries too: ${num(m.deliverySchoolsPerSecond, 1)} schools/s, **${num(m.projectedCloudMinutes, 1)} min** in AWS (${num(m.deployedConcurrencyMinutes, 1)} min at the default ${DELIVERY_WORKER_CONCURRENCY} workers). A worker waiting for its mail's turn is billed for the wait.`,
    ],
    '## Limits',
    `**Binds first: ${m.bindingLimit.text}**, at the workers' own pace (before anything holds them back).`,
    [
      '| limit | quota | at the workers’ pace | projected | note | source |',
      '| --- | ---: | ---: | ---: | --- | --- |',
      ...m.limits.map(limit),
    ],
    'Not on the delivery path: the API stage throttle (50 requests/s, burst 100) holds back people, not the worker.',
    '## Cost',
    `Per school and year, usage only: **${eur(m.costEurPerSchoolYear)}** (its delivery and a typical year's other use, below), of which the sign-in (Cognito, per monthly active user) is ${eur(m.costEurPerSchoolYear - m.costEurPerSchoolYearWithoutSignIn)}: everything else is **${eur(m.costEurPerSchoolYearWithoutSignIn)}**. The national day's ${num(i.schools)} deliveries: **${eur(m.costEurNationalDay)}**. Fixed: ${eur(m.fixedEurPerMonth)} a month for the deployment, ${eur(m.fixedEurPerSchoolYear)} a school and year over ${num(i.schools)} schools. No free tier counted (it is per account, not per school). At ${fx} EUR per USD (assumed).`,
    '### One delivery',
    table(m.costs.delivery, 'per school', i.schools),
    `### A typical year's other use of one school (assumed: ${O.uploads} uploads, ${O.consentSaves} consent saves, ${O.previews} previews, ${O.apiRequests} more API requests, ${O.mauMonths} monthly active users)`,
    table(m.costs.otherUse, 'per school-year'),
    '### Fixed, per month',
    table(m.costs.fixedMonthly, 'a month'),
    '## What to request before June',
    [
      `- **SES production access** (the sandbox sends 200 a day, 1 a second) and a **send rate of ${r.sesRate} mails/s**: with ${pct(i.deliveriesMailShare)} of it, ${num(i.schools)} confirmations take at most ${r.targetMinutes} min. Deploy with \`-c mailSendRate=${r.sesRate}\`. A daily quota of at least ${num(r.sesDaily)} (the day's confirmations twice, for retries and the other mails).`,
      `- **Lambda concurrency ${num(r.lambdaConcurrency)}** (Service Quotas): the worker's reservation plus the 100 that must stay unreserved; new accounts may start at 10.`,
      `- **${r.workerConcurrency} delivery workers** (\`-c deliveryConcurrency=${r.workerConcurrency}\`, which also divides the mail share over them) keep up with that rate; more would only wait for the mails.`,
    ],
    '## Assumptions and sources',
    `Read on ${i.readOn}. Lambda bills the cold start since 1 Aug 2025 (${INIT_BILLED}). The model's own: the per-school counts include the dispatcher's sends (the worker's wall time is a little high); the dispatcher's run is its measured fixed part and its part per queued school; DynamoDB units are upper bounds; DynamoDB and S3 ask KMS for a key once per container and ${M.kmsCacheMinutes} minutes; ${M.logBytesPerSchool / 1024} KiB of logs per delivery; the worker's mailer divides its share over the concurrency modelled.`,
    [
      ...Object.entries(L).map(source('latency')),
      ...Object.entries(P).map(source('price')),
      ...Object.entries({ LAMBDA_MB_PER_VCPU, USD_TO_EUR }).map(source('rate')),
    ],
  ]
    .map((b) => (Array.isArray(b) ? b.join('\n') : b))
    .join('\n\n')
    .concat('\n');
};

/** Writes the model's markdown (default bench/out/capacity.md) and returns the model. */
export const writeCapacity = (
  units: NationalUnits,
  file: string = fileURLToPath(new URL('./out/capacity.md', import.meta.url)),
  opts?: CapacityOptions,
): CapacityModel => {
  const model = capacityModel(units, opts);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, model.markdown);
  return model;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [from, to] = process.argv.slice(2);
  if (!from) throw new Error('usage: npx tsx bench/capacity.ts <units.json> [out.md]');
  const model = writeCapacity(JSON.parse(readFileSync(from, 'utf8')) as NationalUnits, to);
  console.log(`${model.bindingLimit.text}; ${model.projectedCloudMinutes.toFixed(1)} min in AWS`);
}
