/**
 * The national delivery days (`BENCH_NATIONAL=1 npm run bench`): BENCH_SCHOOLS schools (default 9,000) in the
 * country's mix (bench/national-mix.ts), with consent for the last school days of June and most for 1 July, run
 * through the local runtime as deployed: every function in its own worker with its synthesized environment, IAM
 * enforced on every SDK call, each date's schedule fired by the scheduler stand-in with its role (twice for every
 * other date, as Scheduler may), the jobs through the SQS stand-in with the deployed batch size, concurrency and
 * receive count to the real worker, and its confirmations paced to BENCH_MAIL_RATE (default 100 mails/s, a
 * production account's rate after a request) against a local SES that throttles above that rate.
 *
 * Then every school is checked for exactly one delivery (one record, one folder of three files) and exactly one
 * mail, and what the worker did is reported per delivered school: its own thread CPU, DynamoDB items and units,
 * S3 puts and bytes, SQS requests and mails, all counted at the IAM proxy. bench/capacity.ts turns these units
 * into the cloud's wall time and cost (bench/out/capacity.md).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeDeliveryScheduler, scheduleName } from '../functions/lib/eventbridge-scheduler.js';
import { dynamoStores } from '../functions/lib/store/index.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import { ENV_NAMES } from '../shared/config.js';
import { DELIVERY_WORKER_FN } from '../shared/http/routes.js';
import { MAIL_RATE_SHARES } from '../shared/mail/mail-rate.js';
import { seedSchool } from '../test/support/consented-schools.js';
import { startTestRuntime } from '../test/support/runtime.js';
import { startStandInsProcess } from '../test/support/stand-ins-process.js';
import { type NationalUnits, writeCapacity } from './capacity.js';
import { ExchangeMeter, type FunctionCounts } from './national-meter.js';
import { NATIONAL_DATES, NATIONAL_YEAR, nationalMix } from './national-mix.js';

const DISPATCHER_FN = 'dispatch-deliveries';

/** The clock of every function: 1 July's schedule time, so every date of the run has begun. */
const NOW = '2027-07-01T06:00:00+02:00';

/** The line y = intercept + slope·x closest to the points (x its size, y its cost); never below zero. */
const leastSquares = (points: ReadonlyArray<[number, number]>) => {
  const k = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / k;
  const my = points.reduce((a, [, y]) => a + y, 0) / k;
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const slope = sxx > 0 ? Math.max(0, points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx) : 0;
  return { slope, intercept: Math.max(0, my - slope * mx) };
};

interface SesMail {
  subject?: string;
}

/** The mails the local SES holds, by school id (every confirmation's subject ends in `(<schoolId>)`). */
const mailsBySchool = async (sesUrl: string): Promise<Map<string, number>> => {
  const { emails } = (await (await fetch(`${sesUrl}/store`)).json()) as { emails: SesMail[] };
  const by = new Map<string, number>();
  for (const m of emails) {
    const id = /\(([0-9A-Z]{4}\d{2})\)\s*$/.exec(m.subject ?? '')?.[1];
    if (id) by.set(id, (by.get(id) ?? 0) + 1);
  }
  return by;
};

const perSchool = (c: FunctionCounts, n: number) => ({
  dynamoReadRequests: c.dynamoReadRequests / n,
  dynamoWriteRequests: c.dynamoWriteRequests / n,
  dynamoReadItems: c.dynamoReadItems / n,
  dynamoWriteItems: c.dynamoWriteItems / n,
  dynamoReadUnits: c.dynamoReadUnits / n,
  dynamoWriteUnits: c.dynamoWriteUnits / n,
  dynamoReadKiB: c.dynamoReadBytes / 1024 / n,
  dynamoWriteKiB: c.dynamoWriteBytes / 1024 / n,
  s3Puts: c.s3Puts / n,
  s3BytesWritten: c.s3BytesWritten / n,
  sqsRequests: c.sqsRequests / n,
  mails: c.mails / n,
  mailRecipients: c.mailRecipients / n,
});

export const benchNationalDay = async (): Promise<Record<string, unknown>> => {
  const count = Number(process.env.BENCH_SCHOOLS ?? 9000);
  const mailRate = Number(process.env.BENCH_MAIL_RATE ?? 100);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // The stand-ins in a process of their own: this one's thread carries the IAM proxy and the queue.
  const aws = await startStandInsProcess({ sesMaxSendRate: mailRate });
  Object.assign(process.env, aws.env);
  const meter = new ExchangeMeter();
  const runtime = await startTestRuntime({
    now: NOW,
    deployEnv: { [ENV_NAMES.mailSendRate]: String(mailRate) },
    onExchange: meter.add,
    // The bench fires each date's schedule itself, when the date before it is done (the clock is past them all).
    schedulerIntervalMs: 3_600_000,
  });
  try {
    const mix = nationalMix(count);
    const store = dynamoStores(new DynamoDBClient({}), aws.tableName);
    const seedStart = performance.now();
    await mapWithConcurrency(mix.boards, 16, (b) => store.boards.put(b));
    let seeded = 0;
    await mapWithConcurrency(mix.schools, 16, async (s) => {
      await seedSchool(store, s);
      if (++seeded % 1000 === 0)
        console.log(`  seeded ${seeded} schools (${((performance.now() - seedStart) / 1000).toFixed(0)} s)`);
    });
    const seedSeconds = (performance.now() - seedStart) / 1000;

    // Each date's schedule as the consent function creates it (its own settings), in the scheduler stand-in.
    const consentEnv = runtime.environmentOf('consent');
    const scheduler = new EventBridgeDeliveryScheduler(
      new SchedulerClient({
        endpoint: runtime.scheduler.endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'operator', secretAccessKey: 'x' },
      }),
      {
        groupName: consentEnv[ENV_NAMES.scheduleGroup] as string,
        targetArn: consentEnv[ENV_NAMES.dispatcherArn] as string,
        roleArn: consentEnv[ENV_NAMES.schedulerRoleArn] as string,
        deadLetterArn: consentEnv[ENV_NAMES.scheduleDlqArn] as string,
        timeOfDay: consentEnv[ENV_NAMES.deliveryTime] as string,
      },
    );
    const dates = NATIONAL_DATES.map((d) => d.date).filter((d) =>
      mix.schools.some((s) => s.deliveryDate === d),
    );
    for (const date of dates) await scheduler.ensure(date);

    console.log(
      `national days: ${count} schools (po ${mix.bySector.po}, vo ${mix.bySector.vo}, so ${mix.bySector.so}, vso ${mix.bySector.vso}; ${mix.boards.length} boards, ${mix.respondents} respondents), seeded in ${seedSeconds.toFixed(0)} s`,
    );
    const perDate: Array<{
      date: string;
      schools: number;
      fired: number;
      seconds: number;
      dispatcherCpuMsPerRun: number;
    }> = [];
    const start = performance.now();
    const cpuStart = { runtime: process.cpuUsage(), standIns: await aws.usage() };
    const functionsStart = runtime.stats(DELIVERY_WORKER_FN).cpuMs + runtime.stats(DISPATCHER_FN).cpuMs;
    for (const [i, date] of dates.entries()) {
      const fired = i % 2 === 0 ? 2 : 1;
      const t = performance.now();
      const dispatcherBefore = runtime.stats(DISPATCHER_FN).cpuMs;
      // As the day passes: the date's schedule fires (twice, for every other date), then its jobs drain.
      await Promise.all(Array.from({ length: fired }, () => runtime.scheduler.fire(scheduleName(date))));
      await runtime.queue.drained();
      const seconds = (performance.now() - t) / 1000;
      const schools = mix.schools.filter((s) => s.deliveryDate === date).length;
      const dispatcherCpuMsPerRun = (runtime.stats(DISPATCHER_FN).cpuMs - dispatcherBefore) / fired;
      perDate.push({ date, schools, fired, seconds, dispatcherCpuMsPerRun });
      console.log(
        `  ${date}  ${String(schools).padStart(5)} schools, fired ${fired}×  ${seconds.toFixed(1).padStart(6)} s  ${(schools / seconds).toFixed(1)}/s`,
      );
    }
    const wallSeconds = (performance.now() - start) / 1000;
    // Where the machine's CPU went while the dates ran: msv's functions, the rest of this process (the IAM proxy,
    // the queue and scheduler, V8's shared threads), the stand-ins' process (s3rver, the local SES) and DynamoDB
    // Local's JVM.
    const runtimeCpu = process.cpuUsage(cpuStart.runtime);
    const standInsEnd = await aws.usage();
    const functionsCpuMs =
      runtime.stats(DELIVERY_WORKER_FN).cpuMs + runtime.stats(DISPATCHER_FN).cpuMs - functionsStart;
    const machine = {
      functionsCpuMs,
      runtimeCpuMs: (runtimeCpu.user + runtimeCpu.system) / 1000 - functionsCpuMs,
      standInsCpuMs: standInsEnd.node - cpuStart.standIns.node,
      dynamodbLocalCpuMs: standInsEnd.jvm - cpuStart.standIns.jvm,
    };
    const sesThrottled = standInsEnd.sesThrottled;

    // Exactly once: one delivery record, one folder of three files, one mail per school.
    const s3 = new S3Client({ forcePathStyle: true });
    const bucket = runtime.environmentOf(DELIVERY_WORKER_FN)[ENV_NAMES.deliveryBucket] as string;
    const mails = await mailsBySchool(aws.sesUrl);
    const checked = await mapWithConcurrency(mix.schools, 16, async ({ school }) => {
      const record = await store.deliveries.get(school.schoolId, NATIONAL_YEAR);
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: `deliveries/${NATIONAL_YEAR}/${school.schoolId}/`,
        }),
      );
      return {
        delivered: record !== undefined,
        objects: page.KeyCount ?? 0,
        mails: mails.get(school.schoolId) ?? 0,
      };
    });
    const delivered = checked.filter((c) => c.delivered).length;
    const duplicateFiles = checked.filter((c) => c.objects > 3).length;
    const duplicateMails = checked.filter((c) => c.mails > 1).length;
    const duplicates = duplicateFiles + duplicateMails;
    const lost = checked.filter((c) => !c.delivered || c.objects < 3 || c.mails === 0).length;
    const deadLetters = runtime.queue.deadLetters().length;

    const worker = runtime.stats(DELIVERY_WORKER_FN);
    const dispatcher = runtime.stats(DISPATCHER_FN);
    const workerCounts = meter.counts(DELIVERY_WORKER_FN);
    const dispatcherCounts = meter.counts(DISPATCHER_FN);
    const n = Math.max(1, delivered);
    const dispatcherLine = leastSquares(perDate.map((d) => [d.schools, d.dispatcherCpuMsPerRun]));
    const units: NationalUnits = {
      schools: count,
      delivered,
      wallSeconds,
      workerCpuMsPerSchool: worker.cpuMs / n,
      workerInitCpuMs: worker.inits > 0 ? worker.initCpuMs / worker.inits : 0,
      workerInvocationsPerSchool: worker.invocations / n,
      dispatcherCpuMsPerRun: dispatcher.invocations > 0 ? dispatcher.cpuMs / dispatcher.invocations : 0,
      dispatcherInvocations: dispatcher.invocations,
      dispatcherCpuMsFixed: dispatcherLine.intercept,
      dispatcherCpuMsPerQueued: dispatcherLine.slope,
      dispatcherQueriesPerRun:
        dispatcher.invocations > 0
          ? (dispatcherCounts.requests['dynamodb:Query'] ?? 0) / dispatcher.invocations
          : 0,
      perSchool: {
        ...perSchool(workerCounts, n),
        // The dispatcher's sends, spread over the schools it queued (its queries are per run, not per school).
        sqsRequests: dispatcherCounts.sqsRequests / n,
      },
    };
    const capacity = writeCapacity(units, undefined, { mailSendRate: mailRate });
    const workerRate = (mailRate * MAIL_RATE_SHARES.deliveries).toFixed(0);

    console.log(
      `  wall time            ${wallSeconds.toFixed(1)} s (${(delivered / wallSeconds).toFixed(1)} deliveries/s)`,
    );
    console.log(`  delivered            ${delivered} of ${count}`);
    console.log(
      `  duplicates           ${duplicates} (files ${duplicateFiles}, mails ${duplicateMails})   lost ${lost}   dead letters ${deadLetters}   ${duplicates === 0 && lost === 0 ? 'OK' : 'PROBLEM'}`,
    );
    console.log(
      `  mails                ${workerCounts.mails} (paced to ${workerRate}/s of ${mailRate}/s; ${sesThrottled} throttled by the local SES)`,
    );
    console.log(
      `  worker CPU           ${units.workerCpuMsPerSchool.toFixed(1)} ms per school (init ${units.workerInitCpuMs.toFixed(0)} ms × ${worker.inits})`,
    );
    const perDelivered = (ms: number) => (ms / n).toFixed(1);
    const { runtimeCpuMs, standInsCpuMs, dynamodbLocalCpuMs } = machine;
    console.log(
      `  machine CPU          ${perDelivered(functionsCpuMs + runtimeCpuMs + standInsCpuMs + dynamodbLocalCpuMs)} ms per school: functions ${perDelivered(functionsCpuMs)}, IAM proxy and queue ${perDelivered(runtimeCpuMs)}, s3rver and SES ${perDelivered(standInsCpuMs)}, DynamoDB Local ${perDelivered(dynamodbLocalCpuMs)}`,
    );
    console.log(
      `  dispatcher           ${dispatcherLine.intercept.toFixed(0)} ms CPU a run + ${dispatcherLine.slope.toFixed(2)} ms per school queued; ${units.dispatcherQueriesPerRun.toFixed(0)} queries a run`,
    );
    console.log(
      `  worker invocations   ${worker.invocations} (${units.workerInvocationsPerSchool.toFixed(2)} per school)`,
    );
    const u = units.perSchool;
    console.log(
      `  per school           DynamoDB ${u.dynamoReadItems.toFixed(1)} items read (${u.dynamoReadRequests.toFixed(1)} requests), ${u.dynamoWriteItems.toFixed(1)} written (${u.dynamoWriteRequests.toFixed(1)} requests)`,
    );
    console.log(
      `                       S3 ${u.s3Puts.toFixed(1)} puts, ${(u.s3BytesWritten / 1024).toFixed(1)} KiB; SQS ${u.sqsRequests.toFixed(2)} requests; ${u.mails.toFixed(2)} mails to ${u.mailRecipients.toFixed(1)} recipients`,
    );
    /** Counts by action or operation, per delivered school, without the service prefix. */
    const listPerSchool = (counts: Array<[string, number]>) =>
      counts.map(([a, k]) => `${a.replace(/^[a-z0-9-]+:/, '')} ${(k / n).toFixed(2)}`).join(', ');
    const byAction = Object.entries(workerCounts.requests).sort(([a], [b]) => a.localeCompare(b));
    console.log(`  worker requests      ${listPerSchool(byAction)} per school`);
    console.log(
      `  worker operations    ${listPerSchool(Object.entries(workerCounts.operations))} per school`,
    );
    console.log(
      `  cloud (capacity.md)  ${capacity.projectedCloudMinutes.toFixed(1)} min at concurrency 50; €${capacity.costEurPerSchoolYear.toFixed(4)} per school-year (€${capacity.costEurPerSchoolYearWithoutSignIn.toFixed(4)} without the sign-in); binds first: ${capacity.bindingLimit.text}`,
    );
    return {
      schools: count,
      wallSeconds,
      delivered,
      duplicates,
      duplicateFiles,
      duplicateMails,
      lost,
      deadLetters,
      perSecond: delivered / wallSeconds,
      workerCpuMsPerSchool: units.workerCpuMsPerSchool,
      projectedCloudMinutes: capacity.projectedCloudMinutes,
      costEurPerSchoolYear: capacity.costEurPerSchoolYear,
      costEurPerSchoolYearWithoutSignIn: capacity.costEurPerSchoolYearWithoutSignIn,
      mailTrailMinutes: capacity.mailTrailMinutes,
      bindingLimit: capacity.bindingLimit.text,
      mailSendRate: mailRate,
      sesThrottled,
      seedSeconds,
      perDate,
      machineCpuMsPerSchool: {
        functions: machine.functionsCpuMs / n,
        proxyAndQueue: machine.runtimeCpuMs / n,
        s3rverAndSes: machine.standInsCpuMs / n,
        dynamodbLocal: machine.dynamodbLocalCpuMs / n,
      },
      units,
    };
  } finally {
    await runtime.stop();
    await aws.stop();
  }
};
