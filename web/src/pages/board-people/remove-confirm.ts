/** "Verwijderen" needs a second, explicit click (confirm.ts). */
import type { BoardPerson } from '../../types.js';
import { announce } from '../../ui.js';
import type { PeoplePageContext } from '../board-people.js';
import { confirmAction } from './confirm.js';

export const removeConfirm = (page: PeoplePageContext, person: BoardPerson, close: () => void): HTMLElement =>
  confirmAction({
    question:
      `Weet u zeker dat u ${person.name} (${person.email}) wilt verwijderen? Alle rollen bij ${page.boardName} ` +
      'en zijn scholen vervallen; vanaf het volgende verzoek heeft deze persoon geen toegang meer.',
    yes: `Ja, ${person.name} verwijderen`,
    close,
    act: async () => {
      await page.ctx.api.json(`${page.base}/people/${encodeURIComponent(person.sub)}`, { method: 'DELETE' });
      announce(`${person.name} (${person.email}) is verwijderd en heeft geen toegang meer.`);
      await page.ctx.rerender();
    },
  });
