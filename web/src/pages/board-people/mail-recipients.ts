/**
 * "Wie krijgt de mails van het bestuur?": the board's people with a role at the board itself as checkboxes.
 * Saving sends the ticked ones (`PUT …/mail-recipients`); none ticked goes back to the addresses the operator
 * registered the board with. The answer says where the mails go now.
 */
import { h, replace, uid } from '../../dom.js';
import { Field } from '../../fields.js';
import { mailCandidates, mailRecipientsNl, mailRecipientsRequest } from '../../people.js';
import type { BoardPerson, MailRecipients, MailRecipientsSaved } from '../../types.js';
import { announce, busy } from '../../ui.js';
import type { PeoplePageContext } from '../board-people.js';
import { apiFieldErrors, errorSlot, showFormErrors } from './form-errors.js';

export const mailRecipientsSection = (
  page: PeoplePageContext,
  people: BoardPerson[],
  current: MailRecipients,
): HTMLElement => {
  const candidates = mailCandidates(people);
  const nowId = uid('mail-now');
  const now = h('p', { id: nowId, class: 'mail-now' }, mailRecipientsNl(current));
  const heading = h('h2', { id: 'mail-h' }, 'Wie krijgt de mails van het bestuur?');
  const intro = h(
    'p',
    {},
    'De mails over toestemming, levering en herinneringen gaan naar de mensen die u hier aanvinkt. Alleen mensen ' +
      'met een rol bij het bestuur zelf (bestuurder of gebruikersbeheerder) kunnen ze krijgen. Vinkt u niemand ' +
      'aan, dan gaan ze naar de adressen waarmee het bestuur is aangemeld.',
  );
  if (candidates.length === 0) {
    return h(
      'section',
      { 'aria-labelledby': 'mail-h' },
      heading,
      h('p', {}, 'Er heeft nog niemand een rol bij het bestuur zelf.'),
      now,
    );
  }
  const set = h('fieldset', { 'aria-describedby': nowId }, h('legend', {}, 'Ontvangers van de mails'));
  const field = new Field(set);
  const boxes = candidates.map((p) => {
    const id = uid('mail-to');
    const box = h('input', {
      type: 'checkbox',
      id,
      name: 'subs',
      value: p.sub,
      checked: current.subs.includes(p.sub),
    });
    box.addEventListener('change', () => field.clear());
    set.append(h('p', { class: 'choice' }, box, h('label', { for: id }, `${p.name} (${p.email})`)));
    return box;
  });
  set.append(field.error);
  const box = errorSlot();
  const save = h('button', { type: 'submit' }, 'Ontvangers opslaan');
  const form = h(
    'form',
    { class: 'card mail-recipients', novalidate: true, 'aria-labelledby': 'mail-h' },
    set,
    box,
    h('p', { class: 'actions' }, save),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    showFormErrors(form, { subs: field }, box, []);
    const body = mailRecipientsRequest(boxes.filter((b) => b.checked).map((b) => b.value));
    void busy(save, async () => {
      try {
        const out = await page.ctx.api.json<MailRecipientsSaved>(`${page.base}/mail-recipients`, {
          method: 'PUT',
          json: body,
        });
        const text = mailRecipientsNl(out);
        replace(now, text);
        for (const b of boxes) b.checked = out.subs.includes(b.value);
        announce(`De ontvangers zijn opgeslagen. ${text}`);
      } catch (err) {
        showFormErrors(form, { subs: field }, box, apiFieldErrors(err, { not_a_board_person: 'subs' }), err);
      }
    });
  });
  return h('section', { 'aria-labelledby': 'mail-h' }, heading, intro, form, now);
};
