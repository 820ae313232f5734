/**
 * The catch-up windows port (shared/windows/catch-up-window.ts): one item per window in its school year's own
 * partition, listed under one index partition for the operator. Only the admin CLI writes windows (it acts as the
 * operator); no function's table access writes them, so a flaw in a function cannot open one.
 */
import type { CatchUpWindow } from '../windows/catch-up-window.js';
import { StoreConditionError } from './condition-error.js';

/** The window named does not exist or was closed before. */
export class WindowNotOpenError extends StoreConditionError {
  constructor(
    readonly schoolYear: string,
    readonly windowId: string,
    options?: ErrorOptions,
  ) {
    super(`window ${windowId} of ${schoolYear} does not exist or is closed`, options);
  }
}

/** What functions read of windows. */
export interface WindowReads {
  /** Every window of the school year, open or closed, read strongly consistent (one just opened counts at once). */
  ofYear(schoolYear: string): Promise<CatchUpWindow[]>;
  /** Every window of every year, through the index (the operator's `window list`). */
  list(): Promise<CatchUpWindow[]>;
}

/** Windows as the operator opens and closes them. */
export interface WindowStore extends WindowReads {
  /** Stores a new window (its id must be new). */
  open(window: CatchUpWindow): Promise<void>;
  /** Closes an open window; throws a {@link WindowNotOpenError} when there is none open by that id. */
  close(schoolYear: string, windowId: string, closed: { at: string; by: string }): Promise<void>;
}
