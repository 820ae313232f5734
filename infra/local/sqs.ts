/**
 * A local stand-in for the delivery queue: accepts the unmodified `@aws-sdk/client-sqs` SendMessage(Batch)
 * calls (AWS JSON 1.0 protocol) and hands messages to a consumer in SQS-event batches, as a Lambda event source
 * mapping would: bounded concurrency, partial batch failures retried, and after `maxReceives` a dead letter.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './deployed-types.js';

export interface LocalQueue {
  endpoint: string;
  queueUrl: string;
  /** Resolves when nothing is queued or in flight (tests, and a clean shutdown). */
  drained(): Promise<void>;
  deadLetters(): string[];
  stop(): Promise<void>;
}

interface Message {
  id: string;
  body: string;
  receives: number;
}

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

export const startLocalQueue = async (opts: {
  port: number;
  name: string;
  consume: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  /**
   * The event source's BatchSize, ScalingConfig.MaximumConcurrency and the queue's maxReceiveCount. No defaults:
   * the local runtime takes them from the synthesized template, so local and deployed cannot disagree.
   */
  batchSize: number;
  concurrency: number;
  maxReceives: number;
  log?: (line: string) => void;
}): Promise<LocalQueue> => {
  const log = opts.log ?? (() => undefined);
  const queue: Message[] = [];
  const dead: string[] = [];
  let inFlight = 0;
  let waiters: Array<() => void> = [];

  const settle = () => {
    if (queue.length === 0 && inFlight === 0) {
      for (const w of waiters) w();
      waiters = [];
    }
  };

  const pump = () => {
    while (inFlight < opts.concurrency && queue.length > 0) {
      const batch = queue.splice(0, opts.batchSize);
      inFlight++;
      const records = batch.map(
        (m): SQSRecord => ({
          messageId: m.id,
          receiptHandle: m.id,
          body: m.body,
          attributes: {
            ApproximateReceiveCount: String(++m.receives),
            SentTimestamp: String(Date.now()),
            SenderId: 'local',
            ApproximateFirstReceiveTimestamp: String(Date.now()),
          },
          messageAttributes: {},
          md5OfBody: md5(m.body),
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${opts.name}`,
          awsRegion: LOCAL_REGION,
        }),
      );
      opts
        .consume({ Records: records })
        .then((res) => new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier)))
        .catch((err: unknown) => {
          log(`queue: batch failed: ${(err as Error).message}`);
          return new Set(batch.map((m) => m.id));
        })
        .then((failed) => {
          for (const m of batch.filter((x) => failed.has(x.id))) {
            if (m.receives >= opts.maxReceives) {
              dead.push(m.body);
              log(`queue: ${m.id} moved to the dead letters`);
            } else {
              queue.push(m);
            }
          }
          inFlight--;
          pump();
          settle();
        });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const target = String(req.headers['x-amz-target'] ?? '');
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(payload));
    };
    // One queue only: a message for any other queue (the dead-letter queues, say) must not reach this consumer.
    const queueName = String(body.QueueUrl ?? '')
      .split('/')
      .pop();
    if (target.startsWith('AmazonSQS.Send') && queueName !== opts.name) {
      res.writeHead(400, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender',
      });
      res.end(
        JSON.stringify({
          __type: 'com.amazonaws.sqs#QueueDoesNotExist',
          message: `The specified queue does not exist locally: ${queueName} (only ${opts.name})`,
        }),
      );
      return;
    }
    if (target === 'AmazonSQS.SendMessageBatch') {
      const entries = (body.Entries ?? []) as Array<{ Id: string; MessageBody: string }>;
      const successful = entries.map((e) => {
        const id = randomUUID();
        queue.push({ id, body: e.MessageBody, receives: 0 });
        return { Id: e.Id, MessageId: id, MD5OfMessageBody: md5(e.MessageBody) };
      });
      reply(200, { Successful: successful, Failed: [] });
    } else if (target === 'AmazonSQS.SendMessage') {
      const id = randomUUID();
      queue.push({ id, body: String(body.MessageBody), receives: 0 });
      reply(200, { MessageId: id, MD5OfMessageBody: md5(String(body.MessageBody)) });
    } else {
      res.writeHead(400, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-query-error': 'InvalidAction;Sender',
      });
      res.end(
        JSON.stringify({
          __type: 'com.amazonaws.sqs#InvalidAction',
          message: `${target} is not supported locally`,
        }),
      );
      return;
    }
    setImmediate(pump);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500);
      res.end(String((err as Error).message));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    queueUrl: `${endpoint}/${LOCAL_ACCOUNT}/${opts.name}`,
    drained: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      }),
    deadLetters: () => [...dead],
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
