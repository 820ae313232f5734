/**
 * The single DynamoDB table's key design, shared by the CDK stack, the local stack and the store adapters. Every
 * key of every item, index entry and query is built here and nowhere else, and so are the IAM
 * `dynamodb:LeadingKeys` conditions: an item's key is made by its partition's key function, and the grant for
 * writing an item names the item, whose partition gives the prefix.
 *
 * | item                 | pk                              | sk                     | gsi1pk          | gsi1sk           |
 * |----------------------|---------------------------------|------------------------|-----------------|------------------|
 * | token                | TOKEN#{sha256}                  | TOKEN                  | TOKENS          | TOKEN#{tokenId}  |
 * | board                | BOARD#{boardId}                 | BOARD                  | BOARDS          | BOARD#{boardId}  |
 * | school               | SCHOOL#{schoolId}               | SCHOOL                 | BOARD#{boardId} | SCHOOL#{id}      |
 * | export               | SCHOOLYEAR#{schoolId}#{year}    | EXPORT#{exportId}      |                 |                  |
 * | export aggregates    | SCHOOLYEAR#{schoolId}#{year}    | AGGREGATES#{exportId}  |                 |                  |
 * | current export       | SCHOOLYEAR#{schoolId}#{year}    | CURRENT                |                 |                  |
 * | audit entry          | SCHOOLYEAR#{schoolId}#{year}    | AUDIT#{iso time}#{rnd} |                 |                  |
 * | consent              | SCHOOLYEAR#{schoolId}#{year}    | CONSENT                |                 |                  |
 * | provider marker      | SCHOOLYEAR#{schoolId}#{year}    | PROVIDER               |                 |                  |
 * | delivery record      | SCHOOLYEAR#{schoolId}#{year}    | DELIVERY               |                 |                  |
 * | delivery-date ref    | DELIVERYDATE#{date}             | SCHOOL#{id}#{year}     |                 |                  |
 * | dispatcher run       | DISPATCH#{date}                 | RUN#{iso time}         |                 |                  |
 * | reminder claim       | REMINDER#{boardId}              | {date} / MISSED#{year} |                 |                  |
 * |                      |                                 | / HERSTEL#{year}#{date}|                 |                  |
 * | membership           | PERSON#{sub}                    | MEMBER#{scope}#{id}    | PEOPLE#{board}  | MEMBER#{sub}#{…} |
 * | invitation           | INVITE#{sha256}                 | INVITE                 | PEOPLE#{board}  | INVITE#{id}      |
 * | join request         | PERSON#{sub}                    | REQUEST#{boardId}      | PEOPLE#{board}  | REQUEST#{sub}    |
 * | people log entry     | PEOPLELOG#{boardId}             | AUDIT#{iso time}#{rnd} |                 |                  |
 * | board mail recipients| BOARDMAIL#{boardId}             | RECIPIENTS             |                 |                  |
 * | school policy        | POLICY#{schoolId}               | POLICY                 |                 |                  |
 * | catch-up window      | WINDOW#{schoolYear}             | WINDOW#{windowId}      | WINDOWS         | WINDOW#{y}#{id}  |
 * | instrument version   | INSTRUMENT#{instrumentId}       | V#{version, 6 digits}  |                 |                  |
 * | newest instrument    | INSTRUMENT#{instrumentId}       | LATEST                 | INSTRUMENTS     | INSTRUMENT#{id}  |
 *
 * A person's memberships are one partition (the authorizer reads it on every request); a board's people are
 * listed through gsi1 (`PEOPLE#{boardId}`), where `{scope}#{id}` is `SCHOOL#{schoolId}` or
 * `BOARD#{boardId}#{role}`.
 *
 * A school's policy has a partition of its own, not the school's: its writer's IAM grant (`POLICY#*`) then
 * cannot reach the school item, which decides who may see the school.
 *
 * A school year's catch-up windows are one partition (the consent function and the status read it whole); the
 * operator lists every year's through gsi1 (`WINDOWS`). Only the admin CLI writes them: no store a function's
 * access writes through.
 *
 * An instrument's versions are one partition, one immutable item each (its definition as a JSON string); its
 * `LATEST` item, written in the same transaction, names the newest version with a summary, and lists every
 * instrument through gsi1 (`INSTRUMENTS`) without reading any definition. Only the admin CLI writes them.
 *
 * Boards are listed through gsi1 (`BOARDS`) for the daily reminder run, never by a scan. Reminder claims carry a
 * `ttl` (a year after the school year ends), so they clean themselves up.
 */
import type { ReminderOccasion } from './store/reminders.js';
import type { StoreName } from './store/stores.js';

export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'ttl',
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

/** The partition-key prefix of each kind of partition. */
const PK_PREFIX = {
  token: 'TOKEN#',
  board: 'BOARD#',
  school: 'SCHOOL#',
  schoolYear: 'SCHOOLYEAR#',
  deliveryDate: 'DELIVERYDATE#',
  dispatch: 'DISPATCH#',
  reminder: 'REMINDER#',
  person: 'PERSON#',
  invitation: 'INVITE#',
  peopleLog: 'PEOPLELOG#',
  boardMail: 'BOARDMAIL#',
  policy: 'POLICY#',
  window: 'WINDOW#',
  instrument: 'INSTRUMENT#',
} as const;
type PartitionKind = keyof typeof PK_PREFIX;

/** Each partition's key: its prefix, then the ids that name it. */
const partitions = {
  token: (tokenHash: string) => `${PK_PREFIX.token}${tokenHash}`,
  board: (boardId: string) => `${PK_PREFIX.board}${boardId}`,
  school: (schoolId: string) => `${PK_PREFIX.school}${schoolId}`,
  schoolYear: (schoolId: string, schoolYear: string) => `${PK_PREFIX.schoolYear}${schoolId}#${schoolYear}`,
  deliveryDate: (date: string) => `${PK_PREFIX.deliveryDate}${date}`,
  dispatch: (date: string) => `${PK_PREFIX.dispatch}${date}`,
  reminder: (boardId: string) => `${PK_PREFIX.reminder}${boardId}`,
  person: (sub: string) => `${PK_PREFIX.person}${sub}`,
  invitation: (tokenHash: string) => `${PK_PREFIX.invitation}${tokenHash}`,
  peopleLog: (boardId: string) => `${PK_PREFIX.peopleLog}${boardId}`,
  boardMail: (boardId: string) => `${PK_PREFIX.boardMail}${boardId}`,
  policy: (schoolId: string) => `${PK_PREFIX.policy}${schoolId}`,
  window: (schoolYear: string) => `${PK_PREFIX.window}${schoolYear}`,
  instrument: (instrumentId: string) => `${PK_PREFIX.instrument}${instrumentId}`,
} as const satisfies { [P in PartitionKind]: (...ids: string[]) => string };

/** The sort key of each kind of item, or its prefix where ids follow. */
const SK = {
  token: 'TOKEN',
  board: 'BOARD',
  school: 'SCHOOL',
  export: 'EXPORT#',
  aggregates: 'AGGREGATES#',
  currentExport: 'CURRENT',
  audit: 'AUDIT#',
  consent: 'CONSENT',
  provider: 'PROVIDER',
  delivery: 'DELIVERY',
  deliveryRef: 'SCHOOL#',
  dispatchRun: 'RUN#',
  missedReminder: 'MISSED#',
  herstelReminder: 'HERSTEL#',
  membership: 'MEMBER#',
  invitation: 'INVITE',
  invitationRef: 'INVITE#',
  mailRecipients: 'RECIPIENTS',
  joinRequest: 'REQUEST#',
  policy: 'POLICY',
  window: 'WINDOW#',
  instrumentVersion: 'V#',
  instrumentLatest: 'LATEST',
} as const;

/**
 * What a membership is of, as its sort key names it: `SCHOOL#{schoolId}` (one role per school) or
 * `BOARD#{boardId}#{role}` (a board's roles are independent: a bestuurder may be its gebruikersbeheerder too).
 */
export type MembershipScope =
  | { scope: 'school'; schoolId: string }
  | { scope: 'board'; boardId: string; role: string };
const scopeKey = (m: MembershipScope): string =>
  m.scope === 'school' ? `SCHOOL#${m.schoolId}` : `BOARD#${m.boardId}#${m.role}`;

/** The primary key of an item. */
export interface TableKey {
  pk: string;
  sk: string;
}

/**
 * An item kind's key function, carrying the partition it lives in: its `pk` can only be made by that partition's
 * key function, so the partition a grant derives from it is the one its keys are in.
 */
const item = <P extends PartitionKind, F extends (...ids: never[]) => TableKey>(
  partition: P,
  key: (pk: (typeof partitions)[P]) => F,
): F & { readonly partition: P } => Object.assign(key(partitions[partition]), { partition });

/** The key of every kind of item: `keys.consent(schoolId, schoolYear)`. */
export const keys = {
  token: item('token', (pk) => (tokenHash: string) => ({ pk: pk(tokenHash), sk: SK.token })),
  board: item('board', (pk) => (boardId: string) => ({ pk: pk(boardId), sk: SK.board })),
  school: item('school', (pk) => (schoolId: string) => ({ pk: pk(schoolId), sk: SK.school })),
  export: item('schoolYear', (pk) => (schoolId: string, schoolYear: string, exportId: string) => ({
    pk: pk(schoolId, schoolYear),
    sk: `${SK.export}${exportId}`,
  })),
  /** An export's aggregates, apart from the export so that listing exports does not read them. */
  aggregates: item('schoolYear', (pk) => (schoolId: string, schoolYear: string, exportId: string) => ({
    pk: pk(schoolId, schoolYear),
    sk: `${SK.aggregates}${exportId}`,
  })),
  /** Which export of the school year is the current one. */
  currentExport: item('schoolYear', (pk) => (schoolId: string, schoolYear: string) => ({
    pk: pk(schoolId, schoolYear),
    sk: SK.currentExport,
  })),
  /** An audit entry: ISO times sort chronologically, the random `nonce` keeps two in one millisecond apart. */
  audit: item('schoolYear', (pk) => (schoolId: string, schoolYear: string, at: string, nonce: string) => ({
    pk: pk(schoolId, schoolYear),
    sk: `${SK.audit}${at}#${nonce}`,
  })),
  consent: item('schoolYear', (pk) => (schoolId: string, schoolYear: string) => ({
    pk: pk(schoolId, schoolYear),
    sk: SK.consent,
  })),
  delivery: item('schoolYear', (pk) => (schoolId: string, schoolYear: string) => ({
    pk: pk(schoolId, schoolYear),
    sk: SK.delivery,
  })),
  /** One item per active consent and its delivery date: the "schedule reference", and the index by date. */
  deliveryRef: item('deliveryDate', (pk) => (date: string, schoolId: string, schoolYear: string) => ({
    pk: pk(date),
    sk: `${SK.deliveryRef}${schoolId}#${schoolYear}`,
  })),
  /** One dispatcher run of a delivery date. */
  dispatchRun: item('dispatch', (pk) => (date: string, at: string) => ({
    pk: pk(date),
    sk: `${SK.dispatchRun}${at}`,
  })),
  /** A board's reminder claim for a day's digest, a school year's missed-delivery mail, or a herstel digest. */
  reminderClaim: item('reminder', (pk) => (boardId: string, occasion: ReminderOccasion) => ({
    pk: pk(boardId),
    sk:
      occasion.kind === 'digest'
        ? occasion.date
        : occasion.kind === 'missed'
          ? `${SK.missedReminder}${occasion.schoolYear}`
          : `${SK.herstelReminder}${occasion.schoolYear}#${occasion.date}`,
  })),
  /** A person's membership of one school or one board: at most one each. */
  membership: item('person', (pk) => (sub: string, of: MembershipScope) => ({
    pk: pk(sub),
    sk: `${SK.membership}${scopeKey(of)}`,
  })),
  invitation: item('invitation', (pk) => (tokenHash: string) => ({ pk: pk(tokenHash), sk: SK.invitation })),
  /** A person's open request for a role at a board (from their federated home organisation). */
  joinRequest: item('person', (pk) => (sub: string, boardId: string) => ({
    pk: pk(sub),
    sk: `${SK.joinRequest}${boardId}`,
  })),
  /** Who of the board's people receive the board's mails (chosen by its gebruikersbeheerders). */
  mailRecipients: item('boardMail', (pk) => (boardId: string) => ({
    pk: pk(boardId),
    sk: SK.mailRecipients,
  })),
  /** An entry of a board's people log (who invited, changed or removed whom). */
  peopleLog: item('peopleLog', (pk) => (boardId: string, at: string, nonce: string) => ({
    pk: pk(boardId),
    sk: `${SK.audit}${at}#${nonce}`,
  })),
  /**
   * "Levert via een andere aanbieder" (shared/provider/provider.ts): in the school year's partition, beside the
   * consent it excludes, so that the consent function's transactions check one against the other.
   */
  provider: item('schoolYear', (pk) => (schoolId: string, schoolYear: string) => ({
    pk: pk(schoolId, schoolYear),
    sk: SK.provider,
  })),
  /** A school's policy, with its earlier versions: one item per school, whatever the school year. */
  policy: item('policy', (pk) => (schoolId: string) => ({ pk: pk(schoolId), sk: SK.policy })),
  /** A catch-up window of a school year (shared/windows/catch-up-window.ts). */
  catchUpWindow: item('window', (pk) => (schoolYear: string, windowId: string) => ({
    pk: pk(schoolYear),
    sk: `${SK.window}${windowId}`,
  })),
  /**
   * One version of an instrument's definition (1, 2, …), never changed once written. Zero-padded so that the
   * partition's sort order is the versions' order.
   */
  instrumentVersion: item('instrument', (pk) => (instrumentId: string, version: number) => ({
    pk: pk(instrumentId),
    sk: `${SK.instrumentVersion}${String(version).padStart(6, '0')}`,
  })),
  /** Which version of an instrument is the newest, with what `instrument list` shows of it. */
  instrumentLatest: item('instrument', (pk) => (instrumentId: string) => ({
    pk: pk(instrumentId),
    sk: SK.instrumentLatest,
  })),
} as const;

export type ItemKind = keyof typeof keys;

/** The gsi1 partitions that list every token and every board. */
const GSI1 = {
  tokens: 'TOKENS',
  boards: 'BOARDS',
  people: 'PEOPLE#',
  windows: 'WINDOWS',
  instruments: 'INSTRUMENTS',
} as const;

/** The gsi1 entries an item carries: tokens and boards each listed in one partition, schools under their board. */
export const indexKeys = {
  token: (tokenId: string) => ({ gsi1pk: GSI1.tokens, gsi1sk: partitions.token(tokenId) }),
  board: (boardId: string) => ({ gsi1pk: GSI1.boards, gsi1sk: partitions.board(boardId) }),
  school: (boardId: string, schoolId: string) => ({
    gsi1pk: partitions.board(boardId),
    gsi1sk: partitions.school(schoolId),
  }),
  /** A membership listed under its board: the board's people, by person. */
  membership: (boardId: string, sub: string, of: MembershipScope) => ({
    gsi1pk: `${GSI1.people}${boardId}`,
    gsi1sk: `${SK.membership}${sub}#${scopeKey(of)}`,
  }),
  /** A join request listed under its board. */
  joinRequest: (boardId: string, sub: string) => ({
    gsi1pk: `${GSI1.people}${boardId}`,
    gsi1sk: `${SK.joinRequest}${sub}`,
  }),
  /** An invitation listed under its board, by its public id. */
  invitation: (boardId: string, invitationId: string) => ({
    gsi1pk: `${GSI1.people}${boardId}`,
    gsi1sk: `${SK.invitationRef}${invitationId}`,
  }),
  /** Every catch-up window in one partition, by year: the operator's list. */
  catchUpWindow: (schoolYear: string, windowId: string) => ({
    gsi1pk: GSI1.windows,
    gsi1sk: `${SK.window}${schoolYear}#${windowId}`,
  }),
  /** Every instrument's newest-version item in one partition, by id: `instrument list`. */
  instrumentLatest: (instrumentId: string) => ({
    gsi1pk: GSI1.instruments,
    gsi1sk: partitions.instrument(instrumentId),
  }),
} as const;

/** A query of one partition of the table or of gsi1, optionally of the sort keys that begin with a prefix. */
export interface PartitionQuery {
  index?: typeof TABLE_DESIGN.gsi1.name;
  partition: string;
  sortKeyPrefix?: string;
}

/** Every query msv makes: one partition each, never a scan. */
export const queries = {
  tokens: (): PartitionQuery => ({ index: TABLE_DESIGN.gsi1.name, partition: GSI1.tokens }),
  boards: (): PartitionQuery => ({ index: TABLE_DESIGN.gsi1.name, partition: GSI1.boards }),
  /** A board's gsi1 partition: its schools' entries, whose gsi1sk is the school's own partition key. */
  schoolsOfBoard: (boardId: string): PartitionQuery => ({
    index: TABLE_DESIGN.gsi1.name,
    partition: partitions.board(boardId),
    sortKeyPrefix: PK_PREFIX.school,
  }),
  exports: (schoolId: string, schoolYear: string): PartitionQuery => ({
    partition: partitions.schoolYear(schoolId, schoolYear),
    sortKeyPrefix: SK.export,
  }),
  audit: (schoolId: string, schoolYear: string): PartitionQuery => ({
    partition: partitions.schoolYear(schoolId, schoolYear),
    sortKeyPrefix: SK.audit,
  }),
  /** A delivery date's references: the schools with an active consent for it. */
  deliveryRefs: (date: string): PartitionQuery => ({ partition: partitions.deliveryDate(date) }),
  dispatchRuns: (date: string): PartitionQuery => ({ partition: partitions.dispatch(date) }),
  /** A person's memberships. */
  membershipsOf: (sub: string): PartitionQuery => ({
    partition: partitions.person(sub),
    sortKeyPrefix: SK.membership,
  }),
  /** A board's invitations, open or not. */
  invitationsOfBoard: (boardId: string): PartitionQuery => ({
    index: TABLE_DESIGN.gsi1.name,
    partition: `${GSI1.people}${boardId}`,
    sortKeyPrefix: SK.invitationRef,
  }),
  joinRequestsOfBoard: (boardId: string): PartitionQuery => ({
    index: TABLE_DESIGN.gsi1.name,
    partition: `${GSI1.people}${boardId}`,
    sortKeyPrefix: SK.joinRequest,
  }),
  peopleLog: (boardId: string): PartitionQuery => ({
    partition: partitions.peopleLog(boardId),
    sortKeyPrefix: SK.audit,
  }),
  /** A board's people: every membership of the board or of one of its schools. */
  peopleOfBoard: (boardId: string): PartitionQuery => ({
    index: TABLE_DESIGN.gsi1.name,
    partition: `${GSI1.people}${boardId}`,
    sortKeyPrefix: SK.membership,
  }),
  /** A school year's catch-up windows, open and closed. */
  windowsOfYear: (schoolYear: string): PartitionQuery => ({
    partition: partitions.window(schoolYear),
    sortKeyPrefix: SK.window,
  }),
  /** Every catch-up window, through gsi1. */
  windows: (): PartitionQuery => ({ index: TABLE_DESIGN.gsi1.name, partition: GSI1.windows }),
  /** Every instrument's newest version (the `LATEST` items), through gsi1. */
  instruments: (): PartitionQuery => ({ index: TABLE_DESIGN.gsi1.name, partition: GSI1.instruments }),
} as const;

/**
 * The items each store's adapter (functions/lib/store) writes: the consent commit also writes the audit entry and
 * moves the delivery-date reference; the delivery commit marks the consent delivered and deletes the reference.
 */
export const STORE_WRITES = {
  tokens: ['token'],
  boards: ['board'],
  schools: ['school'],
  exports: ['export', 'aggregates', 'currentExport', 'audit'],
  audit: ['audit'],
  consents: ['consent', 'audit', 'deliveryRef'],
  deliveries: ['consent', 'delivery', 'deliveryRef'],
  dispatches: ['dispatchRun'],
  reminders: ['reminderClaim'],
  people: ['membership', 'invitation', 'peopleLog', 'mailRecipients', 'joinRequest'],
  policies: ['policy'],
  windows: ['catchUpWindow'],
  providers: ['provider'],
  instruments: ['instrumentVersion', 'instrumentLatest'],
} as const satisfies Record<StoreName, readonly ItemKind[]>;

/**
 * The `dynamodb:LeadingKeys` patterns matching the partitions of these kinds of items, each partition once, in
 * the order first named: `leadingKeysOf('consent', 'deliveryRef')` is `['SCHOOLYEAR#*', 'DELIVERYDATE#*']`.
 */
export const leadingKeysOf = (...items: ItemKind[]): string[] => [
  ...new Set(items.map((i) => `${PK_PREFIX[keys[i].partition]}*`)),
];

/** The `dynamodb:LeadingKeys` patterns of every item these stores write. */
export const leadingKeysWrittenBy = (stores: readonly StoreName[]): string[] =>
  leadingKeysOf(...stores.flatMap((s) => STORE_WRITES[s]));
