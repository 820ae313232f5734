/**
 * The app shell: loads config.json, keeps the token, asks the API who the caller is (`GET /me`) and renders
 * the page of the current hash route. Every failure ends up on the screen in Dutch.
 */
import './styles.css';
import { Api, ApiError, loadConfig } from './api.js';
import type { AppContext } from './context.js';
import { h, replace } from './dom.js';
import { ROLE_NL } from './format.js';
import { renderBoardYear } from './pages/board-year.js';
import { renderHome } from './pages/home.js';
import { renderSchoolYear } from './pages/school-year.js';
import { renderSignIn } from './pages/sign-in.js';
import { parseRoute } from './routes.js';
import { clearToken, getToken, setToken } from './session.js';
import type { Me } from './types.js';
import { announce, errorBox, pageHeading } from './ui.js';

const main = document.getElementById('main') as HTMLElement;
const sessionBar = document.getElementById('session') as HTMLElement;

let apiUrl = '';
let me: Me | null = null;
let renderCount = 0;

const signOut = () => {
  clearToken();
  me = null;
  announce('U bent uitgelogd.');
  void render();
};

const renderSessionBar = () => {
  if (!me) {
    replace(sessionBar);
    return;
  }
  const who = me.board ? `${me.board.name ?? 'bestuur'} (${me.board.boardId})` : (me.label ?? me.tokenId);
  replace(
    sessionBar,
    h('span', { class: 'who' }, `Ingelogd als ${ROLE_NL[me.role] ?? me.role}: ${who}`),
    h('button', { type: 'button', class: 'secondary', onclick: signOut }, 'Uitloggen'),
  );
};

/** Signs in with `token`: only a token the API accepts is kept. */
const signIn = async (token: string): Promise<void> => {
  const candidate = new Api(apiUrl, token);
  me = await candidate.json<Me>('/me');
  setToken(token);
  announce('U bent ingelogd.');
  await render();
};

const render = async (): Promise<void> => {
  const mine = ++renderCount;
  const route = parseRoute(location.hash);
  const token = getToken();
  if (!token) {
    me = null;
    renderSessionBar();
    document.title = 'Inloggen — Monitoring Sociale Veiligheid';
    replace(main, renderSignIn(signIn, route.page !== 'home'));
    main.querySelector('h1')?.focus();
    return;
  }
  const api = new Api(apiUrl, token);
  try {
    me ??= await api.json<Me>('/me');
  } catch (err) {
    // A token that no longer works (revoked, or from another stack): back to sign-in, saying why.
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      clearToken();
      me = null;
      await render();
      announce('Uw toegangscode werkt niet meer. Log opnieuw in.');
      return;
    }
    replace(main, pageHeading('Er ging iets mis'), errorBox(err));
    return;
  }
  renderSessionBar();
  const ctx: AppContext = { api, me, rerender: render };
  replace(main, h('p', { class: 'loading' }, 'Bezig met laden…'));
  let page: HTMLElement;
  try {
    page =
      route.page === 'school'
        ? await renderSchoolYear(ctx, route.schoolId, route.schoolYear)
        : route.page === 'board'
          ? await renderBoardYear(ctx, route.boardId, route.schoolYear)
          : route.page === 'home'
            ? renderHome(ctx)
            : h(
                'div',
                {},
                pageHeading('Pagina niet gevonden'),
                h('p', {}, h('a', { href: '#/' }, 'Naar het begin')),
              );
  } catch (err) {
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
  const focused = document.activeElement?.id;
  replace(main, page);
  const heading = main.querySelector('h1');
  document.title = `${heading?.textContent ?? 'Monitoring Sociale Veiligheid'} — Monitoring Sociale Veiligheid`;
  // Keep focus where it was on a re-render (same element id), otherwise start at the heading.
  const again = focused ? document.getElementById(focused) : null;
  (again ?? heading)?.focus();
};

window.addEventListener('hashchange', () => {
  announce('');
  void render();
});

try {
  ({ apiUrl } = await loadConfig());
  await render();
} catch (err) {
  replace(main, pageHeading('De applicatie kon niet starten'), errorBox(err));
}
