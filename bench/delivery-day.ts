/**
 * A delivery day against the local stack: N schools (BENCH_SCHOOLS, default 2,000) with consent for one date,
 * the date's schedule fired twice (as Scheduler may), jobs through the local SQS stand-in to the real worker.
 * Reports wall time, deliveries per second, and duplicates (must be zero).
 */

import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { createDeliverSchoolHandler } from '../functions/deliver-school/deliver-school.js';
import { createDispatchHandler } from '../functions/dispatch-deliveries/dispatch-deliveries.js';
import { S3ObjectStore } from '../functions/lib/s3-object-store.js';
import { SesMailer } from '../functions/lib/ses-mailer.js';
import { SqsDeliveryQueue } from '../functions/lib/sqs-delivery-queue.js';
import { dynamoStores } from '../functions/lib/store/index.js';
import { ensureBuckets } from '../infra/local/bootstrap.js';
import { deployedShape } from '../infra/local/deployed-shape.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../infra/local/deployed-types.js';
import { freePort } from '../infra/local/ports.js';
import { startLocalQueue } from '../infra/local/sqs.js';
import { synthApp } from '../infra/local/synth.js';
import { fixedClock } from '../shared/clock.js';
import { DELIVERY_WORKER_FN } from '../shared/http/routes.js';
import { seedConsentedSchools } from '../test/support/consented-schools.js';
import { startLocalAws } from '../test/support/local-aws.js';

const DATE = '2026-06-16';
const YEAR = '2025-2026';
const BUCKET = 'msv-bench-deliveries';

const inParallel = async <T>(items: T[], limit: number, fn: (item: T) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
};

export const benchDeliveryDay = async (): Promise<Record<string, unknown>> => {
  const schools = Number(process.env.BENCH_SCHOOLS ?? 2000);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const stack = await startLocalAws();
  Object.assign(process.env, stack.env);
  try {
    const store = dynamoStores(new DynamoDBClient({}), stack.tableName);
    const s3 = new S3Client({ forcePathStyle: true });
    await ensureBuckets(s3, [BUCKET]);
    const seedStart = performance.now();
    const ids = await seedConsentedSchools(store, { count: schools, deliveryDate: DATE, schoolYear: YEAR });
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const logger = new Logger({ serviceName: 'msv-bench', logLevel: 'SILENT' });
    const clock = fixedClock(`${DATE}T06:00:00+02:00`);
    const worker = createDeliverSchoolHandler({
      config: { lowResponsePercent: 50, deliveryPrefix: 'deliveries', deliveryBucket: BUCKET },
      logger,
      clock,
      store,
      deliveries: new S3ObjectStore(s3, BUCKET),
      mailer: new SesMailer(new SESClient({}), 'msv@msv.test', undefined),
    });
    // The worker's event source as the stack deploys it: batch size, concurrency and receive count.
    const source = synthesizedDeliverySource();
    const queue = await startLocalQueue({
      port: await freePort(),
      name: 'bench-jobs',
      consume: worker,
      batchSize: source.batchSize,
      concurrency: source.maxConcurrency ?? 5,
      maxReceives: source.maxReceiveCount ?? 5,
    });
    const dispatchHandler = createDispatchHandler({
      logger,
      clock,
      store,
      queue: new SqsDeliveryQueue(new SQSClient({ endpoint: queue.endpoint }), queue.queueUrl),
      config: { deliveryTime: '06:00:00' },
    });
    const dispatch = (event: { deliveryDate: string }) => dispatchHandler(event, benchContext());

    const start = performance.now();
    // Scheduler may invoke twice: fire twice and expect each school once.
    await Promise.all([dispatch({ deliveryDate: DATE }), dispatch({ deliveryDate: DATE })]);
    await queue.drained();
    const seconds = (performance.now() - start) / 1000;
    await queue.stop();

    let delivered = 0;
    await inParallel(ids, 16, async (id) => {
      if ((await store.deliveries.get(id, YEAR)) !== undefined) delivered++;
    });
    // Per school, not one big listing: s3rver's ListObjectsV2 paging fails on thousands of keys.
    let objects = 0;
    await inParallel(ids, 16, async (id) => {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `deliveries/${YEAR}/${id}/` }),
      );
      objects += page.KeyCount ?? 0;
    });
    const duplicates = objects - 3 * delivered;

    console.log(
      `delivery day: ${schools} schools on ${DATE}, schedule fired twice (seeding took ${seedSeconds.toFixed(1)} s)`,
    );
    console.log(`  wall time            ${seconds.toFixed(1)} s`);
    console.log(`  deliveries/s         ${(delivered / seconds).toFixed(1)}`);
    console.log(`  delivered            ${delivered} of ${schools}`);
    console.log(
      `  duplicate files      ${duplicates} ${duplicates === 0 && delivered === schools ? 'OK' : 'PROBLEM'}`,
    );
    console.log(`  dead letters         ${queue.deadLetters().length}`);
    return {
      schools,
      seconds,
      perSecond: delivered / seconds,
      delivered,
      duplicates,
      deadLetters: queue.deadLetters().length,
    };
  } finally {
    await stack.stop();
  }
};

/** The delivery worker's SQS event source in the synthesized templates. */
const synthesizedDeliverySource = () => {
  const shape = deployedShape(synthApp().templates, {
    account: LOCAL_ACCOUNT,
    region: LOCAL_REGION,
    queueUrlBase: (name) => `http://127.0.0.1/${LOCAL_ACCOUNT}/${name}`,
  });
  const source = shape.queueSources.find((q) => q.fn === DELIVERY_WORKER_FN);
  if (!source) throw new Error('the templates have no event source for the delivery worker');
  return source;
};

/** The Lambda context of a handler the bench calls directly. */
const benchContext = (): Context =>
  ({
    awsRequestId: randomUUID(),
    functionName: 'msv-bench',
    getRemainingTimeInMillis: () => 300_000,
  }) as Context;
