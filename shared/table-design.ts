/**
 * The single DynamoDB table's key design, shared by the CDK stack, the local stack and the store adapter.
 *
 * | item                 | pk                              | sk                     | gsi1pk          | gsi1sk           |
 * |----------------------|---------------------------------|------------------------|-----------------|------------------|
 * | token                | TOKEN#{sha256}                  | TOKEN                  | TOKENS          | TOKEN#{tokenId}  |
 * | board                | BOARD#{boardId}                 | BOARD                  |                 |                  |
 * | school               | SCHOOL#{schoolId}               | SCHOOL                 | BOARD#{boardId} | SCHOOL#{id}      |
 * | export               | SCHOOLYEAR#{schoolId}#{year}    | EXPORT#{exportId}      |                 |                  |
 * | export aggregates    | SCHOOLYEAR#{schoolId}#{year}    | AGGREGATES#{exportId}  |                 |                  |
 * | current export       | SCHOOLYEAR#{schoolId}#{year}    | CURRENT                |                 |                  |
 * | audit entry          | SCHOOLYEAR#{schoolId}#{year}    | AUDIT#{iso time}#{rnd} |                 |                  |
 * | consent              | SCHOOLYEAR#{schoolId}#{year}    | CONSENT                |                 |                  |
 * | delivery-date ref    | DELIVERYDATE#{date}             | SCHOOL#{id}#{year}     |                 |                  |
 * | dispatcher run       | DISPATCH#{date}                 | RUN#{iso time}         |                 |                  |
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
  /** One item per active consent and its delivery date: the "schedule reference", and the index by date. */
  deliveryRef: (date: string, schoolId: string, schoolYear: string) => ({
    pk: `DELIVERYDATE#${date}`,
    sk: `SCHOOL#${schoolId}#${schoolYear}`,
  }),
} as const;
