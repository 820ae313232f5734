/**
 * The stores, one per kind of data, as one object: `store.consents.get(…)`. A function gets the reads of every
 * store and the writes of only the stores its declared table access may write (functions/lib/needs.ts), which
 * are exactly the items its IAM grant lets it write (shared/table-design.ts): a handler that writes where its
 * declaration does not allow it does not compile.
 */
import type { AuditReads, AuditTrail } from './audit.js';
import type { BoardReads, BoardStore } from './boards.js';
import type { ConsentReads, ConsentStore } from './consents.js';
import type { DeliveryReads, DeliveryStore } from './deliveries.js';
import type { DispatchLog, DispatchReads } from './dispatches.js';
import type { ExportReads, ExportStore } from './exports.js';
import type { InstrumentReads, InstrumentStore } from './instruments.js';
import type { PeopleReads, PeopleStore } from './people.js';
import type { PolicyReads, PolicyStore } from './policies.js';
import type { ProviderReads, ProviderStore } from './providers.js';
import type { ReminderClaims } from './reminders.js';
import type { SchoolReads, SchoolStore } from './schools.js';
import type { TokenReads, TokenStore } from './tokens.js';
import type { WindowReads, WindowStore } from './windows.js';

/** Every store with its writes: what the adapter builds, and what the admin CLI and the tests use. */
export interface Stores {
  tokens: TokenStore;
  boards: BoardStore;
  schools: SchoolStore;
  exports: ExportStore;
  audit: AuditTrail;
  consents: ConsentStore;
  deliveries: DeliveryStore;
  dispatches: DispatchLog;
  reminders: ReminderClaims;
  people: PeopleStore;
  policies: PolicyStore;
  windows: WindowStore;
  providers: ProviderStore;
  instruments: InstrumentStore;
}

export type StoreName = keyof Stores;

/** What every kind of table access reads: every store but the reminder claims, which nobody reads. */
export interface StoreReads {
  tokens: TokenReads;
  boards: BoardReads;
  schools: SchoolReads;
  exports: ExportReads;
  audit: AuditReads;
  consents: ConsentReads;
  deliveries: DeliveryReads;
  dispatches: DispatchReads;
  people: PeopleReads;
  policies: PolicyReads;
  windows: WindowReads;
  providers: ProviderReads;
  instruments: InstrumentReads;
}

/** Every read, and the writes of the stores named. */
export type StoresWriting<W extends StoreName> = StoreReads & Pick<Stores, W>;
