/**
 * "Verzoeken om toegang": people who signed in through a school of the board (Entree) without a role there.
 * The gebruikersbeheerder approves one with a school role ("Goedkeuren") or refuses it ("Afwijzen", after a
 * confirmation); the person is mailed either way, and the list is loaded again.
 */
import { h, uid } from '../../dom.js';
import { type Field, labelledInput } from '../../fields.js';
import { dateTimeNl } from '../../format.js';
import { joinDecisionRequest, ROLE_HINT_NL, ROLE_NL, SCHOOL_ROLES, schoolNl } from '../../people.js';
import type { JoinDecided, JoinRequest } from '../../types.js';
import { announce, busy } from '../../ui.js';
import type { PeoplePageContext } from '../board-people.js';
import { confirmAction } from './confirm.js';
import { apiFieldErrors, errorSlot, showFormErrors } from './form-errors.js';

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const joinRequestsSection = (page: PeoplePageContext, requests: JoinRequest[]): HTMLElement =>
  h(
    'section',
    { 'aria-labelledby': 'join-h' },
    h('h2', { id: 'join-h' }, `Verzoeken om toegang (${requests.length})`),
    requests.length === 0
      ? h('p', {}, 'Er zijn geen open verzoeken om toegang.')
      : h(
          'div',
          {},
          h(
            'p',
            {},
            'Deze mensen hebben ingelogd via een school van het bestuur, maar hebben daar nog geen rol. ' +
              'Geef ze een rol of wijs het verzoek af; ze krijgen in beide gevallen een e-mail.',
          ),
          h(
            'ul',
            { class: 'people' },
            [...requests]
              .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt))
              .map((r) => requestCard(page, r)),
          ),
        ),
  );

const decide = async (page: PeoplePageContext, r: JoinRequest, body: unknown): Promise<JoinDecided> =>
  page.ctx.api.json<JoinDecided>(`${page.base}/join-requests/${encodeURIComponent(r.sub)}`, {
    method: 'PUT',
    json: body,
  });

const requestCard = (page: PeoplePageContext, r: JoinRequest): HTMLElement => {
  const headingId = uid('join');
  const school = schoolNl(page.schools, r.schoolId);
  const own = page.ctx.me.person?.sub === r.sub;
  const roleSelect = h(
    'select',
    { name: 'role' },
    h('option', { value: '' }, 'Kies een rol'),
    SCHOOL_ROLES.map((role) =>
      h('option', { value: role }, `${capitalised(ROLE_NL[role])} (${ROLE_HINT_NL[role]})`),
    ),
  );
  const role = labelledInput(`Rol bij ${school}`, roleSelect);
  roleSelect.addEventListener('change', () => role.field.clear());
  const fields: Record<string, Field> = { role: role.field };
  const box = errorSlot();
  const approve = h('button', { type: 'submit', 'aria-describedby': headingId }, 'Goedkeuren');
  const refuse = h('button', { type: 'button', class: 'danger', 'aria-describedby': headingId }, 'Afwijzen');
  const slot = h('div', {});
  const actions = h('p', { class: 'actions' }, approve, refuse);
  const form = h(
    'form',
    { class: 'join-decision', novalidate: true, 'aria-labelledby': headingId },
    role.wrap,
    box,
    actions,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const checked = joinDecisionRequest('approve', roleSelect.value);
    if (!checked.ok) {
      showFormErrors(form, fields, box, checked.errors);
      return;
    }
    showFormErrors(form, fields, box, []);
    void busy(approve, async () => {
      try {
        const out = await decide(page, r, checked.body);
        const as = checked.body.decision === 'approve' ? ROLE_NL[checked.body.role] : '';
        announce(
          `${r.name} (${r.email}) is nu ${as} van ${school}.` +
            (out.mail === 'sent' ? ' Er is een e-mail gestuurd.' : ' De e-mail kon niet worden verstuurd.'),
        );
        await page.ctx.rerender();
      } catch (err) {
        showFormErrors(form, fields, box, apiFieldErrors(err), err);
      }
    });
  });
  refuse.addEventListener('click', () => {
    actions.hidden = true;
    slot.replaceChildren(
      refuseConfirm(page, r, () => {
        slot.replaceChildren();
        actions.hidden = false;
        refuse.focus();
      }),
    );
  });
  return h(
    'li',
    { class: 'card person join-request' },
    h('h3', { id: headingId }, r.name),
    h('p', { class: 'email' }, r.email),
    h('p', {}, `Ingelogd via ${school}; gevraagd op ${dateTimeNl(r.requestedAt)}.`),
    own
      ? h(
          'p',
          { class: 'hint' },
          'Dit is uw eigen verzoek; vraag een andere gebruikersbeheerder het te beoordelen.',
        )
      : [form, slot],
  );
};

const refuseConfirm = (page: PeoplePageContext, r: JoinRequest, close: () => void): HTMLElement =>
  confirmAction({
    question:
      `Weet u zeker dat u het verzoek van ${r.name} (${r.email}) wilt afwijzen? Deze persoon krijgt een e-mail ` +
      'dat het verzoek is afgewezen en krijgt geen toegang.',
    yes: `Ja, verzoek van ${r.name} afwijzen`,
    close,
    act: async () => {
      const out = await decide(page, r, { decision: 'refuse' });
      announce(
        `Het verzoek van ${r.name} (${r.email}) is afgewezen.` +
          (out.mail === 'sent' ? ' Er is een e-mail gestuurd.' : ' De e-mail kon niet worden verstuurd.'),
      );
      await page.ctx.rerender();
    },
  });
