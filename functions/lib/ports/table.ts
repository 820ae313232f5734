/** The table port's factory: one DynamoDB client per container, retried five times (on-demand bursts throttle). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Settings } from '../../../shared/config.js';
import { DynamoStore } from '../dynamo-store.js';

export const dynamoStore = (s: Settings<'tableName'>): DynamoStore =>
  new DynamoStore(new DynamoDBClient({ maxAttempts: 5 }), s.tableName);
