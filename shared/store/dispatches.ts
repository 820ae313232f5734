/** The dispatches port: a record of every run of a delivery date's dispatcher, kept for the operator. */

/** One run of the dispatcher for a delivery date: when, and how many consents it queued. */
export interface DispatchRun {
  deliveryDate: string;
  at: string;
  consents: number;
}

/** What functions read of dispatcher runs. */
export interface DispatchReads {
  /** Every recorded run for the date, oldest first. */
  list(deliveryDate: string): Promise<DispatchRun[]>;
}

/** Dispatcher runs as the dispatcher records them: it may write nothing else. */
export interface DispatchLog extends DispatchReads {
  /** Records one run. */
  record(run: DispatchRun): Promise<void>;
}
