/**
 * The errors the stores throw when a conditional write finds the data not as the caller expected: one class per
 * reason, so that a caller catches exactly the outcome it expects (`err instanceof ExportExistsError`) and
 * nothing else — throttling, a transaction conflict that outlasted its retries or a failing network stay what
 * they are. They say nothing about HTTP: the API's edge (functions/lib/http.ts) answers the ones that reach it.
 */
export abstract class StoreConditionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
