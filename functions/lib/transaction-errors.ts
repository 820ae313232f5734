/**
 * What a cancelled DynamoDB transaction means. Only one cancellation is an expected outcome: a condition that says
 * "someone else already did this" failed on one of the items that carry such a condition. Throttling, a
 * conflict with another transaction, a validation error or any other reason is a failure to retry, never a lost
 * race: taken for one, a still-active consent would be reported as skipped and the school never delivered.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * True when `err` cancelled the transaction only because of ConditionalCheckFailed on items at the indexes
 * `conditional` (the items whose condition means the work was done, or changed, by someone else).
 */
export const lostRace = (err: unknown, conditional: readonly number[]): boolean => {
  if (!(err instanceof TransactionCanceledException)) return false;
  const codes = (err.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
  const failed = codes.flatMap((code, i) => (code === 'ConditionalCheckFailed' ? [i] : []));
  return (
    failed.length > 0 &&
    failed.every((i) => conditional.includes(i)) &&
    codes.every((code) => code === 'None' || code === 'ConditionalCheckFailed')
  );
};

/** True when `err` cancelled the transaction only because another transaction was in progress on an item. */
export const onlyConflicts = (err: unknown): boolean => {
  if (!(err instanceof TransactionCanceledException)) return false;
  const codes = (err.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
  return (
    codes.includes('TransactionConflict') && codes.every((c) => c === 'None' || c === 'TransactionConflict')
  );
};
