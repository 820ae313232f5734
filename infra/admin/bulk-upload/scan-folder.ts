/**
 * The folder a vendor uploads: every `{schoolId}.csv` or `{schoolId}.xlsx` in it, the school id taken from the
 * file name and checked with the same schema as the API. Anything else is reported as skipped, with the reason,
 * never silently dropped.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { schoolIdSchema } from '../../../shared/ids.js';

export interface UploadFile {
  schoolId: string;
  name: string;
  path: string;
  bytes: number;
  /** What it is, by its extension, for the media type it is sent with; CSV when not said. */
  format?: 'csv' | 'xlsx';
}

/** The media type each format is sent with: CSV as octet-stream (every encoding byte for byte), a workbook as itself. */
export const MEDIA_TYPES: Readonly<Record<NonNullable<UploadFile['format']>, string>> = {
  csv: 'application/octet-stream',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface SkippedFile {
  name: string;
  reason: string;
}

/** The school id of a file name `{schoolId}.csv` or `.xlsx` (extension in any case), or why it does not qualify. */
export const schoolIdOfFileName = (
  name: string,
): { schoolId: string; format: NonNullable<UploadFile['format']> } | { reason: string } => {
  const m = /^(.*)\.(csv|xlsx)$/i.exec(name);
  if (!m) return { reason: 'not a .csv or .xlsx file' };
  const format = (m[2] as string).toLowerCase() as NonNullable<UploadFile['format']>;
  const parsed = schoolIdSchema.safeParse(m[1]);
  return parsed.success
    ? { schoolId: parsed.data, format }
    : { reason: `the name must be {schoolId}.${format}: ${parsed.error.issues[0]?.message}` };
};

/** Files in `dir` (not recursive), sorted by name; one file per school. */
export const scanFolder = async (dir: string): Promise<{ files: UploadFile[]; skipped: SkippedFile[] }> => {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const files: UploadFile[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Map<string, string>();
  for (const entry of entries) {
    if (!entry.isFile()) {
      skipped.push({ name: entry.name, reason: 'not a regular file' });
      continue;
    }
    const result = schoolIdOfFileName(entry.name);
    if ('reason' in result) {
      skipped.push({ name: entry.name, reason: result.reason });
      continue;
    }
    // 22KC00.csv and 22KC00.xlsx (or .CSV) would be two exports for one school: the second is not guessed at.
    const earlier = seen.get(result.schoolId);
    if (earlier) {
      skipped.push({
        name: entry.name,
        reason: `${earlier} is already the file of school ${result.schoolId}`,
      });
      continue;
    }
    seen.set(result.schoolId, entry.name);
    const path = join(dir, entry.name);
    files.push({
      schoolId: result.schoolId,
      name: entry.name,
      path,
      bytes: (await stat(path)).size,
      format: result.format,
    });
  }
  return { files, skipped };
};
