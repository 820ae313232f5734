/** Step 2, leverdatum: the date picker offers only the days the API accepts today. */
import { h } from '../../dom.js';
import { labelledInput } from '../../fields.js';
import { allowedDeliveryDates, dateNl } from '../../format.js';
import type { Draft, WizardFacts } from './consent-draft.js';
import type { StepView } from './step.js';

export const stepDate = (draft: Draft, facts: WizardFacts): StepView => {
  const { min, max } = allowedDeliveryDates(facts.today, facts.schoolYear, facts.window);
  const input = h('input', {
    type: 'date',
    name: 'deliveryDate',
    min,
    max,
    value: draft.deliveryDate,
    required: true,
  });
  const { wrap, field } = labelledInput(
    'Leverdatum',
    input,
    `Kies een datum van ${dateNl(min)} tot en met ${dateNl(max)}. Tot en met de dag ervoor kunt u nog wijzigen.` +
      // Past 1 July only a catch-up window lets consent through: its last day is the limit, and it is late.
      (facts.window
        ? ' Dit is de herstelperiode: de levering wordt een nalevering, na de uiterste leverdatum van 1 juli.'
        : '') +
      // What is delivered is what is there on the date: say so where the date is chosen.
      (draft.exportPolicy === 'latest'
        ? ' Geleverd wordt de nieuwste goedgekeurde upload van die dag: zorg dat de export er dan is.'
        : ''),
  );
  return {
    children: [wrap],
    fields: () => ({ deliveryDate: field }),
    read: () => {
      draft.deliveryDate = input.value;
    },
  };
};
