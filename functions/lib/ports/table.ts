/** The table port's factory: one DynamoDB client per container, retried five times (on-demand bursts throttle). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Settings } from '../../../shared/config.js';
import type { Stores } from '../../../shared/store/stores.js';
import { dynamoStores } from '../store/index.js';

export const dynamoStore = (s: Settings<'tableName'>): Stores =>
  dynamoStores(new DynamoDBClient({ maxAttempts: 5 }), s.tableName);
