/**
 * The provider markers port on the table: the marker beside the school year's consent, written in one
 * transaction with a check that the consent is neither active nor delivered (the consent's own write checks
 * the other way round: functions/lib/store/consents.ts).
 */
import { type ProviderMarker, providerMarkerSchema } from '../../../shared/provider/provider.js';
import { ProviderBlockedError, type ProviderStore } from '../../../shared/store/providers.js';
import { keys } from '../../../shared/table-design.js';
import type { Table } from './table.js';

export class DynamoProviderStore implements ProviderStore {
  constructor(private readonly table: Table) {}

  get(schoolId: string, schoolYear: string): Promise<ProviderMarker | undefined> {
    return this.table.get(keys.provider(schoolId, schoolYear), providerMarkerSchema);
  }

  async put(marker: ProviderMarker): Promise<void> {
    const { schoolId, schoolYear } = marker;
    await this.table.transact(
      [
        {
          ConditionCheck: {
            Key: keys.consent(schoolId, schoolYear),
            // No consent, or a revoked one: msv delivers nothing, so another provider may.
            ConditionExpression: 'attribute_not_exists(pk) OR #s = :revoked',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':revoked': 'revoked' },
          },
        },
        { Put: { Item: { ...keys.provider(schoolId, schoolYear), ...marker } } },
      ],
      { conditional: [0], error: (cause) => new ProviderBlockedError(schoolId, schoolYear, { cause }) },
    );
  }

  async remove(schoolId: string, schoolYear: string): Promise<void> {
    await this.table.delete(keys.provider(schoolId, schoolYear));
  }
}
