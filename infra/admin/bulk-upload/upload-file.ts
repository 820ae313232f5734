/**
 * A vendor's or board's one file for several schools (a BRIN column says whose each row is) through the public
 * API's `POST /exports` — never the database, so the token's scope, the split and the checks are the API's —
 * retried on 429/5xx/network errors like the folder upload (safe: every part's export id comes from its bytes,
 * so a part stored before a lost answer comes back unchanged), and a summary: each school's outcome, then totals.
 */

import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { type ApiErrorEntry, describeError } from './describe-error.js';
import { fetchWithRetry, type RetryOptions } from './retry.js';
import { MEDIA_TYPES } from './scan-folder.js';
import { FIRST_ERRORS } from './upload-folder.js';

export interface UploadSchoolsFileOptions {
  file: string;
  api: string;
  token: string;
  schoolYear: string;
  instrument: string;
  /** A workbook's worksheet, by name; the API ignores it for a CSV file. */
  sheet?: string;
  retry?: Partial<RetryOptions>;
  /** Told before each retry's wait (the CLI writes it to stderr). */
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
  fetch?: typeof fetch;
}

export interface SchoolResult {
  schoolId: string;
  outcome: 'accepted' | 'unchanged' | 'rejected' | 'refused';
  rows: number;
  /** `invalid_export` (rejected), `forbidden` or `school_not_found` (refused). */
  code?: string;
  /** The first errors the API listed, placed in the uploaded file. */
  errors: string[];
  errorCount?: number;
}

export interface SchoolsFileReport {
  /** The file's name, as the summary shows it. */
  name: string;
  /**
   * `split`: 200 or 207, each school's outcome in `schools`; `rejected`: the API refused the whole file (422,
   * or 400/401/403/413/415), nothing stored; `failed`: no usable answer after the retries.
   */
  outcome: 'split' | 'rejected' | 'failed';
  status?: number;
  code?: string;
  errors: string[];
  errorCount?: number;
  schools: SchoolResult[];
  retries: number;
}

interface ApiPart {
  schoolId?: string;
  status?: string;
  unchanged?: boolean;
  respondents?: number;
  code?: string;
  errorCount?: number;
  errors?: ApiErrorEntry[];
}

interface ApiBody {
  code?: string;
  message?: string;
  errorCount?: number;
  errors?: ApiErrorEntry[];
  schools?: ApiPart[];
}

const firstErrors = (errors: ApiErrorEntry[] | undefined): string[] =>
  (errors ?? []).slice(0, FIRST_ERRORS).map(describeError);

/** One school's entry of a 200/207 answer. */
export const schoolResultOf = (part: ApiPart): SchoolResult => {
  const schoolId = part.schoolId ?? '?';
  if (part.status === 'accepted') {
    return {
      schoolId,
      outcome: part.unchanged ? 'unchanged' : 'accepted',
      rows: part.respondents ?? 0,
      errors: [],
    };
  }
  if (part.status === 'refused')
    return { schoolId, outcome: 'refused', rows: 0, code: part.code, errors: [] };
  return {
    schoolId,
    outcome: 'rejected',
    rows: 0,
    code: part.code ?? 'invalid_export',
    errors: firstErrors(part.errors),
    errorCount: part.errorCount,
  };
};

/** The API's answer to the whole file as a report (without the retries, which the caller counted). */
export const reportOf = async (name: string, res: Response, retries = 0): Promise<SchoolsFileReport> => {
  const body = (await res.json().catch(() => ({}))) as ApiBody;
  if ((res.status === 200 || res.status === 207) && Array.isArray(body.schools)) {
    return {
      name,
      outcome: 'split',
      status: res.status,
      errors: [],
      schools: body.schools.map(schoolResultOf),
      retries,
    };
  }
  const errors = firstErrors(body.errors);
  return {
    name,
    // A 2xx without schools is not an answer this client understands: nothing can be said to be stored.
    outcome: res.status >= 500 || res.status === 429 || res.ok ? 'failed' : 'rejected',
    status: res.status,
    code: body.code ?? `http_${res.status}`,
    errors: errors.length > 0 ? errors : body.message ? [body.message] : [],
    errorCount: body.errorCount,
    schools: [],
    retries,
  };
};

/** The media type the file is sent with: a workbook as itself, anything else byte for byte (CSV in any encoding). */
export const mediaTypeOf = (file: string): string =>
  extname(file).toLowerCase() === '.xlsx' ? MEDIA_TYPES.xlsx : MEDIA_TYPES.csv;

/** A file that cannot be read (missing, a folder): a bad argument, not a failed upload. */
export class UnreadableFileError extends Error {
  override name = 'UnreadableFileError';
}

/**
 * Uploads `opts.file` to `POST /exports`. Throws UnreadableFileError when the file cannot be read; any answer, or
 * no answer after the retries, is reported, never thrown.
 */
export const uploadSchoolsFile = async (opts: UploadSchoolsFileOptions): Promise<SchoolsFileReport> => {
  const doFetch = opts.fetch ?? fetch;
  const name = basename(opts.file);
  const body = await readFile(opts.file).catch((err: Error) => {
    throw new UnreadableFileError(`--file ${opts.file}: ${err.message}`);
  });
  const query = new URLSearchParams({ schoolYear: opts.schoolYear, instrument: opts.instrument });
  if (opts.sheet !== undefined) query.set('sheet', opts.sheet);
  const url = `${opts.api.replace(/\/+$/, '')}/exports?${query}`;
  let retries = 0;
  try {
    const res = await fetchWithRetry(
      () =>
        doFetch(url, {
          method: 'POST',
          // A binary media type: API Gateway hands the bytes over untouched, whatever the file's encoding.
          headers: { authorization: `Bearer ${opts.token}`, 'content-type': mediaTypeOf(opts.file) },
          body,
        }),
      {
        retries: 4,
        baseMs: 500,
        maxMs: 30_000,
        ...opts.retry,
        onRetry: (info) => {
          retries++;
          opts.onRetry?.(info);
        },
      },
    );
    return await reportOf(name, res, retries);
  } catch (err) {
    return {
      name,
      outcome: 'failed',
      code: 'network_error',
      errors: [(err as Error).message],
      schools: [],
      retries,
    };
  }
};

/**
 * The summary printed at the end, in the folder upload's style: one line per school (its errors indented below
 * it), then the totals; a file refused whole or without an answer, with its first errors. `failed` (exit code 1)
 * unless the API answered 200, every school accepted.
 */
export const schoolsFileSummaryLines = (report: SchoolsFileReport): { lines: string[]; failed: boolean } => {
  const more = (r: { errorCount?: number; errors: string[] }) =>
    r.errorCount !== undefined && r.errorCount > r.errors.length
      ? ` (${r.errorCount} errors, first ${r.errors.length})`
      : '';
  const retried = `${report.retries} retried request(s)`;
  if (report.outcome !== 'split') {
    const lines = [
      `${report.outcome} ${report.name}: ${report.status ?? '-'} ${report.code ?? ''}${more(report)}`,
    ];
    for (const e of report.errors) lines.push(`    ${e}`);
    lines.push(
      report.outcome === 'rejected'
        ? `nothing was stored for any school; ${retried}`
        : `no answer from the API, nothing is known to be stored; ${retried}`,
    );
    return { lines, failed: true };
  }
  const lines: string[] = [];
  for (const s of report.schools) {
    if (s.outcome === 'accepted' || s.outcome === 'unchanged') {
      lines.push(`${s.outcome} ${s.schoolId}: ${s.rows} rows`);
    } else {
      lines.push(`${s.outcome} ${s.schoolId}: ${s.code ?? ''}${more(s)}`);
      for (const e of s.errors) lines.push(`    ${e}`);
    }
  }
  const by = (o: SchoolResult['outcome']) => report.schools.filter((s) => s.outcome === o).length;
  const rows = report.schools.reduce((n, s) => n + s.rows, 0);
  lines.push(
    `${report.name}: ${report.status}; ${report.schools.length} school(s): ${by('accepted')} accepted, ${by('unchanged')} unchanged, ${by('rejected')} rejected, ${by('refused')} refused; ${rows} rows; ${retried}`,
  );
  return { lines, failed: report.status !== 200 };
};
