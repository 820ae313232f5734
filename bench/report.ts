/**
 * Report rendering: a VO school with all six onderwijssoorten at level "onderwijssoort", against a bare PDF of
 * the same page count made with the same library (pages with one line of text): the ratio is our layout's cost.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ONDERWIJSSOORTEN } from '../shared/ids.js';
import { ingestExport } from '../shared/ingest/ingest.js';
import { getInstrument } from '../shared/instruments/catalog.js';
import { renderReportPdf } from '../shared/report/render-pdf.js';
import { buildReportModel } from '../shared/report/report-model.js';
import { generateExport } from './ingest.js';

const best = async (runs: number, fn: () => Promise<unknown>): Promise<number> => {
  await fn();
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
};

export const benchReport = async (): Promise<Record<string, unknown>> => {
  const instrument = getInstrument('msv-basis');
  if (!instrument) throw new Error('msv-basis missing');
  const school = {
    schoolId: '22KC00',
    boardId: '41234',
    name: 'Voorbeeld Scholengemeenschap',
    sector: 'vo' as const,
    onderwijssoorten: [...ONDERWIJSSOORTEN],
    createdAt: '2025-09-01T00:00:00.000Z',
  };
  const ingested = ingestExport(generateExport(1800), {
    instrument,
    school,
    minGroupSize: 5,
    maxRows: 10_000,
  });
  if (!ingested.ok) throw new Error('generated export rejected');
  const administration = {
    surveyedLeerjaren: [1, 2, 3, 4, 5, 6],
    period: { from: '2026-01-12', to: '2026-02-06' },
    mode: 'online' as const,
    anonymous: true,
    supervision: 'mentor' as const,
    studentCounts: ingested.summary.groups.map((g) => ({
      ...g,
      onderwijssoort: g.onderwijssoort ?? undefined,
      students: g.respondents + 10,
    })),
  };
  const model = buildReportModel({
    school,
    board: undefined,
    schoolYear: '2025-2026',
    level: 'onderwijssoort',
    instrument,
    exportId: 'exp_bench',
    acceptedAt: '2026-02-10T09:00:00.000Z',
    summary: ingested.summary,
    aggregates: ingested.aggregates,
    administration,
    policy: null,
    lowResponsePercent: 50,
    preview: false,
  });
  const pdf = await renderReportPdf(model);
  const pages = (await PDFDocument.load(pdf)).getPageCount();
  const bare = async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let i = 0; i < pages; i++)
      doc.addPage().drawText(`Pagina ${i + 1}`, { x: 50, y: 800, size: 10, font });
    return doc.save();
  };
  const oursMs = await best(10, () => renderReportPdf(model));
  const bareMs = await best(10, bare);
  console.log(
    `report PDF, VO school with ${ONDERWIJSSOORTEN.length} onderwijssoorten: ${pages} pages, ${(pdf.length / 1024).toFixed(0)} KiB`,
  );
  console.log(`  our report           ${oursMs.toFixed(1)} ms`);
  console.log(`  bare PDF, ${pages} pages  ${bareMs.toFixed(1)} ms`);
  console.log(`  ratio                ${(oursMs / bareMs).toFixed(1)}× the bare PDF`);
  return { pages, bytes: pdf.length, oursMs, bareMs, ratio: oursMs / bareMs };
};
