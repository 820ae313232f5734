/**
 * The reminders port: a board's claim on a reminder mail, taken before the mail is sent, so that of two runs only
 * one sends it. Claims expire by themselves (DynamoDB's TTL) a year after their school year.
 */
import { StoreConditionError } from './condition-error.js';

/**
 * What a reminder mail is for: one day's digest, one school year's missed-delivery mail, or one day's herstel
 * digest of a school year in a catch-up window (a past year's may fall on a day of this year's digest).
 */
export type ReminderOccasion =
  | { kind: 'digest'; date: string }
  | { kind: 'missed'; schoolYear: string }
  | { kind: 'herstel'; schoolYear: string; date: string };

/** A board's reminder for one day (or its missed-delivery mail for one year), claimed before it is sent. */
export interface ReminderClaim {
  boardId: string;
  occasion: ReminderOccasion;
  claimedAt: string;
  /** Epoch seconds after which DynamoDB's TTL removes the claim. */
  expiresAt: number;
  /** How many schools the mail lists. */
  schools: number;
}

/** The board's mail for this occasion was claimed before: it went (or is going) out already. */
export class ReminderAlreadyClaimedError extends StoreConditionError {
  constructor(
    readonly boardId: string,
    readonly occasion: ReminderOccasion,
    options?: ErrorOptions,
  ) {
    super(`the ${occasion.kind} reminder of board ${boardId} was claimed before`, options);
  }
}

/** Reminder claims as the reminder run takes and gives them back. */
export interface ReminderClaims {
  /**
   * Claims the board's mail for its occasion with a conditional put. When it was claimed before (the mail went,
   * or is going, out already) it writes nothing and throws a {@link ReminderAlreadyClaimedError}.
   */
  claim(claim: ReminderClaim): Promise<void>;
  /** Gives a claim back after the mail could not be sent, so that a later run sends it. */
  release(boardId: string, occasion: ReminderOccasion): Promise<void>;
}
