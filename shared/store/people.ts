/**
 * The people port: memberships of schools and boards (shared/people/membership.ts). The authorizer reads a
 * person's memberships on every request, so what a board changes holds from the next request on.
 */
import type { Membership, MembershipRecord } from '../people/membership.js';

/** What functions read of people. */
export interface PeopleReads {
  /** Every membership of a person (by the user pool's `sub`), in sort-key order. */
  membershipsOf(sub: string): Promise<MembershipRecord[]>;
  /** Every membership of a board or of one of its schools (one index partition, no scan). */
  ofBoard(boardId: string): Promise<MembershipRecord[]>;
}

/** Memberships as they are kept. */
export interface PeopleStore extends PeopleReads {
  /** Creates a person's membership of a school or board, or replaces it (one per school and per board). */
  put(record: MembershipRecord): Promise<void>;
  /** Ends a person's membership of that school or board; a missing one is fine. */
  remove(sub: string, membership: Membership): Promise<void>;
}
