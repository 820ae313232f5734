/** The steps to delivery across the top of the school year page. */
import { h } from '../../dom.js';

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

/** What the bar is drawn from; the four consent steps are done once consent exists, or as the wizard passes them. */
export interface Progress {
  hasExport: boolean;
  reportChecked: boolean;
  hasConsent: boolean;
  /**
   * The consent's date came without data: nothing was delivered, and the leverdatum onwards is to do again
   * (the consent's choices stand). Absent: false.
   */
  needsNewDate?: boolean;
  delivered: boolean;
}

/** The bar for `progress`, with the wizard at `wizardStep` (0 = niveau … 3 = opslaan; -1 when closed). */
export const progressBar = (progress: Progress, wizardStep = -1): HTMLElement =>
  statusBar([
    progress.hasExport,
    progress.hasConsent || progress.reportChecked,
    ...[0, 1, 2, 3].map((i) => (progress.hasConsent && !(progress.needsNewDate && i > 0)) || i < wizardStep),
    progress.delivered,
  ]);
