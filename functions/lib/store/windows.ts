/** The catch-up windows port on the table: one item per window, in its school year's partition. */
import { WindowNotOpenError, type WindowStore } from '../../../shared/store/windows.js';
import { indexKeys, keys, queries } from '../../../shared/table-design.js';
import { type CatchUpWindow, catchUpWindowSchema } from '../../../shared/windows/catch-up-window.js';
import { EXISTS, IS_NEW, type Table } from './table.js';

export class DynamoWindowStore implements WindowStore {
  constructor(private readonly table: Table) {}

  ofYear(schoolYear: string): Promise<CatchUpWindow[]> {
    return this.table.query(queries.windowsOfYear(schoolYear), catchUpWindowSchema, { consistent: true });
  }

  list(): Promise<CatchUpWindow[]> {
    return this.table.query(queries.windows(), catchUpWindowSchema);
  }

  async open(window: CatchUpWindow): Promise<void> {
    const parsed = catchUpWindowSchema.parse(window);
    await this.table.put({
      Item: {
        ...keys.catchUpWindow(parsed.schoolYear, parsed.windowId),
        ...indexKeys.catchUpWindow(parsed.schoolYear, parsed.windowId),
        ...parsed,
      },
      ConditionExpression: IS_NEW,
    });
  }

  async close(schoolYear: string, windowId: string, closed: { at: string; by: string }): Promise<void> {
    await this.table.update(
      {
        Key: keys.catchUpWindow(schoolYear, windowId),
        UpdateExpression: 'SET closedAt = :at, closedBy = :by',
        // Closed once: a second close (or a window that never was) says so instead of moving the time.
        ConditionExpression: `${EXISTS} AND attribute_type(closedAt, :null)`,
        ExpressionAttributeValues: { ':at': closed.at, ':by': closed.by, ':null': 'NULL' },
      },
      (cause) => new WindowNotOpenError(schoolYear, windowId, { cause }),
    );
  }
}
