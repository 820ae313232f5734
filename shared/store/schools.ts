/** The schools port: the schools (vestigingen) and the board each belongs to, written by the operator only. */
import type { School } from '../model.js';

/** What functions read of schools. */
export interface SchoolReads {
  /** The school, or undefined when it is not registered. */
  get(schoolId: string): Promise<School | undefined>;
  /** The schools whose own record names the board, through the board's index partition (no scan). */
  listOfBoard(boardId: string): Promise<School[]>;
}

/** Schools as the operator keeps them. */
export interface SchoolStore extends SchoolReads {
  /** Creates or replaces a school, listed under its board. */
  put(school: School): Promise<void>;
}
