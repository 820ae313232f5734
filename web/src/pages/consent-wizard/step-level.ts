/**
 * Step 1, gegevens en niveau: which export is delivered (the one now approved, or the newest on the delivery
 * date), then the whole school, or per onderwijssoort when the school and its export allow it.
 */
import { append, h, uid } from '../../dom.js';
import { Field, radioGroup } from '../../fields.js';
import { DATA_NL } from '../../format.js';
import type { Consent } from '../../types.js';
import { type Draft, levelAvailable, policyAvailable, type WizardFacts } from './consent-draft.js';
import type { StepView } from './step.js';

/** What each choice means, said under it (and read with it: aria-describedby). */
export const POLICY_EXPLAINED_NL = {
  pinned:
    'Er wordt geleverd wat u nu in het rapport kunt controleren. Een latere upload wordt alleen geleverd als u de toestemming opnieuw opslaat.',
  latest:
    'Er wordt geleverd wat er op de leverdatum is. Komt er na deze toestemming een upload, dan krijgt het bestuur daarover een e-mail. Is er op de leverdatum geen goedgekeurde upload, dan wordt er niets geleverd en kiest u een nieuwe leverdatum.',
} as const;

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The data choice: radio buttons each with its explanation. Not fields.ts's radioGroup, which has one hint for
 * the whole group: here each option's meaning belongs to that option.
 */
const policyChoice = (draft: Draft, facts: WizardFacts): { fieldset: HTMLFieldSetElement; field: Field } => {
  const fieldset = h('fieldset', {}, h('legend', {}, 'Welke gegevens levert u?'));
  const field = new Field(fieldset);
  if (!policyAvailable(facts, 'pinned')) {
    append(
      fieldset,
      h(
        'p',
        { class: 'hint' },
        'Er is nog geen upload om nu goed te keuren: daarom kunt u alleen de nieuwste goedgekeurde upload op de leverdatum kiezen.',
      ),
    );
  }
  for (const policy of ['pinned', 'latest'] as const) {
    const id = uid('exportPolicy');
    const hintId = uid('hint');
    append(
      fieldset,
      h(
        'div',
        { class: 'choice' },
        h('input', {
          type: 'radio',
          id,
          name: 'exportPolicy',
          value: policy,
          checked: draft.exportPolicy === policy,
          disabled: !policyAvailable(facts, policy),
          'aria-describedby': hintId,
          onchange: () => {
            draft.exportPolicy = policy;
          },
        }),
        h('label', { for: id }, capital(DATA_NL[policy])),
        h('p', { class: 'hint', id: hintId }, POLICY_EXPLAINED_NL[policy]),
      ),
    );
  }
  append(fieldset, field.error);
  return { fieldset, field };
};

export const stepLevel = (draft: Draft, facts: WizardFacts): StepView => {
  const canSoort = levelAvailable(facts);
  const policy = policyChoice(draft, facts);
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
    !canSoort
      ? 'Per onderwijssoort kan niet: de school of de export heeft geen onderwijssoorten.'
      : facts.summary
        ? 'Per onderwijssoort geeft de Inspectie een beeld per havo, vwo, enzovoort.'
        : // Before any upload the API checks the school only; the delivery then needs the export to say it.
          'Per onderwijssoort geeft de Inspectie een beeld per havo, vwo, enzovoort. Daarvoor moet de export per leerling de onderwijssoort bevatten; anders wordt er op de leverdatum niets geleverd.',
  );
  return {
    children: [policy.fieldset, fieldset],
    fields: () => ({ exportPolicy: policy.field, level: field }),
    read: () => {},
  };
};
