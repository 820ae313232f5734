/**
 * A destructive action that needs a second, explicit click: the question gets focus so keyboard and screen-reader
 * users hear it, "Ja, …" runs the action (its error shown and focused in place), "Nee, terug" closes.
 */
import { h, replace, uid } from '../../dom.js';
import { busy, errorBox } from '../../ui.js';

export const confirmAction = (input: {
  question: string;
  yes: string;
  close: () => void;
  /** Runs after "Ja"; a thrown error is shown under the question. */
  act: () => Promise<void>;
}): HTMLElement => {
  const questionId = uid('confirm-q');
  const errors = h('div', {});
  const yes = h('button', { type: 'button', class: 'danger' }, input.yes);
  const no = h('button', { type: 'button', class: 'secondary', onclick: input.close }, 'Nee, terug');
  const question = h('p', { tabindex: -1, id: questionId }, input.question);
  yes.addEventListener('click', () => {
    replace(errors);
    void busy(yes, async () => {
      try {
        await input.act();
      } catch (err) {
        const alert = errorBox(err);
        alert.setAttribute('tabindex', '-1');
        replace(errors, alert);
        alert.focus();
      }
    });
  });
  queueMicrotask(() => question.focus());
  return h(
    'div',
    { class: 'confirm', role: 'group', 'aria-labelledby': questionId },
    question,
    h('p', { class: 'actions' }, yes, no),
    errors,
  );
};
