/**
 * The consent wizard: niveau → leverdatum → afname → samenvatting. Each step checks its own fields inline
 * before going on; an error the API names a field for (e.g. a date that became too early) goes back to that
 * step and is shown at that field.
 */
import { ApiError } from '../api.js';
import type { AppContext } from '../context.js';
import { append, h, replace, uid } from '../dom.js';
import { Field, radioGroup } from '../fields.js';
import { allowedDeliveryDates, dateNl, LEVEL_NL, leerjaarNl } from '../format.js';
import { codeNl } from '../messages-nl.js';
import type { Administration, Consent, ConsentSaved, ExportSummary, SchoolRef } from '../types.js';
import { announce, busy, errorBox } from '../ui.js';

export interface WizardOptions {
  ctx: AppContext;
  base: string;
  school: SchoolRef;
  schoolYear: string;
  summary: ExportSummary | null;
  existing: Consent | null;
  /** Tells the status bar which wizard step is showing (0 = niveau … 3 = opslaan). */
  onStep: (wizardStep: number) => void;
  onCancel: () => void;
}

const STEP_TITLES = [
  'Stap 1 van 4: niveau',
  'Stap 2 van 4: leverdatum',
  'Stap 3 van 4: afname',
  'Stap 4 van 4: controleren en opslaan',
];
const MODES: Array<[Administration['mode'], string]> = [
  ['online', 'Online'],
  ['papier', 'Op papier'],
  ['gemengd', 'Gemengd'],
];
const SUPERVISION: Array<[Administration['supervision'], string]> = [
  ['leerkracht', 'Leerkracht'],
  ['mentor', 'Mentor'],
  ['anders', 'Iemand anders'],
  ['geen', 'Geen toezicht'],
];

interface Draft {
  level: Consent['level'];
  deliveryDate: string;
  leerjaren: number[];
  from: string;
  to: string;
  mode: Administration['mode'] | '';
  anonymous: 'ja' | 'nee' | '';
  supervision: Administration['supervision'] | '';
  /** Students per group key `onderwijssoort|leerjaar` (onderwijssoort empty in primary). */
  students: Record<string, string>;
  remarks: string;
}

const groupKey = (onderwijssoort: string | null | undefined, leerjaar: number) =>
  `${onderwijssoort ?? ''}|${leerjaar}`;

const draftOf = (existing: Consent | null, summary: ExportSummary | null, school: SchoolRef): Draft => {
  if (existing) {
    const a = existing.administration;
    return {
      level: existing.level,
      deliveryDate: existing.deliveryDate,
      leerjaren: [...a.surveyedLeerjaren],
      from: a.period.from,
      to: a.period.to,
      mode: a.mode,
      anonymous: a.anonymous ? 'ja' : 'nee',
      supervision: a.supervision,
      students: Object.fromEntries(
        a.studentCounts.map((c) => [groupKey(c.onderwijssoort, c.leerjaar), String(c.students)]),
      ),
      remarks: a.remarks ?? '',
    };
  }
  const hasSoorten =
    school.onderwijssoorten.length > 0 && Object.keys(summary?.onderwijssoorten ?? {}).length > 0;
  return {
    level: hasSoorten ? 'onderwijssoort' : 'school',
    deliveryDate: '',
    leerjaren: Object.keys(summary?.leerjaren ?? {}).map(Number),
    from: '',
    to: '',
    mode: '',
    anonymous: '',
    supervision: '',
    students: {},
    remarks: '',
  };
};

const labelled = (label: string, input: HTMLInputElement | HTMLTextAreaElement, hint?: string) => {
  const id = uid('f');
  input.id = id;
  const hintId = hint ? uid('hint') : undefined;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  const field = new Field(input);
  const wrap = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    input,
    field.error,
  );
  return { wrap, field };
};

export const renderConsentWizard = (o: WizardOptions): HTMLElement => {
  const draft = draftOf(o.existing, o.summary, o.school);
  const { min, max } = allowedDeliveryDates(o.ctx.me.today, o.schoolYear);
  const primary = o.school.sector === 'po' || o.school.sector === 'so';
  const groups = (o.summary?.groups ?? [])
    .slice()
    .sort(
      (a, b) => a.leerjaar - b.leerjaar || (a.onderwijssoort ?? '').localeCompare(b.onderwijssoort ?? ''),
    );
  const root = h('div', { class: 'wizard card' });
  let step = 0;
  /** A field named by an API error, to show once its step is rendered. */
  let pending: { field: string; message: string } | null = null;

  const go = (to: number) => {
    step = to;
    o.onStep(step);
    render();
  };

  const form = (children: HTMLElement[], validate: () => boolean) => {
    const back =
      step > 0
        ? h('button', { type: 'button', class: 'secondary', onclick: () => go(step - 1) }, 'Vorige')
        : h('button', { type: 'button', class: 'secondary', onclick: o.onCancel }, 'Annuleren');
    const buttons = h('p', { class: 'actions' }, back, h('button', { type: 'submit' }, 'Volgende'));
    const f = h('form', { novalidate: true }, ...children, buttons);
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      if (validate()) go(step + 1);
      else f.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
    });
    return f;
  };

  const stepLevel = () => {
    const soortenInExport = Object.keys(o.summary?.onderwijssoorten ?? {}).length > 0;
    const canSoort = o.school.onderwijssoorten.length > 0 && soortenInExport;
    const { fieldset, field } = radioGroup<Consent['level']>(
      'Op welk niveau levert u?',
      'level',
      [
        ['school', 'Hele school'],
        ['onderwijssoort', 'Per onderwijssoort', !canSoort],
      ],
      draft.level,
      (v) => {
        draft.level = v;
      },
      canSoort
        ? 'Per onderwijssoort geeft de Inspectie een beeld per havo, vwo, enzovoort.'
        : 'Per onderwijssoort kan niet: de school of de export heeft geen onderwijssoorten.',
    );
    return { children: [fieldset], fields: { level: field }, validate: () => true };
  };

  const stepDate = () => {
    const input = h('input', {
      type: 'date',
      name: 'deliveryDate',
      min,
      max,
      value: draft.deliveryDate,
      required: true,
    });
    const { wrap, field } = labelled(
      'Leverdatum',
      input,
      `Kies een datum van ${dateNl(min)} tot en met ${dateNl(max)}. Tot en met de dag ervoor kunt u nog wijzigen.`,
    );
    const validate = () => {
      field.clear();
      draft.deliveryDate = input.value;
      if (!input.value) field.show('Kies een leverdatum.');
      else if (input.value < min) field.show(`De leverdatum moet op zijn vroegst ${dateNl(min)} zijn.`);
      else if (input.value > max) field.show(`De leverdatum kan uiterlijk ${dateNl(max)} zijn.`);
      else return true;
      return false;
    };
    return { children: [wrap], fields: { deliveryDate: field }, validate };
  };

  const stepAdministration = () => {
    const leerjaarOptions = Object.keys(o.summary?.leerjaren ?? {})
      .map(Number)
      .sort((a, b) => a - b);
    const leerjaarSet = h(
      'fieldset',
      {},
      h('legend', {}, primary ? 'Welke groepen zijn bevraagd?' : 'Welke leerjaren zijn bevraagd?'),
    );
    const leerjaarField = new Field(leerjaarSet);
    const countsSlot = h('div', {});
    for (const l of leerjaarOptions) {
      const id = uid('lj');
      append(
        leerjaarSet,
        h(
          'span',
          { class: 'choice' },
          h('input', {
            type: 'checkbox',
            id,
            value: l,
            checked: draft.leerjaren.includes(l),
            onchange: (e: Event) => {
              const on = (e.target as HTMLInputElement).checked;
              draft.leerjaren = on
                ? [...new Set([...draft.leerjaren, l])]
                : draft.leerjaren.filter((x) => x !== l);
              renderCounts();
            },
          }),
          h('label', { for: id }, leerjaarNl(o.school.sector, l)),
        ),
      );
    }
    append(leerjaarSet, leerjaarField.error);

    const from = labelled(
      'Afgenomen van',
      h('input', { type: 'date', name: 'from', value: draft.from, max: o.ctx.me.today }),
    );
    const to = labelled(
      'Afgenomen tot en met',
      h('input', { type: 'date', name: 'to', value: draft.to, max: o.ctx.me.today }),
    );
    const mode = radioGroup('Hoe is de vragenlijst afgenomen?', 'mode', MODES, draft.mode, (v) => {
      draft.mode = v;
    });
    const anonymous = radioGroup<'ja' | 'nee'>(
      'Was de afname anoniem?',
      'anonymous',
      [
        ['ja', 'Ja'],
        ['nee', 'Nee'],
      ],
      draft.anonymous,
      (v) => {
        draft.anonymous = v;
      },
    );
    const supervision = radioGroup(
      'Wie hield toezicht?',
      'supervision',
      SUPERVISION,
      draft.supervision,
      (v) => {
        draft.supervision = v;
      },
    );
    const remarks = labelled(
      'Opmerkingen (niet verplicht)',
      h('textarea', { name: 'remarks', rows: 3, maxlength: 2000 }),
    );
    (remarks.field.input as HTMLTextAreaElement).value = draft.remarks;

    const countFields = new Map<string, { input: HTMLInputElement; field: Field }>();
    const renderCounts = () => {
      countFields.clear();
      const rows = groups.filter((g) => draft.leerjaren.includes(g.leerjaar));
      replace(
        countsSlot,
        h(
          'fieldset',
          {},
          h('legend', {}, 'Aantal leerlingen per groep'),
          h(
            'p',
            { class: 'hint' },
            'Voor de respons: hoeveel leerlingen zaten in elke bevraagde groep (niet alleen wie meedeed)?',
          ),
          rows.length === 0
            ? h('p', {}, 'Kies eerst de bevraagde leerjaren.')
            : rows.map((g) => {
                const key = groupKey(g.onderwijssoort, g.leerjaar);
                const input = h('input', {
                  type: 'number',
                  name: `students-${key}`,
                  min: 0,
                  max: 10000,
                  step: 1,
                  inputmode: 'numeric',
                  value: draft.students[key] ?? '',
                  oninput: (e: Event) => {
                    draft.students[key] = (e.target as HTMLInputElement).value;
                  },
                });
                const label = `${g.onderwijssoort ? `${g.onderwijssoort}, ` : ''}${leerjaarNl(o.school.sector, g.leerjaar)} (${g.respondents} respondenten)`;
                const { wrap, field } = labelled(label, input);
                countFields.set(key, { input, field });
                return wrap;
              }),
        ),
      );
    };
    renderCounts();

    const validate = () => {
      let ok = true;
      for (const f of [leerjaarField, from.field, to.field, mode.field, anonymous.field, supervision.field])
        f.clear();
      const fail = (f: Field, m: string) => {
        f.show(m);
        ok = false;
      };
      draft.from = (from.field.input as HTMLInputElement).value;
      draft.to = (to.field.input as HTMLInputElement).value;
      draft.remarks = (remarks.field.input as HTMLTextAreaElement).value;
      if (draft.leerjaren.length === 0) fail(leerjaarField, 'Kies minstens één leerjaar.');
      if (!draft.from) fail(from.field, 'Vul de eerste dag van de afname in.');
      if (!draft.to) fail(to.field, 'Vul de laatste dag van de afname in.');
      else if (draft.from && draft.from > draft.to)
        fail(to.field, 'De laatste dag mag niet vóór de eerste dag liggen.');
      if (!draft.mode) fail(mode.field, 'Kies hoe de vragenlijst is afgenomen.');
      if (!draft.anonymous) fail(anonymous.field, 'Kies of de afname anoniem was.');
      if (!draft.supervision) fail(supervision.field, 'Kies wie toezicht hield.');
      for (const { input, field } of countFields.values()) {
        field.clear();
        const n = Number(input.value);
        if (input.value === '' || !Number.isInteger(n) || n < 0 || n > 10000) {
          fail(field, 'Vul een heel aantal leerlingen in (0 tot 10.000).');
        }
      }
      return ok;
    };
    return {
      children: [
        leerjaarSet,
        countsSlot,
        from.wrap,
        to.wrap,
        mode.fieldset,
        anonymous.fieldset,
        supervision.fieldset,
        remarks.wrap,
      ],
      fields: {
        'administration.surveyedLeerjaren': leerjaarField,
        'administration.period.from': from.field,
        'administration.period.to': to.field,
        'administration.period': from.field,
        'administration.mode': mode.field,
        'administration.anonymous': anonymous.field,
        'administration.supervision': supervision.field,
        'administration.studentCounts': leerjaarField,
      } as Record<string, Field>,
      validate,
    };
  };

  const request = () => ({
    level: draft.level,
    deliveryDate: draft.deliveryDate,
    administration: {
      surveyedLeerjaren: [...draft.leerjaren].sort((a, b) => a - b),
      period: { from: draft.from, to: draft.to },
      mode: draft.mode as Administration['mode'],
      anonymous: draft.anonymous === 'ja',
      supervision: draft.supervision as Administration['supervision'],
      studentCounts: groups
        .filter((g) => draft.leerjaren.includes(g.leerjaar))
        .map((g) => ({
          ...(g.onderwijssoort ? { onderwijssoort: g.onderwijssoort } : {}),
          leerjaar: g.leerjaar,
          students: Number(draft.students[groupKey(g.onderwijssoort, g.leerjaar)]),
        })),
      ...(draft.remarks.trim() ? { remarks: draft.remarks.trim() } : {}),
    },
    ...(o.existing ? { version: o.existing.version } : {}),
  });

  /** Which step holds the field an API error names. */
  const stepOfField = (field: string): number =>
    field === 'level' ? 0 : field === 'deliveryDate' ? 1 : field.startsWith('administration') ? 2 : 3;

  const stepSummary = () => {
    const r = request();
    const a = r.administration;
    const errorSlot = h('div', {});
    const save = h(
      'button',
      { type: 'button', id: 'consent-save' },
      o.existing ? 'Wijziging opslaan' : 'Toestemming opslaan',
    );
    save.addEventListener('click', () => {
      replace(errorSlot);
      void busy(save, async () => {
        try {
          const out = await o.ctx.api.json<ConsentSaved>(`${o.base}/consent`, { method: 'PUT', json: r });
          const warn =
            out.warnings.length > 0
              ? ` Let op: ${out.warnings.map((w) => w.messageNl ?? w.message).join(' ')}`
              : '';
          announce(
            `De toestemming is opgeslagen: levering op ${dateNl(out.consent.deliveryDate)}, te wijzigen tot en met ${dateNl(out.lastChangeDay)}. ${
              out.mail === 'sent'
                ? 'Het bestuur heeft een e-mail gekregen.'
                : 'De e-mail aan het bestuur kon niet worden verstuurd; de toestemming is wel opgeslagen.'
            }${warn}`,
          );
          await o.ctx.rerender();
        } catch (err) {
          const field =
            err instanceof ApiError ? (err.field ?? err.errors[0]?.field ?? undefined) : undefined;
          if (field) {
            pending = {
              field,
              message: err instanceof ApiError ? (err.messageNl ?? err.message) : String(err),
            };
            if (err instanceof ApiError && err.code === 'invalid_request' && err.errors[0]) {
              // The domain's own field codes have Dutch texts; zod's generic ones only an English message.
              pending.message =
                codeNl(err.errors[0].code) ?? `Dit veld is niet goed ingevuld (${err.errors[0].message}).`;
            }
            go(stepOfField(field));
            return;
          }
          replace(errorSlot, errorBox(err));
          errorSlot.querySelector<HTMLElement>('[role=alert]')?.setAttribute('tabindex', '-1');
          errorSlot.querySelector<HTMLElement>('[role=alert]')?.focus();
        }
      });
    });
    const groupsText = a.studentCounts
      .map(
        (c) =>
          `${c.onderwijssoort ? `${c.onderwijssoort} ` : ''}${leerjaarNl(o.school.sector, c.leerjaar)}: ${c.students}`,
      )
      .join('; ');
    return h(
      'div',
      {},
      h(
        'dl',
        { class: 'summary' },
        h('dt', {}, 'Niveau'),
        h('dd', {}, LEVEL_NL[r.level] ?? r.level),
        h('dt', {}, 'Leverdatum'),
        h('dd', {}, dateNl(r.deliveryDate)),
        h('dt', {}, primary ? 'Bevraagde groepen' : 'Bevraagde leerjaren'),
        h('dd', {}, a.surveyedLeerjaren.join(', ')),
        h('dt', {}, 'Leerlingen per groep'),
        h('dd', {}, groupsText),
        h('dt', {}, 'Afnameperiode'),
        h('dd', {}, `${dateNl(a.period.from)} tot en met ${dateNl(a.period.to)}`),
        h('dt', {}, 'Afname'),
        h(
          'dd',
          {},
          `${MODES.find(([m]) => m === a.mode)?.[1] ?? a.mode}, ${a.anonymous ? 'anoniem' : 'niet anoniem'}, toezicht: ${SUPERVISION.find(([s]) => s === a.supervision)?.[1] ?? a.supervision}`,
        ),
      ),
      h(
        'p',
        {},
        'Met opslaan geeft u namens het bevoegd gezag toestemming om deze gegevens op de leverdatum aan de Inspectie te leveren.',
      ),
      errorSlot,
      h(
        'p',
        { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => go(step - 1) }, 'Vorige'),
        save,
      ),
    );
  };

  const render = () => {
    const heading = h('h3', { tabindex: -1 }, STEP_TITLES[step] ?? '');
    if (step === 3) {
      replace(root, heading, stepSummary());
    } else {
      const s = step === 0 ? stepLevel() : step === 1 ? stepDate() : stepAdministration();
      replace(root, heading, form(s.children, s.validate));
      if (pending) {
        const f =
          (s.fields as Record<string, { show: (m: string) => void; input: HTMLElement }>)[pending.field] ??
          Object.entries(s.fields as Record<string, { show: (m: string) => void; input: HTMLElement }>).find(
            ([k]) => pending?.field.startsWith(k),
          )?.[1];
        if (f) {
          f.show(pending.message);
          pending = null;
          f.input.focus();
          return;
        }
        replace(root, heading, errorBox({ messageNl: pending.message }), form(s.children, s.validate));
        pending = null;
      }
    }
    heading.focus();
  };

  o.onStep(0);
  render();
  // The first heading can take focus only once the wizard is in the page.
  queueMicrotask(() => root.querySelector<HTMLElement>('h3')?.focus());
  return root;
};
