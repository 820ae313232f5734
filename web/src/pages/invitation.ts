/**
 * `#/uitnodiging/{secret}`: the link of an invitation mail, for a person who is signed in (the app shell shows
 * the sign-in page first, keeping this route through the round trip). "Uitnodiging accepteren" sends the secret
 * in the body of `POST /invitations/accept`; it is never in a path or query, so no server log or Referer holds
 * it. Once accepted the address bar loses it (history.replaceState) and the start page shows the new school or
 * board, from `GET /me` asked again.
 */
import { ApiError } from '../api.js';
import type { AppContext } from '../context.js';
import { h, replace } from '../dom.js';
import { acceptedNl, isInvitationSecret, type SchoolOption } from '../people.js';
import type { InvitationAccepted } from '../types.js';
import { announce, busy, errorBox, pageHeading } from '../ui.js';

/** The address without the secret: the start page. */
const addressWithoutSecret = (): string => `${location.pathname}${location.search}#/`;

export const renderInvitation = (ctx: AppContext, secret: string): HTMLElement => {
  const home = h('p', {}, h('a', { href: '#/' }, 'Naar het begin'));
  if (!isInvitationSecret(secret)) {
    return h(
      'div',
      {},
      pageHeading('Uitnodiging'),
      errorBox({
        messageNl:
          'Deze link is niet compleet. Open de link in de uitnodigingsmail opnieuw; past hij niet op één regel, ' +
          'kopieer hem dan helemaal naar de adresbalk.',
      }),
      home,
    );
  }
  const who = ctx.me.person;
  const slot = h('div', {});
  const button = h('button', { type: 'button', id: 'invitation-accept' }, 'Uitnodiging accepteren');
  const showProblem = (err: unknown) => {
    const box = errorBox(err);
    box.setAttribute('tabindex', '-1');
    const code = err instanceof ApiError ? err.code : '';
    if (code === 'invitation_other_address') {
      const signOut = h('button', { type: 'button', class: 'secondary' }, 'Uitloggen');
      signOut.addEventListener('click', () => void busy(signOut, ctx.signOut));
      box.append(
        h(
          'p',
          {},
          `U bent ingelogd als ${who?.email ?? 'iemand anders'}. Log uit, open daarna de link in de uitnodigingsmail ` +
            'opnieuw en log in met het e-mailadres waarop u de uitnodiging kreeg.',
        ),
        h('p', {}, signOut),
      );
    } else if (code === 'invitation_used') {
      box.append(
        h(
          'p',
          {},
          'Heeft u de uitnodiging zelf al geaccepteerd? Dan staat de school of het bestuur op de startpagina.',
        ),
      );
    } else if (code === 'invitation_not_found') {
      box.append(
        h(
          'p',
          {},
          'Misschien is de uitnodiging ingetrokken. Vraag de gebruikersbeheerder van uw bestuur om een nieuwe.',
        ),
      );
    }
    replace(slot, box);
    box.focus();
  };
  button.addEventListener('click', () => {
    replace(slot);
    void busy(button, async () => {
      let out: InvitationAccepted;
      try {
        out = await ctx.api.json<InvitationAccepted>('/invitations/accept', {
          method: 'POST',
          json: { secret },
        });
      } catch (err) {
        showProblem(err);
        return;
      }
      // Used up: the secret leaves the address bar (and this history entry) before anything else.
      history.replaceState(null, '', addressWithoutSecret());
      let me: { schools: SchoolOption[] } = { schools: [] };
      try {
        me = await ctx.refreshMe();
      } catch {
        // The start page asks again and shows what went wrong.
      }
      announce(`De uitnodiging is geaccepteerd. ${acceptedNl(out, me.schools)}`);
      await ctx.rerender();
    });
  });
  return h(
    'div',
    {},
    pageHeading('Uitnodiging'),
    h(
      'p',
      {},
      'U bent uitgenodigd voor Monitoring Sociale Veiligheid (msv). Met het accepteren krijgt u de rol die in de ' +
        'uitnodigingsmail staat.',
    ),
    who
      ? h(
          'p',
          {},
          `U bent ingelogd als ${who.name} (${who.email}). De uitnodiging werkt alleen met het e-mailadres waarop u haar kreeg.`,
        )
      : h('p', {}, 'Een uitnodiging is voor een persoon; log in met uw eigen e-mailadres.'),
    h('p', {}, button),
    slot,
    home,
  );
};
