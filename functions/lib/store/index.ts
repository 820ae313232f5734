/** Every store on one DynamoDB table (shared/table-design.ts), sharing one client: what the `store` port is. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Stores } from '../../../shared/store/stores.js';
import { DynamoAuditTrail } from './audit.js';
import { DynamoBoardStore } from './boards.js';
import { DynamoConsentStore } from './consents.js';
import { DynamoDeliveryStore } from './deliveries.js';
import { DynamoDispatchLog } from './dispatches.js';
import { DynamoExportStore } from './exports.js';
import { DynamoInstrumentStore } from './instruments.js';
import { DynamoPeopleStore } from './people.js';
import { DynamoPolicyStore } from './policies.js';
import { DynamoProviderStore } from './providers.js';
import { DynamoReminderClaims } from './reminders.js';
import { DynamoSchoolStore } from './schools.js';
import { Table } from './table.js';
import { DynamoTokenStore } from './tokens.js';
import { DynamoWindowStore } from './windows.js';

export const dynamoStores = (client: DynamoDBClient, tableName: string): Stores => {
  const table = new Table(client, tableName);
  return {
    tokens: new DynamoTokenStore(table),
    boards: new DynamoBoardStore(table),
    schools: new DynamoSchoolStore(table),
    exports: new DynamoExportStore(table),
    audit: new DynamoAuditTrail(table),
    consents: new DynamoConsentStore(table),
    deliveries: new DynamoDeliveryStore(table),
    dispatches: new DynamoDispatchLog(table),
    reminders: new DynamoReminderClaims(table),
    people: new DynamoPeopleStore(table),
    policies: new DynamoPolicyStore(table),
    windows: new DynamoWindowStore(table),
    providers: new DynamoProviderStore(table),
    instruments: new DynamoInstrumentStore(table),
  };
};
