/** The DeliveryQueue port on SQS: batches of ten, and a batch with failed entries is an error (retried whole). */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryJobMessage, DeliveryQueue } from '../../shared/ports.js';

export class SqsDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(jobs: readonly DeliveryJobMessage[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 10) {
      const batch = jobs.slice(i, i + 10);
      const out = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((job, k) => ({ Id: String(k), MessageBody: JSON.stringify(job) })),
        }),
      );
      // Sending a job twice is harmless (delivery is idempotent), losing one is not: fail the whole call.
      if (out.Failed && out.Failed.length > 0) {
        throw new Error(
          `SQS refused ${out.Failed.length} delivery job(s): ${out.Failed[0]?.Code ?? 'unknown'}`,
        );
      }
    }
  }
}
