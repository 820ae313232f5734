import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestExport } from '../../shared/ingest/ingest.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import type { School } from '../../shared/model.js';
import { renderReportPdf } from '../../shared/report/render-pdf.js';
import { buildReportModel, type ReportInput } from '../../shared/report/report-model.js';
import { administrationWith } from '../support/fixtures.js';
import { pdfText } from '../support/pdf-text.js';

const instrument = getInstrument('msv-basis');
if (!instrument) throw new Error('msv-basis missing');
const school: School = {
  schoolId: '22KC00',
  boardId: '41234',
  name: 'Voorbeeld College',
  sector: 'vo',
  onderwijssoorten: ['havo', 'vwo'],
  createdAt: '2025-09-01T08:00:00.000Z',
};
const result = ingestExport(
  readFileSync(new URL('../../events/exports/vo-excel-windows-1252.csv', import.meta.url)),
  {
    instrument,
    school,
    minGroupSize: 5,
    maxRows: 1000,
  },
);
if (!result.ok) throw new Error('sample rejected');
const administration = administrationWith([
  { onderwijssoort: 'havo', leerjaar: 1, students: 8 },
  { onderwijssoort: 'vwo', leerjaar: 1, students: 20 },
]);
const input = (over: Partial<ReportInput> = {}): ReportInput => ({
  school,
  board: {
    boardId: '41234',
    name: 'Stichting Voorbeeldscholen',
    emails: ['a@b.nl'],
    reminders: true,
    createdAt: '2025-09-01T08:00:00.000Z',
  },
  schoolYear: '2025-2026',
  level: 'onderwijssoort',
  instrument,
  exportId: 'exp_1',
  acceptedAt: '2026-02-10T09:00:00.000Z',
  summary: result.summary,
  aggregates: result.aggregates,
  administration,
  policy: null,
  lowResponsePercent: 50,
  preview: true,
  ...over,
});

describe('report model', () => {
  it('has a section per level and the item means of the aggregates, in Dutch notation', () => {
    const model = buildReportModel(input());
    const veilig = model.domains.find((d) => d.domain === 'veiligheidsbeleving');
    expect(veilig?.sections.map((s) => s.label)).toEqual(['Hele school', 'havo', 'vwo']);
    const school = result.aggregates.levels[0];
    const vb1 = school?.items.find((i) => i.code === 'vb1');
    expect(veilig?.sections[0]?.items.find((i) => i.code === 'vb1')?.mean).toBe(
      `${vb1?.mean?.toFixed(2).replace('.', ',')} (1–4)`,
    );
    expect(model.domains.map((d) => d.label)).toEqual([
      'Veiligheidsbeleving',
      'Aantasting van de veiligheid',
      'Welbevinden',
    ]);
  });

  it('shows suppressed cells as "te weinig respondenten"', () => {
    const model = buildReportModel(
      input({
        aggregates: {
          ...result.aggregates,
          levels: result.aggregates.levels.map((l) => ({
            ...l,
            suppressed: true,
            items: l.items.map((i) => ({ ...i, suppressed: true, mean: null, mean100: null })),
          })),
        },
      }),
    );
    expect(model.domains[0]?.sections[0]?.items[0]?.mean).toBe('te weinig respondenten');
  });

  it('hashes the data, not the moment', () => {
    expect(buildReportModel(input()).dataHash).toBe(buildReportModel(input()).dataHash);
    expect(buildReportModel(input({ level: 'school' })).dataHash).not.toBe(
      buildReportModel(input()).dataHash,
    );
  });
});

describe('report consent', () => {
  const consent = {
    schoolId: school.schoolId,
    schoolYear: '2025-2026',
    status: 'active' as const,
    level: 'onderwijssoort' as const,
    deliveryDate: '2026-05-12',
    exportId: 'exp_1',
    administration,
    updatedBy: 'board:8c2b391f0028',
    updatedByName: 'bestuurstoken 8c2b391f0028 (Directie)',
    updatedAt: '2026-03-10T09:00:00.000Z',
    givenAt: '2026-03-10T09:00:00.000Z',
    version: 1,
  };

  it('says who gave it, in words, and when, in Dutch and Amsterdam time', () => {
    expect(buildReportModel(input({ consent, preview: false })).consent).toEqual([
      ['Toestemming gegeven door', 'bestuurstoken 8c2b391f0028 (Directie)'],
      ['Op', '10 maart 2026 om 10:00'],
      ['Leverdatum', '12 mei 2026'],
    ]);
  });

  it('falls back to the token id for a consent stored without a name', () => {
    const { updatedByName, ...old } = consent;
    expect(buildReportModel(input({ consent: old, preview: false })).consent[0]).toEqual([
      'Toestemming gegeven door',
      'board:8c2b391f0028',
    ]);
  });
});

describe('report PDF', () => {
  it('is text, in Dutch, with the school, year, level, domains, a known mean and page numbers', async () => {
    const bytes = await renderReportPdf(buildReportModel(input()));
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const pages = await pdfText(bytes);
    const all = pages.join('\n');
    expect(all).toContain('Monitoring Sociale Veiligheid');
    expect(all).toContain('Voorbeeld College (22KC00)');
    expect(all).toContain('2025-2026');
    expect(all).toContain('per onderwijssoort');
    for (const d of ['Veiligheidsbeleving', 'Aantasting van de veiligheid', 'Welbevinden'])
      expect(all).toContain(d);
    const vb1 = result.aggregates.levels[0]?.items.find((i) => i.code === 'vb1');
    expect(all).toContain(`${vb1?.mean?.toFixed(2).replace('.', ',')} (1–4)`);
    // The preview's own part is numbered apart from the report's pages.
    const own = pages.filter((p) => p.includes('Alleen voor de school, pagina')).length;
    expect(own).toBeGreaterThan(0);
    expect(pages[0]).toContain(`Pagina 1 van ${pages.length - own}`);
    expect(all).toContain('CONCEPT');
    expect(all).toContain(buildReportModel(input()).dataHash);
  });

  it('gives the same bytes for the same data', async () => {
    const a = await renderReportPdf(buildReportModel(input()));
    const b = await renderReportPdf(buildReportModel(input()));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('renders names it cannot encode instead of failing', async () => {
    const bytes = await renderReportPdf(
      buildReportModel(input({ school: { ...school, name: 'Şcoala 🎓 Ünal' } })),
    );
    expect((await pdfText(bytes)).join(' ')).toContain('?coala ? Ünal');
  });
});

describe('report at the chosen level and nothing finer', () => {
  const finerRow = /leerjaar(\/groep)? \d/;
  const onderwijssoort = /\b(havo|vwo)\b/;
  const textOf = async (over: Partial<ReportInput>) =>
    pdfText(await renderReportPdf(buildReportModel(input(over))));

  it('level school: representativeness of the whole school only, results of the whole school only', async () => {
    const model = buildReportModel(input({ level: 'school', preview: false }));
    expect(model.representativeness.rows).toEqual([['Hele school', '28', '40', '142,9%']]);
    expect(model.representativeness.warnings).toEqual([
      'de hele school heeft meer respondenten (40) dan leerlingen (28); controleer het leerlingaantal.',
    ]);
    expect(model.domains.every((d) => d.sections.map((s) => s.label).join() === 'Hele school')).toBe(true);
    expect(model.schoolOnly).toBeNull();
    const text = (await textOf({ level: 'school', preview: false })).join('\n');
    expect(text).not.toMatch(finerRow);
    expect(text).not.toMatch(onderwijssoort);
    expect(text).not.toContain('Alleen voor de school');
  });

  it('level onderwijssoort: per onderwijssoort and the whole school, no leerjaar', async () => {
    const model = buildReportModel(input({ preview: false }));
    expect(model.representativeness.rows.map((r) => r[0])).toEqual(['havo', 'vwo', 'Hele school']);
    const text = (await textOf({ preview: false })).join('\n');
    expect(text).not.toMatch(finerRow);
    expect(text).toContain('havo (n=20)');
  });

  it('a preview adds the groups on pages of their own after the report, titled as not sent', async () => {
    for (const level of ['school', 'onderwijssoort'] as const) {
      const delivered = await textOf({ level, preview: false });
      const preview = await textOf({ level });
      const own = preview.slice(delivered.length);
      expect(own.length).toBeGreaterThan(0);
      expect(own[0]).toContain('Alleen voor de school: wordt niet naar de inspectie gestuurd');
      expect(own.join('\n')).toContain('havo leerjaar 1');
      expect(own.every((p) => p.includes('Alleen voor de school, pagina'))).toBe(true);
      // The report's own pages show no finer row, in the preview as in the delivery.
      expect(preview.slice(0, delivered.length).join('\n')).not.toMatch(finerRow);
    }
  });

  it('hashes what is delivered: the preview’s hash is the delivery’s', () => {
    for (const level of ['school', 'onderwijssoort'] as const) {
      const preview = buildReportModel(input({ level }));
      const delivered = buildReportModel(input({ level, preview: false }));
      expect(preview.dataHash).toBe(delivered.dataHash);
      expect(preview.delivered).toEqual(delivered.delivered);
    }
  });
});

describe('the report\'s "Beleid"', () => {
  it('names every item the school did not state as not stated, and hashes the policy with the data', () => {
    const none = buildReportModel(input({ policy: null }));
    expect(none.policy.rows.every((r) => r.value === 'niet opgegeven')).toBe(true);
    expect(none.policy.protocols).toHaveLength(12);
    const stated = buildReportModel(
      input({ policy: { coordinator: { name: 'Anne de Vries', email: 'pesten@school.example' } } }),
    );
    expect(stated.policy.rows.find((r) => r.item === 'coordinatorName')?.value).toBe('Anne de Vries');
    expect(stated.policy.missing).toEqual(['safetyPlanAdopted', 'protocols', 'programmes']);
    // What is delivered includes the policy: another policy is another report.
    expect(stated.dataHash).not.toBe(none.dataHash);
  });
});
