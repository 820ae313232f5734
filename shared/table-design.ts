/**
 * The single DynamoDB table's key design, shared by the CDK stack, the local stack and the store adapter.
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
 * | delivery-date ref    | DELIVERYDATE#{date}             | SCHOOL#{id}#{year}     |                 |                  |
 * | dispatcher run       | DISPATCH#{date}                 | RUN#{iso time}         |                 |                  |
 * | reminder claim       | REMINDER#{boardId}              | {date} / MISSED#{year} |                 |                  |
 *
 * Boards are listed through gsi1 (`BOARDS`) for the daily reminder run, never by a scan. Reminder claims carry a
 * `ttl` (a year after the school year ends), so they clean themselves up.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'ttl',
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

/**
 * The partition-key prefix of each kind of item. The keys below are built from them, and so are the IAM
 * `dynamodb:LeadingKeys` conditions that let a function write one kind of item and no other.
 */
export const PK_PREFIX = {
  token: 'TOKEN#',
  board: 'BOARD#',
  school: 'SCHOOL#',
  schoolYear: 'SCHOOLYEAR#',
  deliveryDate: 'DELIVERYDATE#',
  dispatch: 'DISPATCH#',
  reminder: 'REMINDER#',
} as const;

/** The `dynamodb:LeadingKeys` pattern matching every partition of these kinds. */
export const leadingKeysOf = (...kinds: Array<keyof typeof PK_PREFIX>): string[] =>
  kinds.map((k) => `${PK_PREFIX[k]}*`);

export const keys = {
  token: (hash: string) => ({ pk: `${PK_PREFIX.token}${hash}`, sk: 'TOKEN' }),
  board: (boardId: string) => ({ pk: `${PK_PREFIX.board}${boardId}`, sk: 'BOARD' }),
  school: (schoolId: string) => ({ pk: `${PK_PREFIX.school}${schoolId}`, sk: 'SCHOOL' }),
  schoolYear: (schoolId: string, schoolYear: string) => `${PK_PREFIX.schoolYear}${schoolId}#${schoolYear}`,
  consent: (schoolId: string, schoolYear: string) => ({
    pk: `${PK_PREFIX.schoolYear}${schoolId}#${schoolYear}`,
    sk: 'CONSENT',
  }),
  /** The partition of a delivery date's dispatcher runs. */
  dispatches: (date: string) => `${PK_PREFIX.dispatch}${date}`,
  /** One dispatcher run of a delivery date. */
  dispatchRun: (date: string, at: string) => ({ pk: `${PK_PREFIX.dispatch}${date}`, sk: `RUN#${at}` }),
  /** The BOARDS index entry of a board (gsi1). */
  boardIndex: (boardId: string) => ({ gsi1pk: 'BOARDS', gsi1sk: `BOARD#${boardId}` }),
  /** A board's reminder claim for a date (`YYYY-MM-DD`) or a year's missed-delivery mail (`MISSED#{year}`). */
  reminder: (boardId: string, marker: string) => ({ pk: `${PK_PREFIX.reminder}${boardId}`, sk: marker }),
  /** One item per active consent and its delivery date: the "schedule reference", and the index by date. */
  deliveryRef: (date: string, schoolId: string, schoolYear: string) => ({
    pk: `${PK_PREFIX.deliveryDate}${date}`,
    sk: `SCHOOL#${schoolId}#${schoolYear}`,
  }),
  /** The partition of a delivery date's references. */
  deliveryDate: (date: string) => `${PK_PREFIX.deliveryDate}${date}`,
} as const;
