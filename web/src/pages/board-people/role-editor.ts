/**
 * "Rollen wijzigen" for one person: the board's roles as checkboxes (independent of each other), and per school
 * of the board one role or none. Saving sends all of them at once (`PUT …/people/{sub}`): what is not chosen ends.
 */
import { h, uid } from '../../dom.js';
import { Field } from '../../fields.js';
import {
  BOARD_ROLES,
  editorSchools,
  membershipsRequest,
  ROLE_HINT_NL,
  ROLE_NL,
  type RoleChoice,
  roleChoiceOf,
  SCHOOL_ROLES,
  type SchoolRole,
} from '../../people.js';
import type { BoardPerson } from '../../types.js';
import { announce, busy } from '../../ui.js';
import type { PeoplePageContext } from '../board-people.js';
import { apiFieldErrors, errorSlot, showFormErrors } from './form-errors.js';

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const roleEditor = (page: PeoplePageContext, person: BoardPerson, close: () => void): HTMLElement => {
  const schools = editorSchools(page.schools, person.memberships);
  const choice: RoleChoice = roleChoiceOf(person.memberships, schools);
  const headingId = uid('roles-h');

  const boardSet = h('fieldset', {}, h('legend', {}, `Rollen bij ${page.boardName}`));
  const boardField = new Field(boardSet);
  for (const r of BOARD_ROLES) {
    const id = uid('board-role');
    const box = h('input', {
      type: 'checkbox',
      id,
      name: 'boardRole',
      value: r,
      checked: choice.board.includes(r),
    });
    box.addEventListener('change', () => {
      choice.board = box.checked ? [...choice.board, r] : choice.board.filter((x) => x !== r);
      boardField.clear();
    });
    boardSet.append(
      h(
        'p',
        { class: 'choice' },
        box,
        h('label', { for: id }, `${capitalised(ROLE_NL[r])} (${ROLE_HINT_NL[r]})`),
      ),
    );
  }
  boardSet.append(boardField.error);

  const schoolSet = h('fieldset', {}, h('legend', {}, 'Rol per school'));
  for (const s of schools) {
    const id = uid('school-role');
    const select = h(
      'select',
      { id, name: `school-${s.schoolId}` },
      h('option', { value: '' }, 'Geen rol'),
      SCHOOL_ROLES.map((r) =>
        h('option', { value: r, selected: choice.schools[s.schoolId] === r }, capitalised(ROLE_NL[r])),
      ),
    );
    select.addEventListener('change', () => {
      choice.schools[s.schoolId] = select.value as SchoolRole | '';
      boardField.clear();
    });
    schoolSet.append(
      h('div', { class: 'field' }, h('label', { for: id }, `${s.name} (${s.schoolId})`), select),
    );
  }
  if (schools.length === 0)
    schoolSet.append(h('p', { class: 'hint' }, 'Dit bestuur heeft (nog) geen scholen.'));

  // A choice of no role at all, and the board's last gebruikersbeheerder, are about the whole set of roles.
  const fields: Record<string, Field> = { memberships: boardField };
  const box = errorSlot();
  const save = h('button', { type: 'submit' }, 'Rollen opslaan');
  const cancel = h('button', { type: 'button', class: 'secondary', onclick: close }, 'Annuleren');
  const form = h(
    'form',
    { class: 'role-editor', novalidate: true, 'aria-labelledby': headingId },
    h('h4', { id: headingId, tabindex: -1 }, `Rollen van ${person.name} wijzigen`),
    boardSet,
    schoolSet,
    box,
    h('p', { class: 'actions' }, save, cancel),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const checked = membershipsRequest(choice);
    if (!checked.ok) {
      showFormErrors(form, fields, box, checked.errors);
      return;
    }
    showFormErrors(form, fields, box, []);
    void busy(save, async () => {
      try {
        await page.ctx.api.json(`${page.base}/people/${encodeURIComponent(person.sub)}`, {
          method: 'PUT',
          json: checked.body,
        });
        announce(`De rollen van ${person.name} zijn gewijzigd; ze gelden vanaf het volgende verzoek.`);
        await page.ctx.rerender();
      } catch (err) {
        showFormErrors(form, fields, box, apiFieldErrors(err, { last_administrator: 'memberships' }), err);
      }
    });
  });
  queueMicrotask(() => form.querySelector<HTMLElement>('h4')?.focus());
  return form;
};
