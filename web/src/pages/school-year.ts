/**
 * One school's school year: the steps to delivery, the current export, upload, the report, consent (give,
 * change, revoke), its history and the delivery record.
 */
import { ApiError } from '../api.js';
import { type AppContext, mayConsent } from '../context.js';
import { append, h, replace, uid } from '../dom.js';
import { dateNl, dateTimeNl, LEVEL_NL, leerjaarNl, shiftYear } from '../format.js';
import { rowErrorNl } from '../messages-nl.js';
import { boardHref, schoolHref } from '../routes.js';
import { markReportChecked, reportChecked } from '../session.js';
import type { ConsentView, DeliveryView, Instrument, SchoolYearOverview, Warning } from '../types.js';
import { announce, blobLink, busy, errorBox, pageHeading } from '../ui.js';
import { renderConsentWizard } from './consent-wizard.js';

export const STEPS = [
  'gegevens',
  'rapport controleren',
  'niveau',
  'leverdatum',
  'afname',
  'opslaan',
  'geleverd',
];

/** The status bar: done steps ticked, the current one marked for screen readers with aria-current. */
export const statusBar = (done: boolean[]): HTMLElement => {
  const current = done.indexOf(false);
  return h(
    'ol',
    { class: 'steps', 'aria-label': 'Stappen naar de levering' },
    STEPS.map((step, i) =>
      h(
        'li',
        {
          class: done[i] ? 'done' : i === current ? 'current' : 'todo',
          'aria-current': i === current ? 'step' : undefined,
        },
        step,
        h(
          'span',
          { class: 'sr-only' },
          done[i] ? ' (klaar)' : i === current ? ' (huidige stap)' : ' (nog te doen)',
        ),
      ),
    ),
  );
};

export const warningList = (warnings: Warning[]): HTMLElement | null =>
  warnings.length === 0
    ? null
    : h(
        'div',
        { class: 'warning' },
        h('p', {}, h('strong', {}, 'Let op de representativiteit:')),
        h(
          'ul',
          {},
          warnings.map((w) => h('li', {}, w.messageNl ?? rowErrorNl(w.code, w.message))),
        ),
      );

const ACTION_NL: Record<string, string> = {
  consent_given: 'Toestemming gegeven',
  consent_changed: 'Toestemming gewijzigd',
  consent_revoked: 'Toestemming ingetrokken',
};

export const renderSchoolYear = async (
  ctx: AppContext,
  schoolId: string,
  schoolYear: string,
): Promise<HTMLElement> => {
  const base = `/schools/${encodeURIComponent(schoolId)}/years/${schoolYear}`;
  const canConsent = mayConsent(ctx.me);
  const [overview, instruments, consentView] = await Promise.all([
    ctx.api.json<SchoolYearOverview>(base),
    ctx.api.json<Instrument[]>('/instruments'),
    canConsent ? ctx.api.json<ConsentView>(`${base}/consent`) : Promise.resolve(null),
  ]);
  const delivered = overview.consent?.status === 'delivered';
  const delivery = delivered ? await ctx.api.json<DeliveryView>(`${base}/delivery`) : null;
  const { school } = overview;
  const active = overview.consent?.status === 'active' ? overview.consent : null;
  const hasConsent = Boolean(overview.consent);

  const barSlot = h('div', {});
  const setBar = (wizardStep = -1) => {
    const consentDone = [0, 1, 2, 3].map((i) => hasConsent || i < wizardStep);
    replace(
      barSlot,
      statusBar([
        Boolean(overview.currentExport),
        hasConsent || reportChecked(school.schoolId, schoolYear),
        ...consentDone,
        delivered,
      ]),
    );
  };
  setBar();

  const parts: Array<HTMLElement | null> = [
    pageHeading(`${school.name} (${school.schoolId}) — schooljaar ${schoolYear}`),
    h(
      'nav',
      { 'aria-label': 'Schooljaar', class: 'year-nav' },
      ctx.me.board
        ? h('a', { href: boardHref(school.boardId, schoolYear) }, 'Terug naar het bestuursoverzicht')
        : null,
      h(
        'a',
        { href: schoolHref(school.schoolId, shiftYear(schoolYear, -1)) },
        `Vorig schooljaar (${shiftYear(schoolYear, -1)})`,
      ),
      h(
        'a',
        { href: schoolHref(school.schoolId, shiftYear(schoolYear, 1)) },
        `Volgend schooljaar (${shiftYear(schoolYear, 1)})`,
      ),
    ),
    barSlot,
    overview.deadlineMissed
      ? h('div', { class: 'warning', role: 'note' }, h('p', {}, overview.deadlineMissed.messageNl))
      : null,
    exportSection(overview),
    delivered ? null : uploadSection(ctx, base, instruments, school.sector),
    reportSection(ctx, base, school.schoolId, schoolYear, setBar),
  ];

  if (canConsent && consentView) {
    parts.push(consentSection(ctx, base, overview, consentView, setBar));
    parts.push(historySection(consentView));
  } else if (active) {
    parts.push(
      h(
        'section',
        { 'aria-labelledby': 'consent-h' },
        h('h2', { id: 'consent-h' }, 'Toestemming'),
        h('p', {}, `Levering gepland op ${dateNl(active.deliveryDate)}, ${LEVEL_NL[active.level]}.`),
        warningList(active.warnings),
      ),
    );
  }
  if (delivery) parts.push(deliverySection(delivery));
  return h('div', {}, ...parts);
};

const exportSection = (o: SchoolYearOverview): HTMLElement => {
  const e = o.currentExport;
  const s = e?.summary;
  return h(
    'section',
    { 'aria-labelledby': 'export-h' },
    h('h2', { id: 'export-h' }, 'Gegevens'),
    e && s
      ? h(
          'dl',
          { class: 'summary' },
          h('dt', {}, 'Huidige export'),
          h('dd', {}, `${e.respondents} respondenten, vragenlijst ${e.instrument}`),
          h('dt', {}, 'Geaccepteerd'),
          h('dd', {}, dateTimeNl(e.acceptedAt)),
          h('dt', {}, o.school.sector === 'po' || o.school.sector === 'so' ? 'Per groep' : 'Per leerjaar'),
          h(
            'dd',
            {},
            Object.entries(s.leerjaren)
              .map(([l, n]) => `${leerjaarNl(o.school.sector, Number(l))}: ${n}`)
              .join(', '),
          ),
          Object.keys(s.onderwijssoorten).length > 0 ? h('dt', {}, 'Per onderwijssoort') : null,
          Object.keys(s.onderwijssoorten).length > 0
            ? h(
                'dd',
                {},
                Object.entries(s.onderwijssoorten)
                  .map(([k, n]) => `${k}: ${n}`)
                  .join(', '),
              )
            : null,
        )
      : h('p', {}, 'Er is voor dit schooljaar nog geen export geüpload.'),
  );
};

/** Upload by file picker (the keyboard way) or by dropping a file on the drop zone. */
const uploadSection = (
  ctx: AppContext,
  base: string,
  instruments: Instrument[],
  sector: string,
): HTMLElement => {
  const fileId = uid('file');
  const instrumentId = uid('instrument');
  const fileInput = h('input', {
    id: fileId,
    name: 'file',
    type: 'file',
    accept: '.csv,.txt,.tsv,text/csv',
    required: true,
  });
  const select = h(
    'select',
    { id: instrumentId, name: 'instrument' },
    instruments.map((i) => h('option', { value: i.id }, `${i.name} (${i.id})`)),
  );
  const result = h('div', { id: 'upload-result' });
  let dropped: File | null = null;
  const chosen = h('p', { class: 'hint', 'aria-live': 'polite' });
  const zone = h(
    'div',
    { class: 'dropzone' },
    h('p', {}, 'Sleep het CSV-bestand hierheen, of kies het hieronder met de knop.'),
    chosen,
  );
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    dropped = e.dataTransfer?.files[0] ?? null;
    chosen.textContent = dropped ? `Gekozen: ${dropped.name}` : '';
  });
  fileInput.addEventListener('change', () => {
    dropped = null;
    chosen.textContent = fileInput.files?.[0] ? `Gekozen: ${fileInput.files[0].name}` : '';
  });
  const button = h('button', { type: 'submit' }, 'Export uploaden');
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    zone,
    h('label', { for: fileId }, 'Bestand (CSV)'),
    fileInput,
    h('label', { for: instrumentId }, 'Vragenlijst'),
    select,
    h('p', {}, button),
    result,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const file = dropped ?? fileInput.files?.[0];
    replace(result);
    if (!file) {
      replace(result, errorBox({ messageNl: 'Kies eerst een bestand.' }));
      fileInput.focus();
      return;
    }
    void busy(button, async () => {
      try {
        const answer = await ctx.api.json<{ respondents: number; unchanged: boolean }>(`${base}/exports`, {
          method: 'POST',
          query: { instrument: select.value },
          bytes: await file.arrayBuffer(),
        });
        announce(
          answer.unchanged
            ? `Dit bestand was al geüpload; er is niets veranderd (${answer.respondents} respondenten).`
            : `Export geaccepteerd: ${answer.respondents} respondenten.`,
        );
        await ctx.rerender();
      } catch (err) {
        replace(result, errorBox(err), err instanceof ApiError ? uploadErrorTable(err, sector) : null);
        result.querySelector<HTMLElement>('[role=alert]')?.setAttribute('tabindex', '-1');
        result.querySelector<HTMLElement>('[role=alert]')?.focus();
      }
    });
  });
  return h(
    'section',
    { 'aria-labelledby': 'upload-h' },
    h('h2', { id: 'upload-h' }, 'Export uploaden'),
    form,
  );
};

/** A 422's row-level errors: regel, kolom, veld, melding. */
const uploadErrorTable = (err: ApiError, _sector: string): HTMLElement | null => {
  if (err.errors.length === 0) return null;
  const count = typeof err.details.errorCount === 'number' ? err.details.errorCount : err.errors.length;
  return h(
    'table',
    { class: 'errors' },
    h(
      'caption',
      {},
      count > err.errors.length
        ? `${count} fouten gevonden; de eerste ${err.errors.length} staan hieronder`
        : `${count} ${count === 1 ? 'fout' : 'fouten'} gevonden`,
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Regel', 'Kolom', 'Veld', 'Melding'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      err.errors.map((r) =>
        h(
          'tr',
          {},
          h('td', { class: 'num' }, r.line ? r.line : 'heel bestand'),
          h('td', { class: 'num' }, r.column ?? '—'),
          h('td', {}, r.field ?? '—'),
          h('td', {}, rowErrorNl(r.code, r.message)),
        ),
      ),
    ),
  );
};

/** The report PDF: fetched with the token and opened from a blob URL (a link cannot carry a header). */
const reportSection = (
  ctx: AppContext,
  base: string,
  schoolId: string,
  schoolYear: string,
  setBar: () => void,
): HTMLElement => {
  const slot = h('div', { id: 'report-result' });
  const button = h('button', { type: 'button', id: 'report-button' }, 'Rapport ophalen (PDF)');
  button.addEventListener('click', () => {
    replace(slot);
    void busy(button, async () => {
      try {
        const res = await ctx.api.raw(`${base}/report`);
        const blob = new Blob([await res.arrayBuffer()], { type: 'application/pdf' });
        markReportChecked(schoolId, schoolYear);
        setBar();
        const size = `PDF, ${Math.ceil(blob.size / 1024)} kB`;
        const link = blobLink(blob, `Rapport openen (${size})`, '', true);
        link.id = 'report-link';
        const download = blobLink(blob, 'Rapport downloaden', `rapport-${schoolId}-${schoolYear}.pdf`);
        replace(slot, h('p', { class: 'actions' }, link, ' ', download));
        announce('Het rapport is klaar om te openen.');
        link.focus();
      } catch (err) {
        replace(slot, errorBox(err));
      }
    });
  });
  return h(
    'section',
    { 'aria-labelledby': 'report-h' },
    h('h2', { id: 'report-h' }, 'Rapport controleren'),
    h(
      'p',
      {},
      'Controleer het rapport (CONCEPT) voordat u toestemming geeft: dit is wat de Inspectie krijgt.',
    ),
    h('p', {}, button),
    slot,
  );
};

const consentSection = (
  ctx: AppContext,
  base: string,
  overview: SchoolYearOverview,
  view: ConsentView,
  setBar: (wizardStep?: number) => void,
): HTMLElement => {
  const section = h('section', { 'aria-labelledby': 'consent-h' });
  const body = h('div', {});
  const consent =
    view.consent?.status === 'active' || view.consent?.status === 'delivered' ? view.consent : null;
  const openWizard = () => {
    replace(
      body,
      renderConsentWizard({
        ctx,
        base,
        school: overview.school,
        schoolYear: overview.schoolYear,
        summary: overview.currentExport?.summary ?? null,
        existing: consent?.status === 'active' ? consent : null,
        onStep: setBar,
        onCancel: () => {
          setBar();
          showState();
          section.querySelector<HTMLElement>('#consent-h')?.focus();
        },
      }),
    );
  };
  const showState = () => {
    if (!consent) {
      const button = h(
        'button',
        { type: 'button', id: 'consent-start', onclick: openWizard },
        'Toestemming geven',
      );
      replace(
        body,
        h('p', {}, 'Er is voor dit schooljaar nog geen toestemming gegeven.'),
        overview.currentExport
          ? h('p', {}, button)
          : h('p', { class: 'hint' }, 'Upload eerst een export; daarna kunt u toestemming geven.'),
      );
      return;
    }
    const info = overview.consent;
    const items = h(
      'dl',
      { class: 'summary' },
      h('dt', {}, 'Status'),
      h('dd', {}, consent.status === 'delivered' ? 'Geleverd' : 'Toestemming gegeven, levering gepland'),
      h('dt', {}, 'Niveau'),
      h('dd', {}, LEVEL_NL[consent.level] ?? consent.level),
      h('dt', {}, 'Leverdatum'),
      h('dd', {}, dateNl(consent.deliveryDate)),
      view.lastChangeDay ? h('dt', {}, 'Te wijzigen tot en met') : null,
      view.lastChangeDay ? h('dd', { id: 'last-change-day' }, dateNl(view.lastChangeDay)) : null,
    );
    const confirmSlot = h('div', {});
    const actions =
      consent.status === 'active' && !view.locked
        ? h(
            'p',
            { class: 'actions' },
            h('button', { type: 'button', id: 'consent-change', onclick: openWizard }, 'Wijzigen'),
            h(
              'button',
              {
                type: 'button',
                id: 'consent-revoke',
                class: 'danger',
                onclick: () =>
                  replace(confirmSlot, revokeConfirm(ctx, base, consent.deliveryDate, confirmSlot)),
              },
              'Intrekken',
            ),
          )
        : consent.status === 'active'
          ? h('p', {}, 'De levering is begonnen; de toestemming kan niet meer worden gewijzigd.')
          : null;
    replace(
      body,
      items,
      view.newerExportAvailable
        ? h(
            'div',
            { class: 'warning' },
            h(
              'p',
              {},
              'Er is een nieuwere export dan die waarvoor toestemming is gegeven. Die wordt pas geleverd als u de toestemming opnieuw opslaat (Wijzigen).',
            ),
          )
        : null,
      info ? warningList(info.warnings) : null,
      actions,
      confirmSlot,
    );
  };
  showState();
  append(section, h('h2', { id: 'consent-h', tabindex: -1 }, 'Toestemming'), body);
  return section;
};

/** Revoking needs a second, explicit click; focus moves to the question so keyboard users hear it. */
const revokeConfirm = (
  ctx: AppContext,
  base: string,
  deliveryDate: string,
  slot: HTMLElement,
): HTMLElement => {
  const errorSlot = h('div', {});
  const yes = h(
    'button',
    { type: 'button', class: 'danger', id: 'revoke-confirm' },
    'Ja, toestemming intrekken',
  );
  const no = h('button', { type: 'button', class: 'secondary' }, 'Nee, terug');
  const question = h(
    'p',
    { tabindex: -1, id: 'revoke-question' },
    `Weet u zeker dat u de toestemming wilt intrekken? De levering op ${dateNl(deliveryDate)} gaat dan niet door.`,
  );
  yes.addEventListener('click', () => {
    void busy(yes, async () => {
      try {
        const out = await ctx.api.json<{ mail: string }>(`${base}/consent`, { method: 'DELETE' });
        announce(
          out.mail === 'sent'
            ? 'De toestemming is ingetrokken. Het bestuur heeft een e-mail gekregen.'
            : 'De toestemming is ingetrokken, maar de e-mail aan het bestuur kon niet worden verstuurd.',
        );
        await ctx.rerender();
      } catch (err) {
        replace(errorSlot, errorBox(err));
      }
    });
  });
  no.addEventListener('click', () => {
    replace(slot);
    document.getElementById('consent-revoke')?.focus();
  });
  const box = h(
    'div',
    { class: 'confirm', role: 'group', 'aria-labelledby': 'revoke-question' },
    question,
    h('p', { class: 'actions' }, yes, no),
    errorSlot,
  );
  queueMicrotask(() => question.focus());
  return box;
};

const historySection = (view: ConsentView): HTMLElement =>
  h(
    'section',
    { 'aria-labelledby': 'history-h' },
    h('h2', { id: 'history-h' }, 'Geschiedenis van de toestemming'),
    view.history.length === 0
      ? h('p', {}, 'Nog geen wijzigingen.')
      : h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Wanneer', 'Wat', 'Door', 'Leverdatum', 'Niveau'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            view.history.map((e) =>
              h(
                'tr',
                {},
                h('td', {}, dateTimeNl(e.at)),
                h('td', {}, ACTION_NL[e.action] ?? e.action),
                h('td', {}, e.after.updatedByName ?? e.actor),
                h('td', {}, dateNl(e.after.deliveryDate)),
                h('td', {}, LEVEL_NL[e.after.level] ?? e.after.level),
              ),
            ),
          ),
        ),
  );

const deliverySection = (d: DeliveryView): HTMLElement =>
  h(
    'section',
    { 'aria-labelledby': 'delivery-h' },
    h('h2', { id: 'delivery-h' }, 'Geleverd'),
    h(
      'p',
      {},
      `Geleverd aan de Inspectie op ${dateTimeNl(d.delivery.deliveredAt)} (leverdatum ${dateNl(d.delivery.deliveryDate)}).`,
    ),
    d.reportUrl
      ? h(
          'p',
          {},
          h(
            'a',
            { href: d.reportUrl, target: '_blank', rel: 'noopener', class: 'button-link' },
            'Geleverd rapport openen (PDF, link 5 minuten geldig)',
          ),
        )
      : null,
    h(
      'table',
      {},
      h('caption', {}, 'Geleverde bestanden'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Bestand', 'Grootte (bytes)', 'SHA-256'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        d.delivery.files.map((f) =>
          h(
            'tr',
            {},
            h('td', {}, f.name),
            h('td', { class: 'num' }, f.bytes),
            h('td', { class: 'hash' }, f.sha256),
          ),
        ),
      ),
    ),
  );
