/**
 * A DeliveryScheduler that keeps its schedules in memory: for use-case tests that are about which dates have a
 * schedule, not about the Scheduler API (that is tested on the adapter with aws-sdk-client-mock).
 */
import type { DeliveryScheduler } from '../../shared/ports.js';

export class RecordingScheduler implements DeliveryScheduler {
  readonly dates = new Set<string>();
  readonly calls: string[] = [];

  async ensure(date: string): Promise<void> {
    this.calls.push(`ensure ${date}`);
    this.dates.add(date);
  }

  async remove(date: string): Promise<void> {
    this.calls.push(`remove ${date}`);
    this.dates.delete(date);
  }
}
