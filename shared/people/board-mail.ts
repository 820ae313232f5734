/**
 * Where a board's mails go (consent given, changed or revoked; deliveries; reminders): the board's people its
 * gebruikersbeheerders chose, at the address their role was given to (the invited or signed-in address), and
 * only while they still have a role at the board;
 * until they chose (or when none of those chosen is left), the addresses the operator registered the board
 * with — the starting point and the fallback, so a board's mail never goes nowhere.
 */
import type { Board } from '../model.js';
import type { PeopleReads } from '../store/people.js';

export type BoardMailReads = Pick<PeopleReads, 'ofBoard' | 'mailRecipients'>;

/** The addresses of the board's mails, and whether they are the operator's fallback. */
export const boardMailRecipients = async (
  people: BoardMailReads,
  board: Board,
): Promise<{ emails: string[]; fallback: boolean }> => {
  const chosen = await people.mailRecipients(board.boardId);
  if (!chosen || chosen.subs.length === 0) return { emails: [...board.emails], fallback: true };
  const members = await people.ofBoard(board.boardId);
  const emails = [
    ...new Set(
      members
        .filter((m) => m.membership.scope === 'board' && chosen.subs.includes(m.sub))
        .map((m) => m.email),
    ),
  ];
  return emails.length > 0 ? { emails, fallback: false } : { emails: [...board.emails], fallback: true };
};

/** The board with `emails` as its mails go now: what the mail builders address. */
export const boardForMail = async (people: BoardMailReads, board: Board): Promise<Board> => ({
  ...board,
  emails: (await boardMailRecipients(people, board)).emails,
});
