/**
 * Workbook ingest next to CSV ingest of the same data: a 3,000-respondent export written once as an Excel
 * workbook (by SheetJS, as the tests write theirs) and once as a Dutch Excel CSV file, each ingested whole (our
 * reader, validation and aggregation), taking turns; and SheetJS's own reader (`@e965/xlsx`, read +
 * sheet_to_json, no validation at all) on the same workbook, the library the reader was measured against.
 */
import * as XLSX from '@e965/xlsx';
import { ONDERWIJSSOORTEN } from '../shared/ids.js';
import { ingestExport } from '../shared/ingest/ingest.js';
import { getInstrument } from '../shared/instruments/catalog.js';
import { basisRows, csvBytes, workbookBytes } from '../test/support/workbooks.js';
import { bestSeconds } from './best-of.js';

const instrument = getInstrument('msv-basis');
if (!instrument) throw new Error('msv-basis missing');
const school = { sector: 'vo' as const, onderwijssoorten: ONDERWIJSSOORTEN };

export const benchWorkbook = (rows = 3000) => {
  const data = basisRows(rows);
  const xlsx = workbookBytes({ name: 'Blad1', rows: data });
  const csv = csvBytes(data);
  const ingest = (bytes: Uint8Array) => () => {
    const r = ingestExport(bytes, { instrument, school, minGroupSize: 5, maxRows: 1_000_000 });
    if (!r.ok) throw new Error(`generated export rejected: ${r.errors[0]?.message}`);
  };
  const sheetJs = () => {
    const wb = XLSX.read(xlsx, { type: 'array', dense: true });
    return XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0] as string] as XLSX.WorkSheet, { header: 1 });
  };
  const [workbook = 0, text = 0, library = 0] = bestSeconds([ingest(xlsx), ingest(csv), sheetJs], 15);
  const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`.padStart(9);
  console.log(
    `workbook vs CSV: ${rows.toLocaleString('en')} respondents, .xlsx ${(xlsx.byteLength / 1024).toFixed(0)} KiB, CSV ${(csv.byteLength / 1024).toFixed(0)} KiB`,
  );
  console.log(`  ingest of the workbook        ${ms(workbook)}`);
  console.log(`  ingest of the CSV file        ${ms(text)}`);
  console.log(`  ratio workbook / CSV          ${(workbook / text).toFixed(1).padStart(6)}`);
  console.log(`  SheetJS read + sheet_to_json  ${ms(library)} (no validation)`);
  return {
    rows,
    xlsxBytes: xlsx.byteLength,
    csvBytes: csv.byteLength,
    workbookSeconds: workbook,
    csvSeconds: text,
    ratio: workbook / text,
    sheetJsSeconds: library,
  };
};
