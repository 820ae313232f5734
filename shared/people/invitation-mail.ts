/**
 * The invitation mail: who invites whom, to which school or board, in which role, and the link that works once,
 * for a week. Dutch, HTML and plain text; every user string escaped, the subject one line.
 */
import { escapeHtml, oneLine } from '../consent/consent-mail.js';
import { amsterdamTimeNl } from '../consent/messages.js';
import type { Mail } from '../ports.js';
import type { Invitation } from './invitation.js';
import { ROLE_NL } from './membership.js';

export const invitationMail = (input: {
  invitation: Invitation;
  /** The school's or board's name. */
  placeName: string;
  /** The link to accept it (the web app's `#/uitnodiging/{secret}`). */
  link: string;
}): Mail => {
  const { invitation: inv, placeName, link } = input;
  const role = ROLE_NL[inv.membership.role];
  const place = inv.membership.scope === 'school' ? `school ${placeName}` : `bestuur ${placeName}`;
  const until = amsterdamTimeNl(inv.expiresAt);
  const lines = [
    `Beste ${inv.name},`,
    '',
    `${inv.invitedByName} nodigt u uit voor Monitoring Sociale Veiligheid (msv), als ${role} van ${place}.`,
    '',
    `Accepteer de uitnodiging met deze link (werkt één keer, tot ${until}):`,
    link,
    '',
    `U logt in met dit e-mailadres (${inv.email}); u krijgt dan een code per e-mail.`,
    'Verwachtte u deze uitnodiging niet? Dan kunt u deze e-mail negeren.',
  ];
  const html = [
    `<p>Beste ${escapeHtml(inv.name)},</p>`,
    `<p>${escapeHtml(inv.invitedByName)} nodigt u uit voor Monitoring Sociale Veiligheid (msv), als <strong>${escapeHtml(role)}</strong> van ${escapeHtml(place)}.</p>`,
    `<p><a href="${escapeHtml(link)}">Uitnodiging accepteren</a> (werkt één keer, tot ${escapeHtml(until)}).</p>`,
    `<p>U logt in met dit e-mailadres (${escapeHtml(inv.email)}); u krijgt dan een code per e-mail.</p>`,
    '<p>Verwachtte u deze uitnodiging niet? Dan kunt u deze e-mail negeren.</p>',
  ].join('\n');
  return {
    to: [inv.email],
    subject: oneLine(`Uitnodiging voor msv: ${role} van ${place}`),
    text: lines.join('\n'),
    html,
  };
};
