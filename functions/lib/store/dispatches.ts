/** The dispatches port on the table: one item per dispatcher run in the date's partition. */
import '../../../shared/zod-locale.js';
import * as z from 'zod/mini';
import type { DispatchLog, DispatchRun } from '../../../shared/store/dispatches.js';
import { keys, queries } from '../../../shared/table-design.js';
import type { Table } from './table.js';

const dispatchRunItem = z.object({ deliveryDate: z.string(), at: z.string(), consents: z.number() });

export class DynamoDispatchLog implements DispatchLog {
  constructor(private readonly table: Table) {}

  async record(run: DispatchRun): Promise<void> {
    await this.table.put({ Item: { ...keys.dispatchRun(run.deliveryDate, run.at), ...run } });
  }

  list(deliveryDate: string): Promise<DispatchRun[]> {
    return this.table.query(queries.dispatchRuns(deliveryDate), dispatchRunItem);
  }
}
