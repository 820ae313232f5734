/**
 * "Mensen": a board's people for its gebruikersbeheerder. The open requests for access (approve with a role, or
 * refuse), who has which role at the board and its schools (with "Rollen wijzigen" and "Verwijderen"), who
 * receives the board's mails, the open invitations (with "Intrekken"), and the form to invite someone.
 * Nobody changes their own row: the API refuses it (`own_membership`), and the page says so instead of offering it.
 */
import type { AppContext } from '../context.js';
import { h } from '../dom.js';
import { dateTimeNl } from '../format.js';
import { membershipNl, type SchoolOption, sortedMemberships } from '../people.js';
import { boardHref } from '../routes.js';
import type { BoardOverview, BoardPerson, OpenInvitation, PeopleList } from '../types.js';
import { announce, busy, errorBox, pageHeading } from '../ui.js';
import { inviteForm } from './board-people/invite-form.js';
import { joinRequestsSection } from './board-people/join-requests.js';
import { mailRecipientsSection } from './board-people/mail-recipients.js';
import { removeConfirm } from './board-people/remove-confirm.js';
import { roleEditor } from './board-people/role-editor.js';

/** What the sections of the page share. */
export interface PeoplePageContext {
  ctx: AppContext;
  boardId: string;
  boardName: string;
  /** `/boards/{boardId}`: the people routes hang below it. */
  base: string;
  schools: SchoolOption[];
}

/** The board's schools: from `GET /me` (a gebruikersbeheerder sees them all), else the board's overview. */
const boardSchools = async (
  ctx: AppContext,
  boardId: string,
): Promise<{ schools: SchoolOption[]; name: string | null }> => {
  const mine = ctx.me.schools.filter((s) => s.boardId === boardId);
  const name =
    ctx.me.boards.find((b) => b.boardId === boardId)?.name ??
    ctx.me.person?.memberships.find((m) => m.scope === 'board' && m.boardId === boardId)?.name ??
    null;
  if (mine.length > 0 || !ctx.me.allSchools) {
    return {
      schools: mine.map((s) => ({ schoolId: s.schoolId, name: s.name })).sort(bySchoolName),
      name,
    };
  }
  // An admin token lists no schools: the board's overview does.
  const o = await ctx.api.json<BoardOverview>(
    `/boards/${encodeURIComponent(boardId)}/years/${ctx.me.schoolYear}`,
  );
  return {
    schools: o.schools.map((s) => ({ schoolId: s.schoolId, name: s.name })).sort(bySchoolName),
    name: o.board.name,
  };
};

const bySchoolName = (a: SchoolOption, b: SchoolOption) => a.name.localeCompare(b.name, 'nl');

export const renderBoardPeople = async (ctx: AppContext, boardId: string): Promise<HTMLElement> => {
  const base = `/boards/${encodeURIComponent(boardId)}`;
  const [list, { schools, name }] = await Promise.all([
    ctx.api.json<PeopleList>(`${base}/people`),
    boardSchools(ctx, boardId),
  ]);
  const page: PeoplePageContext = { ctx, boardId, boardName: name ?? `bestuur ${boardId}`, base, schools };
  return h(
    'div',
    {},
    pageHeading(`Mensen van ${name ?? 'het bestuur'} (${boardId})`),
    h(
      'nav',
      { 'aria-label': 'Bestuur', class: 'year-nav' },
      h('a', { href: boardHref(boardId, ctx.me.schoolYear) }, 'Terug naar het bestuursoverzicht'),
    ),
    h(
      'p',
      {},
      'Hier beheert u wie namens het bestuur en zijn scholen met msv werkt: nodig iemand uit, beoordeel verzoeken ' +
        'om toegang, wijzig rollen of verwijder iemand, en kies wie de mails van het bestuur krijgt. Een wijziging ' +
        'geldt vanaf het volgende verzoek van die persoon.',
    ),
    joinRequestsSection(page, list.joinRequests),
    peopleSection(page, list.people),
    mailRecipientsSection(page, list.people, list.mailRecipients),
    invitationsSection(page, list.invitations),
    inviteForm(page),
  );
};

const peopleSection = (page: PeoplePageContext, people: BoardPerson[]): HTMLElement =>
  h(
    'section',
    { 'aria-labelledby': 'people-h' },
    h('h2', { id: 'people-h' }, `Mensen met een rol (${people.length})`),
    people.length === 0
      ? h('p', {}, 'Er heeft nog niemand een rol bij dit bestuur.')
      : h(
          'ul',
          { class: 'people' },
          people.map((p) => personCard(page, p)),
        ),
  );

const personCard = (page: PeoplePageContext, person: BoardPerson): HTMLElement => {
  const own = page.ctx.me.person?.sub === person.sub;
  const headingId = `person-${person.sub}`;
  const slot = h('div', {});
  const actions = h('p', { class: 'actions' });
  const restore = () => {
    slot.replaceChildren();
    actions.hidden = false;
  };
  if (own) {
    actions.append(
      h(
        'span',
        { class: 'hint' },
        'Dit bent u. U kunt uw eigen rol niet wijzigen; vraag dat zo nodig een andere gebruikersbeheerder.',
      ),
    );
  } else {
    const edit = h(
      'button',
      { type: 'button', id: `${headingId}-edit`, 'aria-describedby': headingId },
      'Rollen wijzigen',
    );
    const remove = h(
      'button',
      { type: 'button', class: 'danger', id: `${headingId}-remove`, 'aria-describedby': headingId },
      'Verwijderen',
    );
    edit.addEventListener('click', () => {
      actions.hidden = true;
      slot.replaceChildren(
        roleEditor(page, person, () => {
          restore();
          edit.focus();
        }),
      );
    });
    remove.addEventListener('click', () => {
      actions.hidden = true;
      slot.replaceChildren(
        removeConfirm(page, person, () => {
          restore();
          remove.focus();
        }),
      );
    });
    actions.append(edit, remove);
  }
  return h(
    'li',
    { class: 'card person' },
    h('h3', { id: headingId }, person.name, own ? ' (u)' : ''),
    h('p', { class: 'email' }, person.email),
    h(
      'ul',
      { class: 'roles', 'aria-label': `Rollen van ${person.name}` },
      sortedMemberships(person.memberships).map((m) => h('li', {}, membershipNl(m, page.schools))),
    ),
    actions,
    slot,
  );
};

const invitationsSection = (page: PeoplePageContext, invitations: OpenInvitation[]): HTMLElement => {
  const errorSlot = h('div', {});
  const row = (i: OpenInvitation) => {
    const nameId = `invitation-${i.invitationId}`;
    const withdraw = h(
      'button',
      { type: 'button', class: 'secondary', 'aria-describedby': nameId },
      'Intrekken',
    );
    withdraw.addEventListener('click', () => {
      errorSlot.replaceChildren();
      void busy(withdraw, async () => {
        try {
          await page.ctx.api.json(`${page.base}/invitations/${encodeURIComponent(i.invitationId)}`, {
            method: 'DELETE',
          });
          announce(`De uitnodiging van ${i.name} (${i.email}) is ingetrokken; de link werkt niet meer.`);
          await page.ctx.rerender();
        } catch (err) {
          errorSlot.replaceChildren(errorBox(err));
          errorSlot.querySelector<HTMLElement>('[role=alert]')?.setAttribute('tabindex', '-1');
          errorSlot.querySelector<HTMLElement>('[role=alert]')?.focus();
        }
      });
    });
    return h(
      'tr',
      {},
      h('th', { scope: 'row', id: nameId }, i.name),
      h('td', {}, i.email),
      h('td', {}, membershipNl(i.membership, page.schools)),
      h('td', {}, i.invitedByName),
      h('td', {}, dateTimeNl(i.expiresAt)),
      h('td', {}, withdraw),
    );
  };
  return h(
    'section',
    { 'aria-labelledby': 'invitations-h' },
    h('h2', { id: 'invitations-h' }, 'Openstaande uitnodigingen'),
    invitations.length === 0
      ? h('p', {}, 'Er zijn geen openstaande uitnodigingen.')
      : h(
          'table',
          { class: 'invitations' },
          h(
            'caption',
            {},
            `${invitations.length} ${invitations.length === 1 ? 'uitnodiging' : 'uitnodigingen'}`,
          ),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Voor', 'E-mailadres', 'Rol', 'Uitgenodigd door', 'Geldig tot', 'Actie'].map((t) =>
                h('th', { scope: 'col' }, t),
              ),
            ),
          ),
          h('tbody', {}, invitations.map(row)),
        ),
    errorSlot,
  );
};
