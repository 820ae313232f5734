/** The people port on the table: a person's memberships in their own partition, listed under their board in gsi1. */
import {
  type Membership,
  type MembershipRecord,
  membershipRecordSchema,
} from '../../../shared/people/membership.js';
import type { PeopleStore } from '../../../shared/store/people.js';
import { indexKeys, keys, type MembershipScope, queries } from '../../../shared/table-design.js';
import type { Table } from './table.js';

const scopeOf = (m: Membership): MembershipScope =>
  m.scope === 'school' ? { scope: 'school', schoolId: m.schoolId } : { scope: 'board', boardId: m.boardId };

export class DynamoPeopleStore implements PeopleStore {
  constructor(private readonly table: Table) {}

  membershipsOf(sub: string): Promise<MembershipRecord[]> {
    return this.table.query(queries.membershipsOf(sub), membershipRecordSchema);
  }

  ofBoard(boardId: string): Promise<MembershipRecord[]> {
    return this.table.query(queries.peopleOfBoard(boardId), membershipRecordSchema);
  }

  async put(record: MembershipRecord): Promise<void> {
    const parsed = membershipRecordSchema.parse(record);
    const of = scopeOf(parsed.membership);
    await this.table.put({
      Item: {
        ...keys.membership(parsed.sub, of),
        ...indexKeys.membership(parsed.membership.boardId, parsed.sub, of),
        ...parsed,
      },
    });
  }

  async remove(sub: string, membership: Membership): Promise<void> {
    await this.table.delete(keys.membership(sub, scopeOf(membership)));
  }
}
