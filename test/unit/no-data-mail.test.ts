/**
 * What the board is told when a `latest` consent's date came without data: within the year, a new date before
 * 1 July; on 1 July, to deliver directly; for a nalevering (a date inside a catch-up window, past 1 July by
 * nature), a new date while the window lasts — never "this was the last date" while the window is open.
 */
import { describe, expect, it } from 'vitest';
import { noDataMail } from '../../shared/delivery/no-data.js';
import type { Board, Consent, School } from '../../shared/model.js';

const school = { schoolId: '12AB00', name: 'De Regenboog', boardId: '41234' } as School;
const board = { boardId: '41234', name: 'Stichting Voorbeeld', emails: ['beheer@voorbeeld.nl'] } as Board;
const consent = (deliveryDate: string, nalevering?: boolean) =>
  ({ schoolYear: '2025-2026', deliveryDate, ...(nalevering ? { nalevering } : {}) }) as Consent;
const text = (c: Consent) => noDataMail({ school, board, consent: c, reason: 'no_export' }).text;

describe('the no-data mail', () => {
  it('asks for a new date before 1 July within the year', () => {
    expect(text(consent('2026-05-11'))).toContain('De Inspectie moet de gegevens uiterlijk 1 juli hebben.');
  });

  it('says to deliver directly when 1 July itself came without data', () => {
    expect(text(consent('2026-07-01'))).toContain('Dit was de laatste leverdatum van het schooljaar.');
  });

  it('asks for a new date within the window for a nalevering, not to deliver directly', () => {
    const mail = text(consent('2026-08-20', true));
    expect(mail).toContain('Dat kan zolang de herstelperiode loopt');
    expect(mail).not.toContain('laatste leverdatum');
    expect(mail).not.toContain('1 juli');
  });
});
