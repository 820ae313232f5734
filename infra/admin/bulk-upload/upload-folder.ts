/**
 * A vendor's bulk upload: every `{schoolId}.csv` of a folder through the public API (never the database, so the
 * token's scope, validation and storage are exactly those of a single upload), a few files at a time, retrying
 * 429/5xx/network errors with backoff, and a summary: accepted, unchanged (same bytes), rejected with each file's
 * first errors, and files that never got an answer.
 */

import { readFile } from 'node:fs/promises';
import { mapWithConcurrency } from '../../../shared/concurrency.js';
import { describeError } from './describe-error.js';
import type { ProgressBar, ProgressState } from './progress.js';
import { fetchWithRetry, type RetryOptions } from './retry.js';
import { MEDIA_TYPES, type SkippedFile, scanFolder, type UploadFile } from './scan-folder.js';

export interface UploadOptions {
  dir: string;
  api: string;
  token: string;
  schoolYear: string;
  instrument: string;
  concurrency: number;
  retry?: Partial<RetryOptions>;
  progress?: ProgressBar;
  fetch?: typeof fetch;
}

export interface FileResult {
  file: UploadFile;
  outcome: 'accepted' | 'unchanged' | 'rejected' | 'failed';
  status?: number;
  rows: number;
  /** The API's error code (rejected), or what went wrong (failed). */
  code?: string;
  /** The first errors the API listed, as `line L, column C (field): message`. */
  errors: string[];
  errorCount?: number;
}

export interface UploadReport {
  results: FileResult[];
  skipped: SkippedFile[];
  retries: number;
}

/** How many of a rejected file's errors the summary shows. */
export const FIRST_ERRORS = 3;

interface ApiError {
  code?: string;
  message?: string;
  errorCount?: number;
  errors?: Array<{
    line?: number;
    column?: number;
    columnLetter?: string;
    sheet?: string;
    field?: string;
    message?: string;
  }>;
}

/** Turns one API answer into a file result. */
export const resultOf = async (file: UploadFile, res: Response): Promise<FileResult> => {
  const body = (await res.json().catch(() => ({}))) as ApiError & { respondents?: number };
  if (res.status === 201 || res.status === 200) {
    return {
      file,
      outcome: res.status === 201 ? 'accepted' : 'unchanged',
      status: res.status,
      rows: body.respondents ?? 0,
      errors: [],
    };
  }
  const errors = (body.errors ?? []).slice(0, FIRST_ERRORS).map(describeError);
  return {
    file,
    outcome: res.status >= 500 || res.status === 429 ? 'failed' : 'rejected',
    status: res.status,
    rows: 0,
    code: body.code ?? `http_${res.status}`,
    errors: errors.length > 0 ? errors : body.message ? [body.message] : [],
    errorCount: body.errorCount,
  };
};

/** Uploads every `{schoolId}.csv` and `{schoolId}.xlsx` of `opts.dir`; never throws for one file's failure, it reports it. */
export const uploadFolder = async (opts: UploadOptions): Promise<UploadReport> => {
  const doFetch = opts.fetch ?? fetch;
  const { files, skipped } = await scanFolder(opts.dir);
  const state: ProgressState = {
    filesDone: 0,
    filesTotal: files.length,
    bytesDone: 0,
    bytesTotal: files.reduce((n, f) => n + f.bytes, 0),
    rows: 0,
    failures: 0,
    retries: 0,
    startedAt: Date.now(),
  };
  opts.progress?.update(state, true);
  const base = opts.api.replace(/\/+$/, '');
  const results = await mapWithConcurrency(files, opts.concurrency, async (file): Promise<FileResult> => {
    let result: FileResult;
    try {
      const body = await readFile(file.path);
      const url = `${base}/schools/${encodeURIComponent(file.schoolId)}/years/${opts.schoolYear}/exports?instrument=${encodeURIComponent(opts.instrument)}`;
      const res = await fetchWithRetry(
        () =>
          doFetch(url, {
            method: 'POST',
            // A binary media type: API Gateway hands the bytes over untouched, whatever the file's encoding.
            headers: {
              authorization: `Bearer ${opts.token}`,
              'content-type': MEDIA_TYPES[file.format ?? 'csv'],
            },
            body,
          }),
        {
          retries: 4,
          baseMs: 500,
          maxMs: 30_000,
          ...opts.retry,
          onRetry: () => {
            state.retries++;
          },
        },
      );
      result = await resultOf(file, res);
    } catch (err) {
      result = { file, outcome: 'failed', rows: 0, code: 'network_error', errors: [(err as Error).message] };
    }
    state.filesDone++;
    state.bytesDone += file.bytes;
    state.rows += result.rows;
    if (result.outcome === 'rejected' || result.outcome === 'failed') state.failures++;
    opts.progress?.update(state);
    return result;
  });
  opts.progress?.finish(state);
  return { results, skipped, retries: state.retries };
};

/** The summary printed at the end, and whether the run counts as failed (exit code 1). */
export const summaryLines = (report: UploadReport): { lines: string[]; failed: boolean } => {
  const by = (o: FileResult['outcome']) => report.results.filter((r) => r.outcome === o);
  const [accepted, unchanged, rejected, failed] = [
    by('accepted'),
    by('unchanged'),
    by('rejected'),
    by('failed'),
  ];
  const rows = report.results.reduce((n, r) => n + r.rows, 0);
  const lines = [
    `${report.results.length} file(s): ${accepted.length} accepted, ${unchanged.length} unchanged, ${rejected.length} rejected, ${failed.length} failed; ${rows} rows; ${report.retries} retried request(s)`,
  ];
  for (const r of [...rejected, ...failed]) {
    const more =
      r.errorCount !== undefined && r.errorCount > r.errors.length
        ? ` (${r.errorCount} errors, first ${r.errors.length})`
        : '';
    lines.push(`${r.outcome} ${r.file.name}: ${r.status ?? '-'} ${r.code ?? ''}${more}`);
    for (const e of r.errors) lines.push(`    ${e}`);
  }
  for (const s of report.skipped) lines.push(`skipped ${s.name}: ${s.reason}`);
  return { lines, failed: rejected.length + failed.length > 0 };
};
