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
  /** The current export's whole school is below the anonymity threshold: no score is delivered. */
  smallSchool: { respondents: number; minGroupSize: number } | null;
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

/** A required tick: its box, its field (for the error), and the row with its label and error. */
const confirmation = (name: string) => {
  const id = uid(name);
  const box = h('input', { type: 'checkbox', id, name, required: true });
  const field = new Field(box);
  box.addEventListener('change', () => field.clear());
  const row = (label: string) =>
    h('div', {}, h('p', { class: 'choice' }, box, h('label', { for: id }, label)), field.error);
  return { box, field, row };
};

export const stepSummary = (o: SummaryOptions): HTMLElement => {
  const r = o.request;
  const a = r.administration;
  const { sector } = o.school;
  const errorSlot = h('div', {});
  // A school's own person confirms that the bevoegd gezag agreed; the API records it with the consent.
  const confirmNeeded = actsForSchoolOnly(o.ctx.me, o.school);
  const confirm = confirmation('withBoardConsent');
  const confirmBox = confirm.box;
  // The policy goes with the consent as it stands now (the report's "Beleid"): the one saving says it is current.
  const policyConfirm = confirmation('policyCurrent');
  // A small school's delivery has no scores at all: the API wants that confirmed (confirmSmallSchool).
  const smallConfirm = confirmation('confirmSmallSchool');
  const smallOn = o.smallSchool !== null;
  const save = h(
    'button',
    { type: 'button', id: 'consent-save' },
    o.changing ? 'Wijziging opslaan' : 'Toestemming opslaan',
  );
  save.addEventListener('click', () => {
    replace(errorSlot);
    for (const c of [confirm, policyConfirm, smallConfirm]) c.field.clear();
    const missing = [
      smallOn && !smallConfirm.box.checked
        ? { c: smallConfirm, nl: 'Bevestig dat er geen scores worden geleverd.' }
        : null,
      !policyConfirm.box.checked
        ? { c: policyConfirm, nl: 'Bevestig dat het beleid van de school actueel is, of werk het eerst bij.' }
        : null,
      confirmNeeded && !confirmBox.checked
        ? { c: confirm, nl: 'Bevestig dat het bevoegd gezag (het bestuur) toestemming heeft gegeven.' }
        : null,
    ].filter((x) => x !== null);
    for (const m of missing) m.c.field.show(m.nl);
    if (missing[0]) {
      missing[0].c.box.focus();
      return;
    }
    const body = {
      ...r,
      ...(confirmNeeded ? { withBoardConsent: true } : {}),
      ...(smallOn ? { confirmSmallSchool: true } : {}),
    };
    void busy(save, async () => {
      try {
        const out = await o.ctx.api.json<ConsentSaved>(`${o.base}/consent`, { method: 'PUT', json: body });
        announce(savedNl(out));
        await o.ctx.rerender();
      } catch (err) {
        const field = err instanceof ApiError ? (err.field ?? err.errors[0]?.field ?? undefined) : undefined;
        if (err instanceof ApiError && field === 'withBoardConsent') {
          confirm.field.show(fieldErrorNl(err));
          confirmBox.focus();
          return;
        }
        if (err instanceof ApiError && field === 'confirmSmallSchool') {
          // The export changed under the wizard (a smaller upload meanwhile): the page is drawn again with it.
          replace(errorSlot, errorBox(err));
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
    smallOn && o.smallSchool
      ? h(
          'div',
          {},
          h(
            'p',
            { class: 'notice' },
            `De export heeft ${o.smallSchool.respondents} ${o.smallSchool.respondents === 1 ? 'respondent' : 'respondenten'}, minder dan ${o.smallSchool.minGroupSize}: om de anonimiteit van de leerlingen te beschermen worden er geen scores geleverd, ook niet voor de hele school. De Inspectie krijgt wel wie er heeft deelgenomen, hoe de afname ging en de respons.`,
          ),
          smallConfirm.row('Ik begrijp dat er geen scores worden geleverd, en geef toch toestemming.'),
        )
      : null,
    h(
      'div',
      {},
      policyConfirm.row(
        'Het beleid van de school (zie "Beleid" op deze pagina: de coördinator pesten, het veiligheidsplan en de protocollen) is actueel; het wordt zoals het nu is met deze toestemming meegeleverd.',
      ),
    ),
    confirmNeeded
      ? h(
          'div',
          {},
          confirm.row(
            'Ik geef deze toestemming met toestemming van het bevoegd gezag (het bestuur van de school).',
          ),
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
