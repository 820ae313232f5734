/**
 * The mails of a join request: to the board's people (who asks, for which school, where to decide), and to the
 * person (approved with a role, or refused). Dutch, HTML and text; every user string escaped, subjects one line.
 */
import { escapeHtml, oneLine } from '../consent/consent-mail.js';
import type { Board, School } from '../model.js';
import type { Mail } from '../ports.js';
import type { JoinRequest } from './invitation.js';
import { type PersonRole, ROLE_NL } from './membership.js';

const paragraphs = (lines: string[]) => lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n');

export const joinRequestedMail = (input: {
  request: JoinRequest;
  school: School;
  board: Board;
  to: string[];
  appUrl: string | undefined;
}): Mail => {
  const { request, school, board, to } = input;
  const where = input.appUrl
    ? `Keur het goed of wijs het af op ${input.appUrl}/#/boards/${board.boardId}/mensen.`
    : 'Keur het goed of wijs het af bij Mensen van uw bestuur in msv.';
  const lines = [
    `${request.name} (${request.email}) logde in via de school ${school.name} (${school.schoolId}) en vraagt toegang tot msv voor die school.`,
    where,
    'Kent u deze persoon niet? Wijs het verzoek dan af.',
  ];
  return {
    to,
    subject: oneLine(`Verzoek om toegang tot msv: ${request.name}, ${school.name}`),
    text: lines.join('\n\n'),
    html: paragraphs(lines),
  };
};

export const joinDecidedMail = (input: {
  request: JoinRequest;
  schoolName: string;
  board: Board;
  role: PersonRole | null;
  appUrl: string | undefined;
}): Mail => {
  const { request, schoolName, board, role } = input;
  const lines = role
    ? [
        `Beste ${request.name},`,
        `${board.name} heeft uw verzoek goedgekeurd: u bent nu ${ROLE_NL[role]} van ${schoolName} in msv.`,
        ...(input.appUrl ? [`Log in op ${input.appUrl}.`] : []),
      ]
    : [
        `Beste ${request.name},`,
        `${board.name} heeft uw verzoek om toegang tot msv voor ${schoolName} afgewezen. Vraag uw schoolleider als u denkt dat dit niet klopt.`,
      ];
  return {
    to: [request.email],
    subject: oneLine(role ? `Toegang tot msv: ${schoolName}` : `Verzoek om toegang tot msv afgewezen`),
    text: lines.join('\n\n'),
    html: paragraphs(lines),
  };
};
