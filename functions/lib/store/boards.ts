/** The boards port on the table: one item per board, listed in the BOARDS index partition. */
import { type Board, type BoardInput, boardSchema } from '../../../shared/model.js';
import type { BoardStore } from '../../../shared/store/boards.js';
import { indexKeys, keys, queries } from '../../../shared/table-design.js';
import type { Table } from './table.js';

export class DynamoBoardStore implements BoardStore {
  constructor(private readonly table: Table) {}

  get(boardId: string): Promise<Board | undefined> {
    return this.table.get(keys.board(boardId), boardSchema);
  }

  list(): Promise<Board[]> {
    return this.table.query(queries.boards(), boardSchema);
  }

  async put(board: BoardInput): Promise<void> {
    const parsed = boardSchema.parse(board);
    await this.table.put({
      Item: { ...keys.board(parsed.boardId), ...indexKeys.board(parsed.boardId), ...parsed },
    });
  }
}
