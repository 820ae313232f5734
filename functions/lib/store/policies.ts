/**
 * The school policies port on the table: one item per school, in its own partition (shared/table-design.ts).
 */
import { type PolicyRecord, policyRecordSchema } from '../../../shared/policy/record.js';
import { type PolicyStore, PolicyVersionConflictError } from '../../../shared/store/policies.js';
import { keys } from '../../../shared/table-design.js';
import { IS_NEW, type Table } from './table.js';

export class DynamoPolicyStore implements PolicyStore {
  constructor(private readonly table: Table) {}

  get(schoolId: string): Promise<PolicyRecord | undefined> {
    return this.table.get(keys.policy(schoolId), policyRecordSchema);
  }

  async put(record: PolicyRecord): Promise<void> {
    const expected = record.version - 1;
    await this.table.put(
      {
        Item: { ...keys.policy(record.schoolId), ...record },
        // The version it replaces must still be the stored one: of two writers, the second learns of the
        // first.
        ...(expected === 0
          ? { ConditionExpression: IS_NEW }
          : {
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expected },
            }),
      },
      (cause) => new PolicyVersionConflictError(record.schoolId, expected, { cause }),
    );
  }
}
