/** Revoking needs a second, explicit click; focus moves to the question so keyboard users hear it. */
import type { AppContext } from '../../context.js';
import { h, replace } from '../../dom.js';
import { dateNl } from '../../format.js';
import { announce, busy, errorBox } from '../../ui.js';

export const revokeConfirm = (
  ctx: AppContext,
  base: string,
  deliveryDate: string,
  slot: HTMLElement,
): HTMLElement => {
  const errorSlot = h('div', {});
  const yes = h(
    'button',
    { type: 'button', class: 'danger', id: 'revoke-confirm' },
    'Ja, toestemming intrekken',
  );
  const no = h('button', { type: 'button', class: 'secondary' }, 'Nee, terug');
  const question = h(
    'p',
    { tabindex: -1, id: 'revoke-question' },
    `Weet u zeker dat u de toestemming wilt intrekken? De levering op ${dateNl(deliveryDate)} gaat dan niet door.`,
  );
  yes.addEventListener('click', () => {
    void busy(yes, async () => {
      try {
        const out = await ctx.api.json<{ mail: string }>(`${base}/consent`, { method: 'DELETE' });
        announce(
          out.mail === 'sent'
            ? 'De toestemming is ingetrokken. Het bestuur heeft een e-mail gekregen.'
            : 'De toestemming is ingetrokken, maar de e-mail aan het bestuur kon niet worden verstuurd.',
        );
        await ctx.rerender();
      } catch (err) {
        replace(errorSlot, errorBox(err));
      }
    });
  });
  no.addEventListener('click', () => {
    replace(slot);
    // Back to the button that opened the question.
    document.getElementById('consent-revoke')?.focus();
  });
  const box = h(
    'div',
    { class: 'confirm', role: 'group', 'aria-labelledby': 'revoke-question' },
    question,
    h('p', { class: 'actions' }, yes, no),
    errorSlot,
  );
  queueMicrotask(() => question.focus());
  return box;
};
