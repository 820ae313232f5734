/**
 * Step 4, controleren en opslaan: the answers as the API will get them, and the save. What the API refuses
 * about one field goes back to the wizard (`onFieldError`), which opens the step that asks for it.
 */
import { ApiError } from '../../api.js';
import { type AppContext, actsForSchoolOnly } from '../../context.js';
import { h, replace, uid } from '../../dom.js';
import { Field } from '../../fields.js';
import { DATA_NL, dateNl, isPrimary, LEVEL_NL, leerjaarNl } from '../../format.js';
import { codeNl } from '../../messages-nl.js';
import type { ConsentSaved, SchoolRef } from '../../types.js';
import { announce, busy, errorBox } from '../../ui.js';
import { reportButton } from '../school-year/report.js';
import type { ConsentRequest } from './consent-draft.js';
import { MODES, SUPERVISION } from './step-administration.js';

export interface SummaryOptions {
  ctx: AppContext;
  base: string;
  school: SchoolRef;
  request: ConsentRequest;
  /** Whether there is an upload: without one there is no report to check yet. */
  hasExport: boolean;
  /** Whether an existing consent is changed (the button says so). */
  changing: boolean;
  /** The "Vorige" button, the wizard's own. */
  back: HTMLButtonElement;
  onFieldError: (field: string, message: string) => void;
}

/** The Dutch to show at the field an API error names. */
const fieldErrorNl = (err: ApiError): string => {
  const first = err.errors[0];
  // The domain's own field codes have Dutch texts; zod's generic ones only an English message.
  if (err.code === 'invalid_request' && first) {
    return codeNl(first.code) ?? `Dit veld is niet goed ingevuld (${first.message}).`;
  }
  return err.messageNl ?? err.message;
};

const savedNl = (out: ConsentSaved): string => {
  const warn =
    out.warnings.length > 0 ? ` Let op: ${out.warnings.map((w) => w.messageNl ?? w.message).join(' ')}` : '';
  const mail =
    out.mail === 'sent'
      ? 'Het bestuur heeft een e-mail gekregen.'
      : 'De e-mail aan het bestuur kon niet worden verstuurd; de toestemming is wel opgeslagen.';
  // No representativeness: a latest consent given before any upload, which delivers nothing without one.
  const noData =
    out.representativeness === null
      ? ' Er is nog geen upload: zorg dat de export er vóór de leverdatum is, anders wordt er niets geleverd.'
      : '';
  return `De toestemming is opgeslagen: levering op ${dateNl(out.consent.deliveryDate)}, te wijzigen tot en met ${dateNl(out.lastChangeDay)}. ${mail}${noData}${warn}`;
};

export const stepSummary = (o: SummaryOptions): HTMLElement => {
  const r = o.request;
  const a = r.administration;
  const { sector } = o.school;
  const errorSlot = h('div', {});
  // A school's own person confirms that the bevoegd gezag agreed; the API records it with the consent.
  const confirmNeeded = actsForSchoolOnly(o.ctx.me, o.school);
  const confirmId = uid('board-consent');
  const confirmBox = h('input', {
    type: 'checkbox',
    id: confirmId,
    name: 'withBoardConsent',
    required: true,
  });
  const confirm = new Field(confirmBox);
  confirmBox.addEventListener('change', () => confirm.clear());
  const save = h(
    'button',
    { type: 'button', id: 'consent-save' },
    o.changing ? 'Wijziging opslaan' : 'Toestemming opslaan',
  );
  save.addEventListener('click', () => {
    replace(errorSlot);
    confirm.clear();
    if (confirmNeeded && !confirmBox.checked) {
      confirm.show('Bevestig dat het bevoegd gezag (het bestuur) toestemming heeft gegeven.');
      confirmBox.focus();
      return;
    }
    const body = confirmNeeded ? { ...r, withBoardConsent: true } : r;
    void busy(save, async () => {
      try {
        const out = await o.ctx.api.json<ConsentSaved>(`${o.base}/consent`, { method: 'PUT', json: body });
        announce(savedNl(out));
        await o.ctx.rerender();
      } catch (err) {
        const field = err instanceof ApiError ? (err.field ?? err.errors[0]?.field ?? undefined) : undefined;
        if (err instanceof ApiError && field === 'withBoardConsent') {
          confirm.show(fieldErrorNl(err));
          confirmBox.focus();
          return;
        }
        if (err instanceof ApiError && field) {
          o.onFieldError(field, fieldErrorNl(err));
          return;
        }
        replace(errorSlot, errorBox(err));
        errorSlot.querySelector<HTMLElement>('[role=alert]')?.setAttribute('tabindex', '-1');
        errorSlot.querySelector<HTMLElement>('[role=alert]')?.focus();
      }
    });
  });
  const preview = reportButton(
    {
      ctx: o.ctx,
      base: o.base,
      level: r.level,
      id: 'summary-report',
      fileName: `rapport-${o.school.schoolId}-${r.level}.pdf`,
    },
    `Rapport ${LEVEL_NL[r.level] ?? r.level} ophalen (PDF)`,
  );
  const policy = r.exportPolicy ?? 'pinned';
  const groupsText = a.studentCounts
    .map(
      (c) =>
        `${c.onderwijssoort ? `${c.onderwijssoort} ` : ''}${leerjaarNl(sector, c.leerjaar)}: ${c.students}`,
    )
    .join('; ');
  const modeNl = MODES.find(([m]) => m === a.mode)?.[1] ?? a.mode;
  const supervisionNl = SUPERVISION.find(([s]) => s === a.supervision)?.[1] ?? a.supervision;
  return h(
    'div',
    {},
    h(
      'dl',
      { class: 'summary' },
      h('dt', {}, 'Te leveren gegevens'),
      h('dd', {}, DATA_NL[policy]),
      h('dt', {}, 'Niveau'),
      h('dd', {}, LEVEL_NL[r.level] ?? r.level),
      h('dt', {}, 'Leverdatum'),
      h('dd', {}, dateNl(r.deliveryDate)),
      h('dt', {}, isPrimary(sector) ? 'Bevraagde groepen' : 'Bevraagde leerjaren'),
      h('dd', {}, a.surveyedLeerjaren.join(', ')),
      h('dt', {}, 'Leerlingen per groep'),
      h('dd', {}, groupsText),
      h('dt', {}, 'Afnameperiode'),
      h('dd', {}, `${dateNl(a.period.from)} tot en met ${dateNl(a.period.to)}`),
      h('dt', {}, 'Afname'),
      h('dd', {}, `${modeNl}, ${a.anonymous ? 'anoniem' : 'niet anoniem'}, toezicht: ${supervisionNl}`),
    ),
    // The page's own report button shows the consent's level, or the whole school before any consent: here the
    // level this consent will deliver, so what is checked is what is given consent for.
    ...(o.hasExport
      ? [
          h(
            'p',
            {},
            policy === 'latest'
              ? 'Controleer het rapport zoals het nu op dit niveau geleverd zou worden (een latere upload verandert het):'
              : 'Controleer het rapport zoals het op dit niveau geleverd wordt:',
          ),
          h('p', {}, preview.button),
          preview.slot,
        ]
      : [
          h(
            'p',
            {},
            'Er is nog geen upload, dus nog geen rapport om te controleren. Het bestuur krijgt een e-mail zodra er een upload is; het rapport staat dan op deze pagina.',
          ),
        ]),
    confirmNeeded
      ? h(
          'div',
          {},
          h(
            'p',
            { class: 'choice' },
            confirmBox,
            h(
              'label',
              { for: confirmId },
              'Ik geef deze toestemming met toestemming van het bevoegd gezag (het bestuur van de school).',
            ),
          ),
          confirm.error,
          h(
            'p',
            {},
            'Met opslaan geeft u, met toestemming van het bevoegd gezag, toestemming om deze gegevens op de leverdatum aan de Inspectie te leveren.',
          ),
        )
      : h(
          'p',
          {},
          'Met opslaan geeft u namens het bevoegd gezag toestemming om deze gegevens op de leverdatum aan de Inspectie te leveren.',
        ),
    errorSlot,
    h('p', { class: 'actions' }, o.back, save),
  );
};
