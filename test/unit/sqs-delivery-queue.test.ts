import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsDeliveryQueue } from '../../functions/lib/sqs-delivery-queue.js';

const sqs = mockClient(SQSClient);
const queue = () =>
  new SqsDeliveryQueue(
    new SQSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    'https://sqs/q',
  );
const jobs = Array.from({ length: 23 }, (_, i) => ({
  schoolId: `${10 + i}AB00`,
  schoolYear: '2025-2026',
  deliveryDate: '2026-06-16',
}));

beforeEach(() => sqs.reset());

describe('SqsDeliveryQueue', () => {
  it('sends jobs in batches of ten', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await queue().send(jobs);
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Entries?.length)).toEqual([10, 10, 3]);
    expect(JSON.parse(calls[2]?.Entries?.[2]?.MessageBody as string)).toEqual(jobs[22]);
  });

  it('fails when SQS refuses an entry, so the dispatch is retried', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Successful: [], Failed: [{ Id: '3', Code: 'InternalError', SenderFault: false }] });
    await expect(queue().send(jobs.slice(0, 5))).rejects.toThrow(
      'SQS refused 1 delivery job(s): InternalError',
    );
  });
});
