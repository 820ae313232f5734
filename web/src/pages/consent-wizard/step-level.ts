/** Step 1, niveau: the whole school, or per onderwijssoort when the school and its export allow it. */
import { radioGroup } from '../../fields.js';
import type { Consent } from '../../types.js';
import { type Draft, levelAvailable, type WizardFacts } from './consent-draft.js';
import type { StepView } from './step.js';

export const stepLevel = (draft: Draft, facts: WizardFacts): StepView => {
  const canSoort = levelAvailable(facts);
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
  return { children: [fieldset], fields: () => ({ level: field }), read: () => {} };
};
