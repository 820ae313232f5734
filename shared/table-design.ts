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
} as const;
