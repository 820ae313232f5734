/**
 * The sign-in page: one button that goes to the sign-in service (Cognito's, or the local provider), where the
 * person types their school email address and the code they receive by email. No token is ever typed here.
 * A deep link keeps its route through the round trip, so after sign-in the app lands where it pointed.
 */
import { h, uid } from '../dom.js';
import { busy, errorBox, pageHeading } from '../ui.js';

export interface SignInPageInput {
  /** Goes to the provider; only comes back (rejects) when that could not start. */
  signIn: () => Promise<void>;
  /** The person followed a link to a page that needs sign-in. */
  deepLink: boolean;
  /** What that page is, when it needs saying (an invitation link): shown instead of the deep-link sentence. */
  lead?: string;
  /** Why they are here again (a refused sign-in, an expired session), shown as an error with a way to retry. */
  problem?: unknown;
  /** A plain notice (signed out). */
  notice?: string;
}

export const renderSignIn = (input: SignInPageInput): HTMLElement => {
  const explainId = uid('sign-in-explain');
  const errorId = uid('sign-in-error');
  const errorSlot = h('div', {});
  const showProblem = (err: unknown) => {
    const box = errorBox(err, errorId);
    // What the sign-in service itself said (its error_description), for whoever helps them further.
    const detail = (err as { detail?: unknown }).detail;
    if (typeof detail === 'string' && detail) {
      box.append(h('p', { class: 'hint' }, `Melding van de inlogdienst: ${detail}`));
    }
    errorSlot.replaceChildren(box);
  };
  if (input.problem) showProblem(input.problem);
  const button = h(
    'button',
    { type: 'button', 'aria-describedby': explainId, id: 'sign-in-button' },
    'Inloggen',
  );
  button.addEventListener('click', () => {
    errorSlot.replaceChildren();
    void busy(button, input.signIn).catch(showProblem);
  });
  return h(
    'div',
    {},
    pageHeading('Inloggen'),
    input.notice ? h('p', {}, input.notice) : null,
    input.lead
      ? h('p', {}, input.lead)
      : input.deepLink
        ? h('p', {}, 'Log in om de gevraagde pagina te openen.')
        : null,
    h(
      'div',
      { class: 'card' },
      h(
        'p',
        { id: explainId },
        'U logt in met het e-mailadres van uw school of bestuur. U krijgt dan een code per e-mail, die u op ' +
          'de volgende pagina invult. Na het inloggen komt u hier terug.',
      ),
      errorSlot,
      h('p', {}, button),
    ),
  );
};
