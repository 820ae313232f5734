/**
 * "Iemand uitnodigen": e-mailadres, naam, rol and, for a school role, the school. Checked here first (the fields
 * say what is missing), then sent; the API's refusals are shown at the field they are about. The invited
 * person gets a mail with a link that works once, for a week, for that address only.
 */
import { h, uid } from '../../dom.js';
import { type Field, labelledInput } from '../../fields.js';
import {
  BOARD_ROLES,
  invitationRequest,
  isSchoolRole,
  membershipNl,
  ROLE_HINT_NL,
  ROLE_NL,
  SCHOOL_ROLES,
} from '../../people.js';
import type { InvitationSent } from '../../types.js';
import { announce, busy } from '../../ui.js';
import type { PeoplePageContext } from '../board-people.js';
import { apiFieldErrors, errorSlot, showFormErrors } from './form-errors.js';

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const inviteForm = (page: PeoplePageContext): HTMLElement => {
  const email = labelledInput(
    'E-mailadres',
    h('input', { type: 'email', name: 'email', autocomplete: 'off', spellcheck: 'false', maxlength: 254 }),
    'Het adres waarmee deze persoon inlogt; de uitnodiging gaat naar dit adres.',
  );
  const name = labelledInput(
    'Naam',
    h('input', { type: 'text', name: 'name', autocomplete: 'off', maxlength: 200 }),
  );
  const roleSelect = h(
    'select',
    { name: 'role' },
    h('option', { value: '' }, 'Kies een rol'),
    h(
      'optgroup',
      { label: 'Bij een school' },
      SCHOOL_ROLES.map((r) => h('option', { value: r }, capitalised(ROLE_NL[r]))),
    ),
    h(
      'optgroup',
      { label: 'Bij het bestuur' },
      BOARD_ROLES.map((r) => h('option', { value: r }, capitalised(ROLE_NL[r]))),
    ),
  );
  const role = labelledInput('Rol', roleSelect);
  const roleHints = h(
    'ul',
    { class: 'hint', id: uid('role-hints') },
    [...SCHOOL_ROLES, ...BOARD_ROLES].map((r) =>
      h('li', {}, `${capitalised(ROLE_NL[r])}: ${ROLE_HINT_NL[r]}.`),
    ),
  );
  roleSelect.setAttribute('aria-describedby', roleHints.id);
  role.wrap.insertBefore(roleHints, role.field.error);

  const schoolSelect = h(
    'select',
    { name: 'schoolId' },
    h('option', { value: '' }, 'Kies een school'),
    page.schools.map((s) => h('option', { value: s.schoolId }, `${s.name} (${s.schoolId})`)),
  );
  const school = labelledInput('School', schoolSelect);
  const showSchool = () => {
    school.wrap.hidden = !isSchoolRole(roleSelect.value);
  };
  showSchool();
  roleSelect.addEventListener('change', () => {
    role.field.clear();
    showSchool();
  });
  schoolSelect.addEventListener('change', () => school.field.clear());

  const fields: Record<string, Field> = {
    email: email.field,
    name: name.field,
    role: role.field,
    schoolId: school.field,
  };
  const box = errorSlot();
  const button = h('button', { type: 'submit', id: 'invite-submit' }, 'Uitnodiging versturen');
  const form = h(
    'form',
    { class: 'card invite-form', novalidate: true, 'aria-labelledby': 'invite-h' },
    email.wrap,
    name.wrap,
    role.wrap,
    school.wrap,
    box,
    h('p', {}, button),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const checked = invitationRequest({
      email: (email.field.input as HTMLInputElement).value,
      name: (name.field.input as HTMLInputElement).value,
      role: roleSelect.value,
      schoolId: schoolSelect.value,
    });
    if (!checked.ok) {
      showFormErrors(form, fields, box, checked.errors);
      return;
    }
    showFormErrors(form, fields, box, []);
    const body = checked.body;
    void busy(button, async () => {
      try {
        const out = await page.ctx.api.json<InvitationSent>(`${page.base}/invitations`, {
          method: 'POST',
          json: body,
        });
        const as = membershipNl(out.invitation.membership, page.schools);
        announce(
          out.mail === 'sent'
            ? `${body.name} (${body.email}) is uitgenodigd als ${as}. De uitnodiging is per e-mail verstuurd en een week geldig.`
            : `${body.name} (${body.email}) is uitgenodigd als ${as}, maar de e-mail kon niet worden verstuurd. Trek de uitnodiging in en nodig opnieuw uit.`,
        );
        await page.ctx.rerender();
      } catch (err) {
        const errors = apiFieldErrors(err, {
          already_member: 'email',
          already_invited: 'email',
          own_membership: 'email',
          unknown_school: 'schoolId',
        });
        showFormErrors(form, fields, box, errors, err);
      }
    });
  });
  return h(
    'section',
    { 'aria-labelledby': 'invite-h' },
    h('h2', { id: 'invite-h' }, 'Iemand uitnodigen'),
    form,
  );
};
