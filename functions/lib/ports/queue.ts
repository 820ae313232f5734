/** The delivery queue's port factory. */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Settings } from '../../../shared/config.js';
import { SqsDeliveryQueue } from '../sqs-delivery-queue.js';

export const sqsDeliveryQueue = (s: Settings<'deliveryQueueUrl'>): SqsDeliveryQueue =>
  new SqsDeliveryQueue(new SQSClient({ maxAttempts: 5 }), s.deliveryQueueUrl);
