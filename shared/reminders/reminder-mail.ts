/**
 * The reminder emails to a board's user administrators, in Dutch, as HTML and plain text: the digest of schools
 * that still need action before 1 July, and the one mail after 1 July about deliveries that were missed. Every
 * user-supplied string is escaped in the HTML and the subject is one line (the helpers of the consent mail).
 */
import { escapeHtml, oneLine } from '../consent/consent-mail.js';
import { formatNl } from '../consent/messages.js';
import type { Board, School } from '../model.js';
import type { Mail } from '../ports.js';
import type { SchoolAction } from '../school-year-status.js';

const ACTION_NL: Record<SchoolAction, { label: string; todo: string }> = {
  no_consent: {
    label: 'Nog geen toestemming',
    todo: 'De enquêtegegevens staan klaar. Geef toestemming voor de levering en kies een leverdatum.',
  },
  no_export: {
    label: 'Nog geen gegevens',
    todo: 'Er is voor dit schooljaar nog geen goedgekeurde enquête-export. Laat de school of de leverancier de export uploaden en geef daarna toestemming.',
  },
  newer_export: {
    label: 'Toestemming voor oudere gegevens',
    todo: 'Na de toestemming is een nieuwere export geüpload. Geef opnieuw toestemming als de nieuwe gegevens geleverd moeten worden; anders wordt de eerdere export geleverd.',
  },
  awaiting_data: {
    label: 'Toestemming gegeven, nog geen gegevens',
    todo: 'Er is toestemming om de nieuwste gegevens te leveren, maar er is nog geen goedgekeurde enquête-export. Laat de school of de leverancier de export vóór de leverdatum uploaden; zonder gegevens wordt er niets geleverd.',
  },
  new_date: {
    label: 'Niets geleverd: kies een nieuwe leverdatum',
    todo: 'Op de gekozen leverdatum waren er geen gegevens om te leveren; er is niets geleverd. Zorg voor een goedgekeurde export en kies een nieuwe leverdatum.',
  },
};

const days = (n: number) => (n === 1 ? '1 dag' : `${n} dagen`);
const schools = (n: number) => (n === 1 ? '1 school' : `${n} scholen`);

/** Where the board sees its schools: the web app when `appUrl` is set, else the API path. */
export const overviewLink = (
  appUrl: string | undefined,
  boardId: string,
  schoolYear: string,
): { url?: string; text: string } =>
  appUrl
    ? {
        url: `${appUrl}/#/boards/${boardId}/years/${schoolYear}`,
        text: `${appUrl}/#/boards/${boardId}/years/${schoolYear}`,
      }
    : { text: `GET /boards/${boardId}/years/${schoolYear} in de msv-API` };

/** The report endpoint of a school, for the direct route to the Inspectie. */
const reportPath = (schoolId: string, schoolYear: string) =>
  `GET /schools/${schoolId}/years/${schoolYear}/report`;

const page = (paragraphs: string[], list: string[], after: string[], link?: { url?: string; text: string }) =>
  [
    '<!doctype html><html lang="nl"><body style="font-family: sans-serif">',
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    '<ul>',
    ...list,
    '</ul>',
    ...(link
      ? [
          link.url
            ? `<p>Overzicht van uw scholen: <a href="${escapeHtml(link.url)}">${escapeHtml(link.text)}</a></p>`
            : `<p>Overzicht van uw scholen: ${escapeHtml(link.text)}</p>`,
        ]
      : []),
    ...after.map((p) => `<p>${escapeHtml(p)}</p>`),
    '</body></html>',
  ].join('\n');

/**
 * A reminder mail: paragraphs, the list (a school each), the overview link, then what follows; as plain text and
 * as HTML, every string escaped there. `html` of a row, when given, is its own markup (already escaped).
 */
const listMail = (m: {
  board: Board;
  subject: string;
  intro: string[];
  rows: Array<{ text: string; html?: string }>;
  after: string[];
  link: { url?: string; text: string };
}): Mail => ({
  to: m.board.emails,
  subject: oneLine(m.subject),
  text: [
    ...m.intro.flatMap((p) => [p, '']),
    ...m.rows.map((r) => `- ${r.text}`),
    '',
    `Overzicht van uw scholen: ${m.link.text}`,
    '',
    ...m.after.flatMap((p) => [p, '']),
  ]
    .join('\n')
    .trimEnd(),
  html: page(
    m.intro,
    m.rows.map((r) => `<li>${r.html ?? escapeHtml(r.text)}</li>`),
    m.after,
    m.link,
  ),
});

/** A digest row: the school in bold, what it needs, and what to do. */
const actionRow = (i: { school: School; action: SchoolAction }, left = '') => {
  const { label, todo } = ACTION_NL[i.action];
  const school = `${i.school.name} (${i.school.schoolId})`;
  return {
    text: `${school}: ${label}${left}. ${todo}`,
    html: `<strong>${escapeHtml(school)}</strong>: ${escapeHtml(label + left)}. ${escapeHtml(todo)}`,
  };
};

const bySchoolId = <T extends { school: School }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => a.school.schoolId.localeCompare(b.school.schoolId));

const footer = (board: Board) =>
  `U ontvangt deze herinnering omdat u gebruikersbeheerder bent van ${board.name} (${board.boardId}). Wilt u geen herinneringen meer, vraag dan de beheerder van msv ze uit te zetten.`;

export interface DigestInput {
  board: Board;
  schoolYear: string;
  daysLeft: number;
  lastConsentDay: string;
  items: Array<{ school: School; action: SchoolAction }>;
  appUrl?: string;
}

/** The digest: every school that needs action, what to do, and the days left. */
export const digestMail = (input: DigestInput): Mail => {
  const { board, schoolYear, daysLeft, items } = input;
  return listMail({
    board,
    subject: `Herinnering Monitoring Sociale Veiligheid: nog ${days(daysLeft)} tot 1 juli, actie nodig voor ${schools(items.length)} van ${board.name}`,
    intro: [
      `De Inspectie van het Onderwijs moet de gegevens van de Monitoring Sociale Veiligheid over schooljaar ${schoolYear} uiterlijk 1 juli hebben. Toestemming geven kan tot en met ${formatNl(input.lastConsentDay)}: nog ${days(daysLeft)}.`,
      `Voor ${schools(items.length)} van ${board.name} is nog actie nodig:`,
    ],
    rows: bySchoolId(items).map((i) => actionRow(i, ` (nog ${days(daysLeft)})`)),
    after: [footer(board)],
    link: overviewLink(input.appUrl, board.boardId, schoolYear),
  });
};

/**
 * The monthly "nog geen gegevens" digest, from `noDataRemindersStart` until the weekly digests: the schools that
 * still have no data, while the survey can still be run, and that consent can be given before the data.
 */
export const noDataMail = (input: DigestInput): Mail => {
  const { board, schoolYear, items } = input;
  return listMail({
    board,
    subject: `Herinnering Monitoring Sociale Veiligheid: nog geen gegevens voor ${schools(items.length)} van ${board.name}`,
    intro: [
      `De Inspectie van het Onderwijs moet de gegevens van de Monitoring Sociale Veiligheid over schooljaar ${schoolYear} uiterlijk 1 juli hebben. Voor ${schools(items.length)} van ${board.name} is nog geen goedgekeurde enquête-export. Er is nog tijd om de vragenlijst af te nemen: de meeste enquêtes sluiten op 30 april.`,
      'Toestemming kan al vóór de gegevens worden gegeven: kies dan "de nieuwste goedgekeurde upload op de leverdatum".',
    ],
    rows: bySchoolId(items).map((i) => actionRow(i)),
    after: [footer(board)],
    link: overviewLink(input.appUrl, board.boardId, schoolYear),
  });
};

export interface MissedInput {
  board: Board;
  schoolYear: string;
  /** The deadline that passed (1 July). */
  deadline: string;
  schools: School[];
  appUrl?: string;
}

/** After 1 July: the schools whose delivery was missed, and the direct route to the Inspectie. */
export const missedMail = (input: MissedInput): Mail => {
  const { board, schoolYear } = input;
  const sorted = [...input.schools].sort((a, b) => a.schoolId.localeCompare(b.schoolId));
  return listMail({
    board,
    subject: `Levering Monitoring Sociale Veiligheid ${schoolYear} gemist voor ${schools(sorted.length)} van ${board.name}`,
    intro: [
      `De uiterste leverdatum van ${formatNl(input.deadline)} is verstreken. Voor ${schools(sorted.length)} van ${board.name} zijn de gegevens van de Monitoring Sociale Veiligheid over schooljaar ${schoolYear} niet via msv aan de Inspectie van het Onderwijs geleverd:`,
    ],
    rows: sorted.map((s) => ({
      text: `${s.name} (${s.schoolId}): rapport via ${reportPath(s.schoolId, schoolYear)}`,
    })),
    after: [
      'Wat nu: lever rechtstreeks aan bij de Inspectie. Download per school het rapport (PDF) via het rapport-endpoint van msv (zie hierboven) en upload het in het portaal van de Inspectie van het Onderwijs.',
      'Doe dit zo snel mogelijk: de Inspectie kan een herstelopdracht geven, de school openbaar noemen en een boete opleggen.',
      footer(board),
    ],
    link: overviewLink(input.appUrl, board.boardId, schoolYear),
  });
};

export interface HerstelInput {
  board: Board;
  schoolYear: string;
  /** Each school the window covers that still needs action, with its window's last days. */
  items: Array<{ school: School; action: SchoolAction; until: string; lastConsentDay: string }>;
  appUrl?: string;
}

/**
 * In a catch-up window, instead of the missed-delivery mail: the schools it covers that can still deliver, what to
 * do, and until when. Consent given now is delivered as a nalevering, which answers the Inspectie's herstelopdracht.
 */
export const herstelMail = (input: HerstelInput): Mail => {
  const { board, schoolYear } = input;
  const sorted = bySchoolId(input.items);
  return listMail({
    board,
    subject: `Herstelperiode Monitoring Sociale Veiligheid ${schoolYear}: nalevering nog mogelijk voor ${schools(sorted.length)} van ${board.name}`,
    intro: [
      `De uiterste leverdatum van 1 juli voor schooljaar ${schoolYear} is verstreken, maar er is een herstelperiode: voor ${schools(sorted.length)} van ${board.name} kunnen de gegevens van de Monitoring Sociale Veiligheid nog via msv aan de Inspectie van het Onderwijs worden geleverd. Zo'n levering heet een nalevering en is het antwoord op een herstelopdracht van de Inspectie.`,
      'Wat nog nodig is:',
    ],
    rows: sorted.map((i) => ({
      text: `${i.school.name} (${i.school.schoolId}): ${ACTION_NL[i.action].label}. ${ACTION_NL[i.action].todo} Toestemming geven kan tot en met ${formatNl(i.lastConsentDay)}, met een leverdatum tot en met ${formatNl(i.until)}.`,
    })),
    after: [
      `Lukt het niet binnen de herstelperiode, lever dan rechtstreeks aan: download per school het rapport (PDF) via ${reportPath('{school}', schoolYear)} en upload het in het portaal van de Inspectie van het Onderwijs.`,
      footer(board),
    ],
    link: overviewLink(input.appUrl, board.boardId, schoolYear),
  });
};
