/** "Verwijderen" needs a second, explicit click; focus moves to the question so keyboard users hear it. */
import { h, replace, uid } from '../../dom.js';
import type { BoardPerson } from '../../types.js';
import { announce, busy, errorBox } from '../../ui.js';
import type { PeoplePageContext } from '../board-people.js';

export const removeConfirm = (
  page: PeoplePageContext,
  person: BoardPerson,
  close: () => void,
): HTMLElement => {
  const questionId = uid('remove-q');
  const errors = h('div', {});
  const yes = h('button', { type: 'button', class: 'danger' }, `Ja, ${person.name} verwijderen`);
  const no = h('button', { type: 'button', class: 'secondary', onclick: close }, 'Nee, terug');
  const question = h(
    'p',
    { tabindex: -1, id: questionId },
    `Weet u zeker dat u ${person.name} (${person.email}) wilt verwijderen? Alle rollen bij ${page.boardName} ` +
      'en zijn scholen vervallen; vanaf het volgende verzoek heeft deze persoon geen toegang meer.',
  );
  yes.addEventListener('click', () => {
    replace(errors);
    void busy(yes, async () => {
      try {
        await page.ctx.api.json(`${page.base}/people/${encodeURIComponent(person.sub)}`, {
          method: 'DELETE',
        });
        announce(`${person.name} (${person.email}) is verwijderd en heeft geen toegang meer.`);
        await page.ctx.rerender();
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
