/** The delivery queue's port factory. */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Settings } from '../../../shared/config.js';
import { SqsDeliveryQueue } from '../sqs-delivery-queue.js';

export const sqsDeliveryQueue = (s: Settings<'deliveryQueueUrl'>): SqsDeliveryQueue =>
  // The regional endpoint (or AWS_ENDPOINT_URL_SQS), not the queue URL's host: so that locally every call goes
  // through the IAM proxy, whatever host a queue URL names.
  new SqsDeliveryQueue(new SQSClient({ maxAttempts: 5, useQueueUrlAsEndpoint: false }), s.deliveryQueueUrl);
