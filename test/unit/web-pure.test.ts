/** The web app's pure parts: hash routes, allowed delivery dates and days left from the API's today, the CSV. */
import { describe, expect, it } from 'vitest';
import { daysBetween } from '../../shared/time/amsterdam.js';
import { allowedDeliveryDates, shiftYear } from '../../web/src/format.js';
import { overviewCsv } from '../../web/src/pages/board-year.js';
import { boardHref, parseRoute, schoolHref } from '../../web/src/routes.js';
import type { BoardOverview } from '../../web/src/types.js';

describe('hash routes', () => {
  it('parses the three routes and round-trips the links', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/')).toEqual({ page: 'home' });
    expect(parseRoute(schoolHref('22KC00', '2025-2026'))).toEqual({
      page: 'school',
      schoolId: '22KC00',
      schoolYear: '2025-2026',
    });
    // The link the reminder emails carry.
    expect(parseRoute('#/boards/41234/years/2025-2026')).toEqual({
      page: 'board',
      boardId: '41234',
      schoolYear: '2025-2026',
    });
    expect(boardHref('41234', '2025-2026')).toBe('#/boards/41234/years/2025-2026');
    expect(parseRoute('#/schools/22KC00')).toEqual({ page: 'not_found' });
    expect(parseRoute('#/boards/41234/years/2025')).toEqual({ page: 'not_found' });
  });
});

describe('calendar facts from the API today', () => {
  it('allows tomorrow up to and including 1 July of the school year', () => {
    expect(allowedDeliveryDates('2026-03-10', '2025-2026')).toEqual({ min: '2026-03-11', max: '2026-07-01' });
    expect(allowedDeliveryDates('2026-02-28', '2025-2026').min).toBe('2026-03-01');
  });

  it('counts days left across the DST change and the year', () => {
    expect(daysBetween('2026-03-10', '2026-07-01')).toBe(113);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-07-02', '2026-07-01')).toBe(-1);
    expect(shiftYear('2025-2026', -1)).toBe('2024-2025');
  });
});

describe('board overview CSV', () => {
  /** A board's overview of these schools on 10 March. */
  const overviewOf = (schools: BoardOverview['schools']): BoardOverview => ({
    board: { boardId: '41234', name: 'Stichting' },
    schoolYear: '2025-2026',
    today: '2026-03-10',
    deadline: '2026-07-01',
    window: null,
    counts: {
      schools: schools.length,
      no_export: 0,
      export_without_consent: 0,
      awaiting_data: 0,
      scheduled: 0,
      delivered: 0,
      deadline_missed: 0,
      elsewhere: 0,
    },
    schools,
  });

  it('writes semicolons, a BOM, Dutch states and quotes what needs quoting', () => {
    const o = overviewOf([
      {
        schoolId: '22KC00',
        name: 'College "De Brug"; havo',
        sector: 'vo',
        state: 'scheduled',
        currentExportId: 'e1',
        respondents: 40,
        deliveryDate: '2026-05-12',
        level: 'onderwijssoort',
        newerExportAvailable: false,
        provider: null,
        window: null,
      },
    ]);
    const csv = overviewCsv(o);
    expect(csv.startsWith('\uFEFFbrin;school;sector;status')).toBe(true);
    expect(csv).toContain(
      '22KC00;"College ""De Brug""; havo";vo;Levering gepland;40;2026-05-12;per onderwijssoort;nee;\r\n',
    );
  });

  it('never lets a school name become a spreadsheet formula (CSV injection)', () => {
    const row = (schoolId: string, name: string) => ({
      schoolId,
      name,
      sector: 'po' as const,
      state: 'no_export' as const,
      currentExportId: null,
      respondents: null,
      deliveryDate: null,
      level: null,
      newerExportAvailable: false,
      provider: null,
      window: null,
    });
    const o = overviewOf([
      row('11AA00', '=HYPERLINK("http://evil.example","klik")'),
      row('12AA00', '+31 basisschool'),
      row('13AA00', '-1+1'),
      row('14AA00', '@SUM(A1)'),
      row('15AA00', '\t=1+1'),
    ]);
    const cells = overviewCsv(o)
      .replace('\uFEFF', '')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(';')[1] as string);
    // Excel and LibreOffice take a leading quote as "text": the name is shown as written, never evaluated.
    for (const cell of cells) expect(cell.replace(/^"/, '')).toMatch(/^'/);
    expect(cells[0]).toBe(`"'=HYPERLINK(""http://evil.example"",""klik"")"`);
    expect(cells[1]).toBe(`'+31 basisschool`);
  });
});
