/**
 * The consent wizard: gegevens en niveau → leverdatum → afname → samenvatting. The answers live in a draft
 * (consent-wizard/consent-draft.ts, no DOM), which also says what keeps a step from going on; each step's
 * module only draws its fields. An error the API names a field for (e.g. a date that became too early) goes
 * back to the step that asks for it and is shown at that field.
 */
import type { AppContext } from '../context.js';
import { h, replace } from '../dom.js';
import { type Field, fieldFor, focusFirstInvalid } from '../fields.js';
import type { Consent, ExportSummary, SchoolRef } from '../types.js';
import { errorBox } from '../ui.js';
import {
  type DraftError,
  finalRequest,
  initialDraft,
  next,
  previous,
  STEP,
  type Step,
  stepOfField,
  type WizardFacts,
} from './consent-wizard/consent-draft.js';
import type { StepView } from './consent-wizard/step.js';
import { stepAdministration } from './consent-wizard/step-administration.js';
import { stepDate } from './consent-wizard/step-date.js';
import { stepLevel } from './consent-wizard/step-level.js';
import { stepSummary } from './consent-wizard/step-summary.js';

export interface WizardOptions {
  ctx: AppContext;
  base: string;
  school: SchoolRef;
  schoolYear: string;
  /** The current export's summary; null before any upload (the wizard then offers only `latest`). */
  summary: ExportSummary | null;
  /** The current export's whole school is below the anonymity threshold (no score is delivered); else null. */
  smallSchool: { respondents: number; minGroupSize: number } | null;
  existing: Consent | null;
  /** Past 1 July: the catch-up window in effect (the school year's `window`), or null. */
  window: { until: string } | null;
  /** Tells the status bar which wizard step is showing (0 = niveau … 3 = opslaan). */
  onStep: (wizardStep: number) => void;
  onCancel: () => void;
}

const STEP_TITLES = [
  'Stap 1 van 4: gegevens en niveau',
  'Stap 2 van 4: leverdatum',
  'Stap 3 van 4: afname',
  'Stap 4 van 4: controleren en opslaan',
];

/** Shows each error at its field; returns those with no field in this step. */
const showErrors = (errors: readonly DraftError[], fields: Record<string, Field>): DraftError[] =>
  errors.filter((e) => {
    const field = fieldFor(fields, e.field);
    field?.show(e.message);
    return !field;
  });

export const renderConsentWizard = (o: WizardOptions): HTMLElement => {
  const facts: WizardFacts = {
    school: o.school,
    schoolYear: o.schoolYear,
    today: o.ctx.me.today,
    summary: o.summary,
    existing: o.existing,
    window: o.window,
  };
  const draft = initialDraft(facts);
  const root = h('div', { class: 'wizard card' });
  let step: Step = STEP.level;
  /** Errors to show once their step is drawn: from the API after a save, or found again at the summary. */
  let pending: DraftError[] = [];

  const go = (to: Step) => {
    step = to;
    o.onStep(step);
    render();
  };

  /** Errors for a field of another step: open that step and show them there. */
  const goToErrors = (errors: DraftError[]) => {
    const first = errors[0];
    if (!first) return;
    pending = errors.filter((e) => stepOfField(e.field) === stepOfField(first.field));
    go(stepOfField(first.field));
  };

  /** A box with the messages of errors that have no field to be shown at. */
  const notice = (errors: readonly DraftError[]) =>
    errorBox({ messageNl: errors.map((e) => e.message).join(' ') });
  const backButton = () =>
    h('button', { type: 'button', class: 'secondary', onclick: () => go(previous(step)) }, 'Vorige');

  const form = (view: StepView) => {
    const back =
      step > STEP.level
        ? backButton()
        : h('button', { type: 'button', class: 'secondary', onclick: o.onCancel }, 'Annuleren');
    const buttons = h('p', { class: 'actions' }, back, h('button', { type: 'submit' }, 'Volgende'));
    const f = h('form', { novalidate: true }, ...view.children, buttons);
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      view.read();
      const fields = view.fields();
      for (const field of Object.values(fields)) field.clear();
      const outcome = next(step, draft, facts);
      if (outcome.errors.length === 0) {
        go(outcome.step);
        return;
      }
      const unplaced = showErrors(outcome.errors, fields);
      if (unplaced.length > 0) replace(root, root.firstElementChild, notice(unplaced), f);
      focusFirstInvalid(f);
    });
    return f;
  };

  /** The summary of a body the schema accepts; null when an earlier step's answer no longer holds. */
  const summary = (): HTMLElement | null => {
    const request = finalRequest(draft, facts);
    if (request.ok) {
      return stepSummary({
        ctx: o.ctx,
        base: o.base,
        school: o.school,
        request: request.body,
        hasExport: facts.summary !== null,
        changing: Boolean(o.existing),
        smallSchool: o.smallSchool,
        back: backButton(),
        onFieldError: (field, message) => goToErrors([{ field, message }]),
      });
    }
    const first = request.errors[0];
    if (first && stepOfField(first.field) !== STEP.summary) {
      goToErrors(request.errors);
      return null;
    }
    // Only what no step asks for (e.g. the version): nothing to correct here but to go back.
    return h('div', {}, notice(request.errors), h('p', { class: 'actions' }, backButton()));
  };

  const render = () => {
    const heading = h('h3', { tabindex: -1 }, STEP_TITLES[step] ?? '');
    if (step === STEP.summary) {
      const content = summary();
      // Not drawn: its step is showing instead, with the answer that no longer holds.
      if (!content) return;
      replace(root, heading, pending.length > 0 ? notice(pending) : null, content);
      pending = [];
      heading.focus();
      return;
    }
    const view =
      step === STEP.level
        ? stepLevel(draft, facts)
        : step === STEP.deliveryDate
          ? stepDate(draft, facts)
          : stepAdministration(draft, facts);
    const f = form(view);
    replace(root, heading, f);
    if (pending.length > 0) {
      const unplaced = showErrors(pending, view.fields());
      pending = [];
      if (unplaced.length === 0) {
        focusFirstInvalid(f);
        return;
      }
      replace(root, heading, notice(unplaced), f);
    }
    heading.focus();
  };

  o.onStep(STEP.level);
  render();
  // The first heading can take focus only once the wizard is in the page.
  queueMicrotask(() => root.querySelector<HTMLElement>('h3')?.focus());
  return root;
};
