/** The summary every reader of exports gives: one shape, whether counted from rows or given as aggregates. */
import type { ExportSummary } from './types.js';

/**
 * An export's summary from its groups (onderwijssoort × leerjaar, as the Aggregator counts them or a vendor's
 * aggregates give them): respondents per leerjaar, per onderwijssoort and in all, and the file's format.
 */
export const summarise = (
  groups: ExportSummary['groups'],
  instrument: string,
  format: { encoding: string; delimiter: ExportSummary['delimiter']; sheet?: string },
  ignoredColumns: string[],
): ExportSummary => {
  const leerjaren: Record<string, number> = {};
  const onderwijssoorten: Record<string, number> = {};
  let respondents = 0;
  for (const g of groups) {
    respondents += g.respondents;
    leerjaren[g.leerjaar] = (leerjaren[g.leerjaar] ?? 0) + g.respondents;
    if (g.onderwijssoort)
      onderwijssoorten[g.onderwijssoort] = (onderwijssoorten[g.onderwijssoort] ?? 0) + g.respondents;
  }
  const { encoding, delimiter, sheet } = format;
  return {
    instrument,
    encoding,
    delimiter,
    ...(sheet !== undefined ? { sheet } : {}),
    ...(ignoredColumns.length > 0 ? { ignoredColumns } : {}),
    respondents,
    leerjaren,
    onderwijssoorten,
    groups,
  };
};
