/**
 * The app shell: loads config.json, completes a sign-in when the provider sends the person back, asks the API
 * who the caller is (`GET /me`) and renders the page of the current hash route. Every failure ends up on the
 * screen in Dutch.
 */
import './styles.css';
import { Api, ApiError, tokenRefused } from './api.js';
import { loadConfig, type SignInSettings } from './config.js';
import type { AppContext } from './context.js';
import { h, replace } from './dom.js';
import {
  appRedirectUri,
  beginSignIn,
  cleanCallbackUrl,
  completeSignIn,
  currentIdToken,
  displayName,
  isSignInCallback,
  logoutUrl,
  revokeRefreshToken,
  type SignInDeps,
  SignInError,
} from './oidc.js';
import { renderBoardPeople } from './pages/board-people.js';
import { renderBoardYear } from './pages/board-year.js';
import { renderHome } from './pages/home.js';
import { renderInvitation } from './pages/invitation.js';
import { renderSchoolYear } from './pages/school-year.js';
import { renderSignIn } from './pages/sign-in.js';
import { parseRoute } from './routes.js';
import { clearSession, getSession, setNotice, takeNotice } from './session.js';
import type { Me } from './types.js';
import { announce, errorBox, pageHeading } from './ui.js';

const main = document.getElementById('main') as HTMLElement;
const sessionBar = document.getElementById('session') as HTMLElement;

let apiUrl = '';
let settings: SignInSettings;
let me: Me | null = null;
/** The route last drawn: a render of the same one keeps the focus where it was. */
let renderedHash: string | null = null;
let renderCount = 0;
const deps: SignInDeps = { storage: sessionStorage };
const redirectUri = () => appRedirectUri(location.origin);

/** A promise that never settles: for what happens while the browser is leaving for the provider. */
const leaving = <T>(): Promise<T> => new Promise<T>(() => undefined);

/** Goes to the provider to sign in, coming back to the current route. */
const goSignIn = async (): Promise<never> => {
  const url = await beginSignIn(settings, redirectUri(), location.hash, sessionStorage);
  location.assign(url);
  return leaving();
};

/** Signs out here and at the provider: revokes the refresh token, forgets the session, ends the provider's. */
const signOut = async (): Promise<void> => {
  await revokeRefreshToken(settings, deps);
  clearSession();
  me = null;
  setNotice('U bent uitgelogd.');
  location.assign(logoutUrl(settings, redirectUri()));
  return leaving();
};

/** The bearer for each API call: the ID token, refreshed when it is about to expire. */
const bearer = async (): Promise<string> => {
  try {
    return await currentIdToken(settings, deps);
  } catch (err) {
    if (err instanceof SignInError && err.code === 'network_error') {
      throw new ApiError(0, 'network_error', 'The sign-in service could not be reached.');
    }
    // No refresh possible: sign in again, back to this route (with a session at the provider, no typing).
    clearSession();
    return goSignIn();
  }
};

/** What the sign-in page says about an invitation link: the route (with its secret) survives the round trip. */
const INVITATION_LEAD =
  'U bent uitgenodigd voor Monitoring Sociale Veiligheid. Log in met het e-mailadres waarop u de ' +
  'uitnodiging kreeg; daarna kunt u de uitnodiging accepteren.';

/** Shows the sign-in page (and ends any render still on its way). */
const showSignIn = (opts: { problem?: unknown; notice?: string } = {}) => {
  ++renderCount;
  me = null;
  renderSessionBar(null);
  document.title = 'Inloggen — Monitoring Sociale Veiligheid';
  const page = parseRoute(location.hash).page;
  replace(
    main,
    renderSignIn({
      signIn: goSignIn,
      deepLink: page !== 'home',
      ...(page === 'invitation' ? { lead: INVITATION_LEAD } : {}),
      ...opts,
    }),
  );
  main.querySelector('h1')?.focus();
};

/** The API refused the token: the session is over, whatever the page was doing. */
const onRefused = () => {
  clearSession();
  showSignIn({ problem: { code: 'session_refused' } });
};

const renderSessionBar = (name: string | null) => {
  if (name === null) {
    replace(sessionBar);
    return;
  }
  replace(
    sessionBar,
    h('span', { class: 'who' }, `Ingelogd als ${name}`),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: (e: Event) => {
          (e.currentTarget as HTMLButtonElement).disabled = true;
          void signOut();
        },
      },
      'Uitloggen',
    ),
  );
};

/** The name to show: the API's (`GET /me`'s `person`), else the ID token's `name` or email. */
const whoIsSignedIn = (idToken: string): string => {
  const fromApi = me?.person?.name;
  if (fromApi) return fromApi;
  return displayName(idToken) ?? 'onbekend';
};

const render = async (): Promise<void> => {
  const session = getSession();
  if (!session) {
    showSignIn();
    return;
  }
  const mine = ++renderCount;
  // Read before the loading line replaces the page (it takes the focused element with it); kept only when the
  // same page is drawn again (ctx.rerender after a save), not on a new route.
  const focused = location.hash === renderedHash ? document.activeElement?.id : undefined;
  const route = parseRoute(location.hash);
  const api = new Api(apiUrl, bearer, onRefused);
  try {
    me ??= await api.json<Me>('/me');
  } catch (err) {
    // A refused token already brought the sign-in page up (onRefused).
    if (err instanceof ApiError && tokenRefused(err)) return;
    if (mine !== renderCount) return;
    replace(main, pageHeading('Er ging iets mis'), errorBox(err));
    return;
  }
  if (mine !== renderCount) return;
  renderSessionBar(whoIsSignedIn(session.idToken));
  const ctx: AppContext = {
    api,
    me,
    rerender: render,
    refreshMe: async () => {
      me = await api.json<Me>('/me');
      return me;
    },
    signOut,
  };
  replace(main, h('p', { class: 'loading' }, 'Bezig met laden…'));
  let page: HTMLElement;
  try {
    page =
      route.page === 'school'
        ? await renderSchoolYear(ctx, route.schoolId, route.schoolYear)
        : route.page === 'board'
          ? await renderBoardYear(ctx, route.boardId, route.schoolYear)
          : route.page === 'people'
            ? await renderBoardPeople(ctx, route.boardId)
            : route.page === 'invitation'
              ? renderInvitation(ctx, route.secret)
              : route.page === 'home'
                ? renderHome(ctx)
                : h(
                    'div',
                    {},
                    pageHeading('Pagina niet gevonden'),
                    h('p', {}, h('a', { href: '#/' }, 'Naar het begin')),
                  );
  } catch (err) {
    // Refused here (a role changed or removed since GET /me): the next page asks GET /me again.
    if (err instanceof ApiError && err.status === 403 && mine === renderCount) me = null;
    page = h(
      'div',
      {},
      pageHeading('Deze pagina kon niet worden geladen'),
      errorBox(err),
      h('p', {}, h('a', { href: '#/' }, 'Naar het begin')),
    );
  }
  // A slower earlier render must not overwrite a newer one.
  if (mine !== renderCount) return;
  renderedHash = location.hash;
  replace(main, page);
  const heading = main.querySelector('h1');
  document.title = `${heading?.textContent ?? 'Monitoring Sociale Veiligheid'} — Monitoring Sociale Veiligheid`;
  // Keep focus where it was on a re-render (same element id), otherwise start at the heading.
  const again = focused ? document.getElementById(focused) : null;
  (again ?? heading)?.focus();
};

/**
 * The provider's answer (`/?code=…&state=…`, or `?error=…`): completes the sign-in, takes the answer out of
 * the address and lands on the route the person started from. A refused or mismatched answer leaves nothing
 * signed in and shows why, with the button to try again.
 */
const handleCallback = async (url: URL): Promise<void> => {
  try {
    const { returnTo } = await completeSignIn(settings, url, redirectUri(), deps);
    history.replaceState(null, '', cleanCallbackUrl(url, returnTo));
    announce('U bent ingelogd.');
    await render();
  } catch (err) {
    clearSession();
    history.replaceState(null, '', cleanCallbackUrl(url, location.hash));
    showSignIn({ problem: err });
  }
};

window.addEventListener('hashchange', () => {
  announce('');
  void render();
});

try {
  ({ apiUrl, signIn: settings } = await loadConfig());
  const url = new URL(location.href);
  if (isSignInCallback(url)) {
    await handleCallback(url);
  } else {
    const notice = takeNotice();
    if (notice && !getSession()) {
      showSignIn({ notice });
    } else {
      await render();
    }
  }
} catch (err) {
  replace(main, pageHeading('De applicatie kon niet starten'), errorBox(err));
}
