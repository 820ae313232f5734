/**
 * Step 3, afname: which leerjaren (groepen) were surveyed, how many students each group has, when and how the
 * survey was taken. The count inputs follow the ticked leerjaren, in the order of the body's studentCounts.
 * Before any upload (a `latest` consent) the leerjaren and groups are the school's own, and the survey may
 * still be ahead: its planned period is asked.
 */
import { append, h, replace, uid } from '../../dom.js';
import { Field, labelledInput, radioGroup } from '../../fields.js';
import { isPrimary, leerjaarNl } from '../../format.js';
import type { Administration } from '../../types.js';
import { countRows, type Draft, leerjaarOptions, type WizardFacts, withLeerjaar } from './consent-draft.js';
import type { StepView } from './step.js';

export const MODES: Array<[Administration['mode'], string]> = [
  ['online', 'Online'],
  ['papier', 'Op papier'],
  ['gemengd', 'Gemengd'],
];

export const SUPERVISION: Array<[Administration['supervision'], string]> = [
  ['leerkracht', 'Leerkracht'],
  ['mentor', 'Mentor'],
  ['anders', 'Iemand anders'],
  ['geen', 'Geen toezicht'],
];

export const stepAdministration = (draft: Draft, facts: WizardFacts): StepView => {
  const { sector } = facts.school;
  const noExport = facts.summary === null;
  const leerjaarSet = h(
    'fieldset',
    {},
    h('legend', {}, isPrimary(sector) ? 'Welke groepen zijn bevraagd?' : 'Welke leerjaren zijn bevraagd?'),
  );
  const leerjaarField = new Field(leerjaarSet);
  const countsSlot = h('div', {});
  for (const l of leerjaarOptions(facts)) {
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
            draft.leerjaren = withLeerjaar(draft.leerjaren, l, (e.target as HTMLInputElement).checked);
            renderCounts();
          },
        }),
        h('label', { for: id }, leerjaarNl(sector, l)),
      ),
    );
  }
  append(leerjaarSet, leerjaarField.error);

  // The newest upload on the date may come from a survey not yet (fully) taken: its days may lie ahead, up to
  // the delivery date (the API's period_after_delivery_date); the export now approved was taken by today.
  const lastDay = draft.exportPolicy === 'latest' ? draft.deliveryDate || undefined : facts.today;
  const from = labelledInput(
    'Afgenomen van',
    h('input', { type: 'date', name: 'from', value: draft.from, max: lastDay }),
    draft.exportPolicy === 'latest'
      ? 'Is de vragenlijst nog niet (helemaal) afgenomen? Vul de geplande periode in; die eindigt uiterlijk op de leverdatum.'
      : undefined,
  );
  const to = labelledInput(
    'Afgenomen tot en met',
    h('input', { type: 'date', name: 'to', value: draft.to, max: lastDay }),
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
  const remarksInput = h('textarea', { name: 'remarks', rows: 3, maxlength: 2000 });
  remarksInput.value = draft.remarks;
  const remarks = labelledInput('Opmerkingen (niet verplicht)', remarksInput);

  /** The count inputs of the groups now ticked, by the request field of their count. */
  let countFields: Record<string, Field> = {};
  const renderCounts = () => {
    const rows = countRows(draft, facts);
    countFields = {};
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
        noExport
          ? h(
              'p',
              { class: 'hint' },
              'Er is nog geen upload: de groepen komen uit de onderwijssoorten en leerjaren van de school. Vul het aantal leerlingen in volgens de DUO-telling van 1 oktober; heeft de school een groep niet, vul dan 0 in.',
            )
          : null,
        rows.length === 0
          ? h('p', {}, 'Kies eerst de bevraagde leerjaren.')
          : rows.map((g) => {
              const input = h('input', {
                type: 'number',
                name: `students-${g.key}`,
                min: 0,
                max: 10000,
                step: 1,
                inputmode: 'numeric',
                value: draft.students[g.key] ?? '',
                oninput: (e: Event) => {
                  draft.students[g.key] = (e.target as HTMLInputElement).value;
                },
              });
              const respondents = g.respondents === null ? '' : ` (${g.respondents} respondenten)`;
              const label = `${g.onderwijssoort ? `${g.onderwijssoort}, ` : ''}${leerjaarNl(sector, g.leerjaar)}${respondents}`;
              const { wrap, field } = labelledInput(label, input);
              countFields[g.field] = field;
              return wrap;
            }),
      ),
    );
  };
  renderCounts();

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
    fields: () => ({
      'administration.surveyedLeerjaren': leerjaarField,
      'administration.period.from': from.field,
      'administration.period.to': to.field,
      // An issue with the period as a whole (a key it does not know) is shown at its first day.
      'administration.period': from.field,
      'administration.mode': mode.field,
      'administration.anonymous': anonymous.field,
      'administration.supervision': supervision.field,
      'administration.studentCounts': leerjaarField,
      ...countFields,
      'administration.remarks': remarks.field,
    }),
    read: () => {
      draft.from = (from.field.input as HTMLInputElement).value;
      draft.to = (to.field.input as HTMLInputElement).value;
      draft.remarks = remarksInput.value;
    },
  };
};
