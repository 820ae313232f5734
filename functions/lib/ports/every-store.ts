/**
 * The table port with every store, for the functions that use most of them (consent, upload-export, the delivery
 * pipeline, report). A module apart from table.ts, so that a function wired with `tableStores` bundles none of
 * the other adapters.
 */
import type { Settings } from '../../../shared/config.js';
import type { Stores } from '../../../shared/store/stores.js';
import { dynamoStores } from '../store/index.js';
import { dynamoClient } from './table.js';

export const dynamoStore = (s: Settings<'tableName'>): Stores => dynamoStores(dynamoClient(), s.tableName);
