/** The schools port on the table: one item per school, listed in its board's index partition. */
import { type School, schoolSchema } from '../../../shared/model.js';
import type { SchoolStore } from '../../../shared/store/schools.js';
import { indexKeys, keys, queries } from '../../../shared/table-design.js';
import type { Table } from './table.js';

export class DynamoSchoolStore implements SchoolStore {
  constructor(private readonly table: Table) {}

  get(schoolId: string): Promise<School | undefined> {
    return this.table.get(keys.school(schoolId), schoolSchema);
  }

  listOfBoard(boardId: string): Promise<School[]> {
    return this.table.query(queries.schoolsOfBoard(boardId), schoolSchema);
  }

  async put(school: School): Promise<void> {
    await this.table.put({
      Item: {
        ...keys.school(school.schoolId),
        ...indexKeys.school(school.boardId, school.schoolId),
        ...school,
      },
    });
  }
}
