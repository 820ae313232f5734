import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { lostRace, onlyConflicts } from '../../functions/lib/transaction-errors.js';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('lostRace', () => {
  it('is a lost race only when a condition that means "done by someone else" failed', () => {
    expect(lostRace(cancelled('ConditionalCheckFailed', 'None', 'None'), [0, 1])).toBe(true);
    expect(lostRace(cancelled('None', 'ConditionalCheckFailed', 'None'), [0, 1])).toBe(true);
  });

  it('is a failure to retry for throttling, conflicts, validation, other items or no reasons', () => {
    expect(lostRace(cancelled('ThrottlingError', 'None', 'None'), [0, 1])).toBe(false);
    expect(lostRace(cancelled('ConditionalCheckFailed', 'ThrottlingError'), [0, 1])).toBe(false);
    expect(lostRace(cancelled('TransactionConflict', 'None'), [0])).toBe(false);
    expect(lostRace(cancelled('ProvisionedThroughputExceeded'), [0])).toBe(false);
    expect(lostRace(cancelled('ValidationError', 'None'), [0])).toBe(false);
    expect(lostRace(cancelled('None', 'None', 'ConditionalCheckFailed'), [0, 1])).toBe(false);
    expect(lostRace(cancelled(), [0])).toBe(false);
    expect(lostRace(new Error('network'), [0])).toBe(false);
  });
});

describe('onlyConflicts', () => {
  it('is a passing overlap with another transaction, and nothing else', () => {
    expect(onlyConflicts(cancelled('TransactionConflict', 'None'))).toBe(true);
    expect(onlyConflicts(cancelled('TransactionConflict', 'ConditionalCheckFailed'))).toBe(false);
    expect(onlyConflicts(cancelled('ThrottlingError'))).toBe(false);
    expect(onlyConflicts(cancelled('None'))).toBe(false);
    expect(onlyConflicts(new Error('x'))).toBe(false);
  });
});
