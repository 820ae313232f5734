/**
 * The email the board's user administrators receive when consent is given, changed or revoked. Dutch, as HTML
 * and plain text. Every user-supplied string is escaped in the HTML, and the subject has no line breaks, so
 * nothing a caller sends can add headers or markup.
 */
import type { Board, Consent, ExportPolicy, School } from '../model.js';
import type { Mail } from '../ports.js';
import { NALEVERING_NL } from '../windows/catch-up-window.js';
import { exportPolicyOf } from './export-policy.js';
import { amsterdamTimeNl, formatNl } from './messages.js';
import { lastChangeDay } from './rules.js';

export type ConsentEvent = 'given' | 'changed' | 'revoked';

/** Escapes text for HTML element content and attribute values: every user string in a mail goes through it. */
export const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Subjects are one line: control characters (CR, LF, …) become spaces. */
export const oneLine = (s: string): string =>
  Array.from(s, (c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();

const LEVEL_NL: Record<Consent['level'], string> = {
  school: 'hele school',
  onderwijssoort: 'per onderwijssoort',
};
const MODE_NL = { online: 'online', papier: 'op papier', gemengd: 'online en op papier' } as const;
/** Which data a consent delivers, as the mail and the wizard say it. */
export const DATA_NL: Record<ExportPolicy, string> = {
  pinned: 'de nu goedgekeurde upload van de enquête',
  latest: 'de nieuwste goedgekeurde upload op de leverdatum',
};

/** What changed between two versions, as Dutch sentences. */
export const describeChanges = (before: Consent | null, after: Consent): string[] => {
  if (before?.status !== 'active') return [];
  const changes: string[] = [];
  if (after.status === 'revoked') return ['De toestemming is ingetrokken; er wordt niets geleverd.'];
  if (before.level !== after.level)
    changes.push(`Niveau: ${LEVEL_NL[before.level]} → ${LEVEL_NL[after.level]}`);
  if (before.deliveryDate !== after.deliveryDate) {
    changes.push(`Leverdatum: ${formatNl(before.deliveryDate)} → ${formatNl(after.deliveryDate)}`);
  }
  const policy = exportPolicyOf(after);
  if (exportPolicyOf(before) !== policy) changes.push(`Te leveren gegevens: ${DATA_NL[policy]}`);
  else if (policy === 'pinned' && before.exportId !== after.exportId)
    changes.push('De te leveren gegevens: de nieuwste upload van de enquête');
  if (JSON.stringify(before.administration) !== JSON.stringify(after.administration)) {
    changes.push('De antwoorden over de afname (afnamegroep, afnamecondities)');
  }
  return changes.length > 0
    ? changes
    : ['Geen inhoudelijke wijzigingen; de toestemming is opnieuw bevestigd.'];
};

export const consentMail = (input: {
  event: ConsentEvent;
  school: School;
  board: Board;
  before: Consent | null;
  after: Consent;
  /** Who acted, e.g. "schooltoken 1a2b3c4d5e6f (directie)". */
  actor: string;
}): Mail => {
  const { event, school, board, after } = input;
  const verb = { given: 'gegeven', changed: 'gewijzigd', revoked: 'ingetrokken' }[event];
  const late = event !== 'revoked' && after.nalevering === true;
  const subject = oneLine(
    `Toestemming ${verb}: ${late ? 'nalevering' : 'levering'} Monitoring Sociale Veiligheid ${school.name} (${school.schoolId})`,
  );
  const rows: Array<[string, string]> = [
    ['School', `${school.name} (${school.schoolId})`],
    ['Bevoegd gezag', `${board.name} (${board.boardId})`],
    ['Schooljaar', after.schoolYear],
    [event === 'revoked' ? 'Ingetrokken door' : 'Gegeven door', input.actor],
    ['Op', amsterdamTimeNl(after.updatedAt)],
  ];
  if (event !== 'revoked') {
    rows.push(
      ['Niveau', LEVEL_NL[after.level]],
      ['Leverdatum', formatNl(after.deliveryDate)],
      ...(late ? [['Nalevering', NALEVERING_NL] as [string, string]] : []),
      ['Te leveren gegevens', DATA_NL[exportPolicyOf(after)]],
      ['Wijzigen of intrekken kan tot en met', formatNl(lastChangeDay(after.deliveryDate))],
      [
        'Afname',
        `${MODE_NL[after.administration.mode]}, ${after.administration.period.from} t/m ${after.administration.period.to}`,
      ],
    );
  }
  const changes = describeChanges(input.before, after);
  const intro =
    event === 'revoked'
      ? `De toestemming om de gegevens van de Monitoring Sociale Veiligheid aan de Inspectie van het Onderwijs te leveren is ingetrokken.`
      : `Er is toestemming ${verb} om de gegevens van de Monitoring Sociale Veiligheid aan de Inspectie van het Onderwijs te leveren.`;
  const outro = late
    ? 'U ontvangt dit bericht omdat u gebruikersbeheerder bent van het bevoegd gezag. De uiterste leverdatum van 1 juli is verstreken: deze levering gaat als nalevering naar de Inspectie, binnen de herstelperiode.'
    : 'U ontvangt dit bericht omdat u gebruikersbeheerder bent van het bevoegd gezag. De Inspectie moet de gegevens uiterlijk 1 juli hebben.';

  const text = [
    intro,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    ...(changes.length > 0 ? ['', 'Wat is er veranderd:', ...changes.map((c) => `- ${c}`)] : []),
    '',
    outro,
  ].join('\n');
  const html = [
    '<!doctype html><html lang="nl"><body style="font-family: sans-serif">',
    `<p>${escapeHtml(intro)}</p>`,
    '<table>',
    ...rows.map(
      ([k, v]) =>
        `<tr><th style="text-align:left;padding-right:1em">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
    ),
    '</table>',
    ...(changes.length > 0
      ? ['<p>Wat is er veranderd:</p><ul>', ...changes.map((c) => `<li>${escapeHtml(c)}</li>`), '</ul>']
      : []),
    `<p>${escapeHtml(outro)}</p>`,
    '</body></html>',
  ].join('\n');
  return { to: board.emails, subject, text, html };
};
