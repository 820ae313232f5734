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

export const keys = {
  token: (hash: string) => ({ pk: `TOKEN#${hash}`, sk: 'TOKEN' }),
  board: (boardId: string) => ({ pk: `BOARD#${boardId}`, sk: 'BOARD' }),
  school: (schoolId: string) => ({ pk: `SCHOOL#${schoolId}`, sk: 'SCHOOL' }),
  schoolYear: (schoolId: string, schoolYear: string) => `SCHOOLYEAR#${schoolId}#${schoolYear}`,
  consent: (schoolId: string, schoolYear: string) => ({
    pk: `SCHOOLYEAR#${schoolId}#${schoolYear}`,
    sk: 'CONSENT',
  }),
  /** The BOARDS index entry of a board (gsi1). */
  boardIndex: (boardId: string) => ({ gsi1pk: 'BOARDS', gsi1sk: `BOARD#${boardId}` }),
  /** A board's reminder claim for a date (`YYYY-MM-DD`) or a year's missed-delivery mail (`MISSED#{year}`). */
  reminder: (boardId: string, marker: string) => ({ pk: `REMINDER#${boardId}`, sk: marker }),
  /** One item per active consent and its delivery date: the "schedule reference", and the index by date. */
  deliveryRef: (date: string, schoolId: string, schoolYear: string) => ({
    pk: `DELIVERYDATE#${date}`,
    sk: `SCHOOL#${schoolId}#${schoolYear}`,
  }),
} as const;
