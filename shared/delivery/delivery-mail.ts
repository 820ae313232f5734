/** The board's confirmation that a school's data reached the Inspectie. Dutch; every value escaped. */
import { escapeHtml, oneLine } from '../consent/consent-mail.js';
import { formatNl } from '../consent/messages.js';
import type { Board, DeliveryRecord, School } from '../model.js';
import type { Mail } from '../ports.js';
import { NALEVERING_NL } from '../windows/catch-up-window.js';

export const deliveryMail = (input: { school: School; board: Board; record: DeliveryRecord }): Mail => {
  const { school, board, record } = input;
  const rows: Array<[string, string]> = [
    ['School', `${school.name} (${school.schoolId})`],
    ['Schooljaar', record.schoolYear],
    ['Leverdatum', formatNl(record.deliveryDate)],
    // A late delivery says so, so that the board can tell the Inspectie's herstelopdracht it was answered.
    ...(record.nalevering ? [['Nalevering', NALEVERING_NL] as [string, string]] : []),
    ['Niveau', record.level === 'school' ? 'hele school' : 'per onderwijssoort'],
    ['Leveringskenmerk', record.deliveryId],
    ...record.files.map((f): [string, string] => [f.name, `SHA-256 ${f.sha256}`]),
  ];
  const intro = record.nalevering
    ? 'De gegevens van de Monitoring Sociale Veiligheid zijn als nalevering aan de Inspectie van het Onderwijs geleverd.'
    : 'De gegevens van de Monitoring Sociale Veiligheid zijn aan de Inspectie van het Onderwijs geleverd.';
  const subject = oneLine(
    `Geleverd${record.nalevering ? ' (nalevering)' : ''}: Monitoring Sociale Veiligheid ${school.name} (${school.schoolId})`,
  );
  return {
    to: board.emails,
    subject,
    text: [intro, '', ...rows.map(([k, v]) => `${k}: ${v}`)].join('\n'),
    html: [
      '<!doctype html><html lang="nl"><body style="font-family: sans-serif">',
      `<p>${escapeHtml(intro)}</p><table>`,
      ...rows.map(
        ([k, v]) =>
          `<tr><th style="text-align:left;padding-right:1em">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
      ),
      '</table></body></html>',
    ].join('\n'),
  };
};
