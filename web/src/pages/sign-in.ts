/** Sign in by pasting a token. A deep link keeps its hash, so after sign-in the app lands where it pointed. */
import { h, uid } from '../dom.js';
import { busy, errorBox, pageHeading } from '../ui.js';

export const renderSignIn = (signIn: (token: string) => Promise<void>, deepLink: boolean): HTMLElement => {
  const inputId = uid('token');
  const hintId = uid('token-hint');
  const errorId = uid('token-error');
  const input = h('input', {
    id: inputId,
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': hintId,
  });
  const errorSlot = h('div', {});
  const button = h('button', { type: 'submit' }, 'Inloggen');
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h('label', { for: inputId }, 'Toegangscode'),
    h(
      'p',
      { id: hintId, class: 'hint' },
      'Plak de toegangscode die u van uw beheerder kreeg (begint met msv_). Hij blijft alleen in dit tabblad bewaard.',
    ),
    input,
    errorSlot,
    h('p', {}, button),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const token = input.value.trim();
    errorSlot.replaceChildren();
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', hintId);
    const fail = (err: unknown) => {
      errorSlot.replaceChildren(errorBox(err, errorId));
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${hintId} ${errorId}`);
      input.focus();
    };
    if (!token) {
      fail({ messageNl: 'Vul uw toegangscode in.' });
      return;
    }
    void busy(button, () => signIn(token)).catch(fail);
  });
  return h(
    'div',
    {},
    pageHeading('Inloggen'),
    deepLink ? h('p', {}, 'Log in om de gevraagde pagina te openen.') : null,
    form,
  );
};
