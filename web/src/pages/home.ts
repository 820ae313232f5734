/** After sign-in: what the caller may open, for the current school year from the API. */
import { type AppContext, managedBoards } from '../context.js';
import { h, uid } from '../dom.js';
import { homeSchoolNl, joinSentNl } from '../people.js';
import { boardHref, peopleHref, schoolHref } from '../routes.js';
import type { JoinRequested, Me } from '../types.js';
import { announce, busy, errorBox, pageHeading } from '../ui.js';

export const renderHome = (ctx: AppContext): HTMLElement => {
  const { me } = ctx;
  const year = me.schoolYear;
  const schoolList =
    me.schools.length > 0
      ? h(
          'ul',
          { class: 'links' },
          me.schools.map((s) =>
            h('li', {}, h('a', { href: schoolHref(s.schoolId, year) }, `${s.name} (${s.schoolId})`)),
          ),
        )
      : null;
  const parts: Array<HTMLElement | null> = [pageHeading(`Schooljaar ${year}`)];
  // Every board whose overview the caller may see (a person may have a role at more than one).
  const boards = me.boards.length > 0 ? me.boards : me.board ? [me.board] : [];
  if (boards.length > 0) {
    parts.push(
      h('h2', {}, boards.length > 1 ? 'Besturen' : 'Bestuur'),
      h(
        'ul',
        { class: 'links' },
        boards.map((b) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: boardHref(b.boardId, year) },
              `Overzicht van alle scholen van ${b.name ?? b.boardId}`,
            ),
          ),
        ),
      ),
    );
  }
  // A board's gebruikersbeheerder manages its people (memberships from GET /me).
  const managed = managedBoards(me);
  if (managed.length > 0) {
    parts.push(
      h('h2', {}, 'Mensen'),
      h(
        'ul',
        { class: 'links' },
        managed.map((b) =>
          h(
            'li',
            {},
            h('a', { href: peopleHref(b.boardId) }, `Mensen van ${b.name ?? `bestuur ${b.boardId}`} beheren`),
          ),
        ),
      ),
    );
  }
  if (schoolList) parts.push(h('h2', {}, me.role === 'board' ? 'Scholen' : 'Uw scholen'), schoolList);
  if (me.role === 'vendor') {
    parts.push(
      h(
        'p',
        { class: 'hint' },
        'Als leverancier kunt u exports uploaden en het rapport bekijken; toestemming geeft de school of het bestuur.',
      ),
    );
  }
  if (me.allSchools) parts.push(adminOpen(year));
  const home = me.person?.homeSchool;
  if (!me.allSchools && me.schools.length === 0 && boards.length === 0) {
    parts.push(
      home
        ? askAccess(ctx, home)
        : h('p', {}, 'Aan uw account zijn (nog) geen scholen verbonden. Neem contact op met de beheerder.'),
    );
  }
  return h('div', {}, ...parts);
};

/** An admin may open any school or board: by number, since listing every school is not useful. */
const adminOpen = (year: string): HTMLElement => {
  const schoolId = uid('school');
  const boardId = uid('board');
  const schoolInput = h('input', {
    id: schoolId,
    name: 'schoolId',
    autocomplete: 'off',
    placeholder: '22KC00',
  });
  const boardInput = h('input', {
    id: boardId,
    name: 'boardId',
    autocomplete: 'off',
    placeholder: '41234',
    inputmode: 'numeric',
  });
  return h(
    'div',
    {},
    h('h2', {}, 'School of bestuur openen'),
    h(
      'form',
      {
        class: 'inline-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (schoolInput.value.trim())
            location.hash = schoolHref(schoolInput.value.trim().toUpperCase(), year);
        },
      },
      h('label', { for: schoolId }, 'BRIN van de school'),
      schoolInput,
      h('button', { type: 'submit' }, 'School openen'),
    ),
    h(
      'form',
      {
        class: 'inline-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (boardInput.value.trim()) location.hash = boardHref(boardInput.value.trim(), year);
        },
      },
      h('label', { for: boardId }, 'Bestuursnummer'),
      boardInput,
      h('button', { type: 'submit' }, 'Bestuur openen'),
    ),
  );
};

type HomeSchool = NonNullable<NonNullable<Me['person']>['homeSchool']>;

/**
 * A person who signed in through their school (Entree) without a role there: "Toegang vragen" asks the school's
 * board (`POST /join-requests`). A button rather than asking on landing, so that signing in by mistake sends
 * nobody a request; once asked, the page says the request is open.
 */
const askAccess = (ctx: AppContext, home: HomeSchool): HTMLElement => {
  const text = h('p', { id: 'home-school' }, homeSchoolNl(home));
  const section = h(
    'section',
    { 'aria-labelledby': 'access-h' },
    h('h2', { id: 'access-h' }, 'Toegang'),
    text,
  );
  if (home.requested) return section;
  const result = h('div', {});
  const button = h('button', { type: 'button', 'aria-describedby': 'home-school' }, 'Toegang vragen');
  const hint = h(
    'p',
    { class: 'hint' },
    'Met "Toegang vragen" vraagt u de gebruikersbeheerder van het bestuur van uw school om een rol. Kent u de ' +
      'schoolleider? Die kan u ook uitnodigen.',
  );
  button.addEventListener('click', () => {
    result.replaceChildren();
    void busy(button, async () => {
      try {
        const out = await ctx.api.json<JoinRequested>('/join-requests', { method: 'POST' });
        const sent = joinSentNl(out);
        button.remove();
        hint.remove();
        text.replaceChildren(sent);
        announce(sent);
        await ctx.refreshMe();
      } catch (err) {
        // A role given meanwhile (`already_member`): the start page lists it after GET /me again.
        if ((err as { code?: string }).code === 'already_member') {
          await ctx.refreshMe();
          await ctx.rerender();
          return;
        }
        const alert = errorBox(err);
        alert.setAttribute('tabindex', '-1');
        result.replaceChildren(alert);
        alert.focus();
      }
    });
  });
  section.append(hint, h('p', {}, button), result);
  return section;
};
