/**
 * A board's overview of all its schools for one school year: state per school, filters, days left to 1 July
 * (from the API's `today`), a link into each school and the overview as CSV.
 */

import { daysBetween } from '../../../shared/time/amsterdam.js';
import { type AppContext, mayManagePeople } from '../context.js';
import { h, replace } from '../dom.js';
import { radioGroup } from '../fields.js';
import { dateNl, LEVEL_NL, STATE_NL, shiftYear } from '../format.js';
import { boardHref, peopleHref, schoolHref } from '../routes.js';
import type { BoardOverview, SchoolState } from '../types.js';
import { blobLink, pageHeading } from '../ui.js';

type Filter = 'all' | 'without_consent' | 'without_data';

const FILTERS: Array<[Filter, string]> = [
  ['all', 'Alle scholen'],
  ['without_consent', 'Zonder toestemming'],
  ['without_data', 'Zonder gegevens'],
];

type Row = BoardOverview['schools'][number];

/**
 * Not "zonder toestemming": consent given (planned, delivered, or waiting for its data), or none needed here (the
 * school delivers elsewhere). What is left is what the board still has to act on.
 */
const HAS_CONSENT_OR_NEEDS_NONE: ReadonlySet<SchoolState> = new Set<SchoolState>([
  'scheduled',
  'delivered',
  'awaiting_data',
  'elsewhere',
]);

const matches = (filter: Filter, row: Row): boolean =>
  filter === 'all' ||
  // Without data: none uploaded yet, with or without consent (a consent for the newest upload waits for it).
  (filter === 'without_data' && (row.state === 'no_export' || row.state === 'awaiting_data')) ||
  (filter === 'without_consent' && !HAS_CONSENT_OR_NEEDS_NONE.has(row.state));

/** The overview as CSV the way Dutch Excel opens it: semicolons, a BOM so accents survive. */
export const overviewCsv = (o: BoardOverview): string => {
  const cell = (v: unknown) => {
    const raw = v === null || v === undefined ? '' : String(v);
    // A text starting with = + - @ (or a tab/CR before one) is a formula to Excel and LibreOffice; a school name
    // is typed by whoever registered the school, so a leading quote keeps it text (OWASP "CSV injection").
    const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = [
    'brin',
    'school',
    'sector',
    'status',
    'respondenten',
    'leverdatum',
    'niveau',
    'nieuwere export',
    'andere aanbieder',
  ];
  const lines = o.schools.map((r) =>
    [
      r.schoolId,
      r.name,
      r.sector,
      STATE_NL[r.state] ?? r.state,
      r.respondents,
      r.deliveryDate,
      r.level ? LEVEL_NL[r.level] : '',
      r.newerExportAvailable ? 'ja' : 'nee',
      // A school that delivers elsewhere this year, counted apart: its provider's name.
      r.provider ?? '',
    ]
      .map(cell)
      .join(';'),
  );
  return `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n`;
};

/**
 * Past 1 July in a catch-up window (herstelperiode): how many schools it covers, until when consent can be given
 * and up to which delivery date; each covered school's row says so in its advice.
 */
const windowNotice = (w: NonNullable<BoardOverview['window']>): HTMLElement =>
  h(
    'div',
    { class: 'warning', role: 'note', id: 'catch-up-window' },
    h(
      'p',
      {},
      `Er is een herstelperiode voor ${w.schools === 1 ? '1 school' : `${w.schools} scholen`} zonder levering: ` +
        `geef uiterlijk ${dateNl(w.lastConsentDay)} toestemming, met een leverdatum tot en met ${dateNl(w.until)}. ` +
        'De levering is dan een nalevering.',
    ),
  );

export const renderBoardYear = async (
  ctx: AppContext,
  boardId: string,
  schoolYear: string,
): Promise<HTMLElement> => {
  const o = await ctx.api.json<BoardOverview>(`/boards/${encodeURIComponent(boardId)}/years/${schoolYear}`);
  const days = daysBetween(o.today, o.deadline);
  let filter: Filter = 'all';

  const tableSlot = h('div', {});
  const renderTable = () => {
    const rows = o.schools.filter((r) => matches(filter, r));
    replace(
      tableSlot,
      h(
        'table',
        {},
        h('caption', {}, `${rows.length} van ${o.schools.length} scholen`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['School', 'Status', 'Respondenten', 'Leverdatum', 'Niveau', 'Let op'].map((t) =>
              h('th', { scope: 'col' }, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((r) =>
            h(
              'tr',
              {},
              h(
                'th',
                { scope: 'row' },
                h('a', { href: schoolHref(r.schoolId, schoolYear) }, `${r.name} (${r.schoolId})`),
              ),
              h('td', {}, h('span', { class: `state state-${r.state}` }, STATE_NL[r.state] ?? r.state)),
              h('td', { class: 'num' }, r.respondents ?? '—'),
              h('td', {}, r.deliveryDate ? dateNl(r.deliveryDate) : '—'),
              h('td', {}, r.level ? (LEVEL_NL[r.level] ?? r.level) : '—'),
              h(
                'td',
                {},
                r.newerExportAvailable
                  ? 'Er is een nieuwere export; geef opnieuw toestemming om die te leveren. '
                  : '',
                // Delivers elsewhere this year: msv has nothing to do for it, and says through whom.
                r.provider ? `Levert via ${r.provider}. ` : '',
                // Past 1 July: deliver directly, or the school's catch-up window (the API words it).
                r.advice ?? '',
              ),
            ),
          ),
        ),
      ),
    );
  };

  const { fieldset: filters } = radioGroup<Filter>('Toon', 'filter', FILTERS, filter, (value) => {
    filter = value;
    renderTable();
  });
  renderTable();

  const c = o.counts;
  return h(
    'div',
    {},
    pageHeading(`${o.board.name ?? 'Bestuur'} (${o.board.boardId}) — schooljaar ${schoolYear}`),
    h(
      'nav',
      { 'aria-label': 'Schooljaar', class: 'year-nav' },
      h(
        'a',
        { href: boardHref(boardId, shiftYear(schoolYear, -1)) },
        `Vorig schooljaar (${shiftYear(schoolYear, -1)})`,
      ),
      h(
        'a',
        { href: boardHref(boardId, shiftYear(schoolYear, 1)) },
        `Volgend schooljaar (${shiftYear(schoolYear, 1)})`,
      ),
    ),
    mayManagePeople(ctx.me, o.board.boardId)
      ? h('p', {}, h('a', { href: peopleHref(o.board.boardId) }, 'Mensen van dit bestuur beheren'))
      : null,
    h(
      'p',
      { class: days > 0 ? 'deadline' : 'deadline passed' },
      days > 0
        ? `Nog ${days} ${days === 1 ? 'dag' : 'dagen'} tot de uiterste leverdatum, ${dateNl(o.deadline)}.`
        : `De uiterste leverdatum (${dateNl(o.deadline)}) is verstreken.`,
    ),
    o.window ? windowNotice(o.window) : null,
    h(
      'ul',
      { class: 'counts' },
      h('li', {}, `${c.schools ?? 0} scholen`),
      h('li', {}, `${c.no_export ?? 0} zonder gegevens`),
      h('li', {}, `${c.export_without_consent ?? 0} met gegevens zonder toestemming`),
      c.awaiting_data ? h('li', {}, `${c.awaiting_data} met toestemming, nog zonder gegevens`) : null,
      h('li', {}, `${c.scheduled ?? 0} gepland`),
      h('li', {}, `${c.delivered ?? 0} geleverd`),
      c.deadline_missed ? h('li', {}, `${c.deadline_missed} verstreken`) : null,
      c.elsewhere ? h('li', {}, `${c.elsewhere} via een andere aanbieder`) : null,
    ),
    filters,
    tableSlot,
    h(
      'p',
      {},
      blobLink(
        new Blob([overviewCsv(o)], { type: 'text/csv;charset=utf-8' }),
        'Overzicht downloaden (CSV)',
        `msv-${o.board.boardId}-${schoolYear}.csv`,
      ),
    ),
  );
};
