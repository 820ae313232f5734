/**
 * Hash routes, so that the static bucket needs no rewrite rules and a link in an email (`#/boards/…`) works
 * as a deep link: the hash survives sign-in.
 */
export type Route =
  | { page: 'home' }
  | { page: 'school'; schoolId: string; schoolYear: string }
  | { page: 'board'; boardId: string; schoolYear: string }
  | { page: 'people'; boardId: string }
  | { page: 'invitation'; secret: string }
  | { page: 'not_found' };

export const parseRoute = (hash: string): Route => {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/') return { page: 'home' };
  const school = /^\/schools\/([^/]+)\/years\/(\d{4}-\d{4})$/.exec(path);
  if (school)
    return {
      page: 'school',
      schoolId: decodeURIComponent(school[1] as string),
      schoolYear: school[2] as string,
    };
  const board = /^\/boards\/([^/]+)\/years\/(\d{4}-\d{4})$/.exec(path);
  if (board)
    return { page: 'board', boardId: decodeURIComponent(board[1] as string), schoolYear: board[2] as string };
  const people = /^\/boards\/([^/]+)\/mensen$/.exec(path);
  if (people) return { page: 'people', boardId: decodeURIComponent(people[1] as string) };
  // The invitation link's secret lives in the hash only: never sent to a server, never in a Referer.
  const invitation = /^\/uitnodiging\/([^/]*)$/.exec(path);
  if (invitation) return { page: 'invitation', secret: invitation[1] as string };
  return { page: 'not_found' };
};

export const schoolHref = (schoolId: string, schoolYear: string): string =>
  `#/schools/${encodeURIComponent(schoolId)}/years/${schoolYear}`;

export const boardHref = (boardId: string, schoolYear: string): string =>
  `#/boards/${encodeURIComponent(boardId)}/years/${schoolYear}`;

export const peopleHref = (boardId: string): string => `#/boards/${encodeURIComponent(boardId)}/mensen`;
