/** The boards port: the bevoegde gezagen, written by the operator (the admin CLI) only. */
import type { Board, BoardInput } from '../model.js';

/** What functions read of boards. */
export interface BoardReads {
  /** The board, or undefined when it is not registered. */
  get(boardId: string): Promise<Board | undefined>;
  /** Every board, ordered by board id, through the BOARDS index partition (no scan): the reminder run's list. */
  list(): Promise<Board[]>;
}

/** Boards as the operator keeps them. */
export interface BoardStore extends BoardReads {
  /** Creates or replaces a board, with its BOARDS index entry; `reminders` defaults to on. */
  put(board: BoardInput): Promise<void>;
}
