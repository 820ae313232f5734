/**
 * The upload of one file for several schools (`POST /exports`): split by the school column, then every school's
 * part accepted on its own, as if that school had uploaded it — under the same access rules (a vendor's token
 * only for its own schools), with the same checks, records, raw copy and board notice. One school's refusal
 * does not refuse another's data; what only the whole file can get wrong refuses the whole file, and then
 * nothing is stored.
 */
import { mayAct, schoolAccess } from '../auth/access.js';
import { mapWithConcurrency } from '../concurrency.js';
import { type SchoolPart, splitBySchool } from '../ingest/split-schools.js';
import type { IngestError } from '../ingest/types.js';
import type { Instrument } from '../instruments/schema.js';
import type { Principal, School } from '../model.js';
import type { SchoolReads } from '../store/schools.js';
import { type AcceptExportDeps, type AcceptExportResult, acceptExport, sha256Hex } from './accept-export.js';

/** Parts handled at once: each is a few table calls and one object put, and the API answers within 29 s. */
const PARTS_AT_ONCE = 8;

export interface AcceptSchoolsFileDeps extends AcceptExportDeps {
  store: AcceptExportDeps['store'] & { schools: Pick<SchoolReads, 'get'> };
}

export interface AcceptSchoolsFileInput {
  principal: Principal;
  schoolYear: string;
  instrument: Instrument;
  bytes: Uint8Array;
  sheet?: string;
  /** Who uploaded, as `role:tokenId`. */
  actor: string;
  minGroupSize: number;
  maxRows: number;
  maxSchools: number;
}

/** What became of one school's part. `refused` answers alike for a foreign school and an unknown one. */
export type SchoolOutcome =
  | {
      schoolId: string;
      status: 'accepted';
      school: School;
      result: Exclude<AcceptExportResult, { status: 'rejected' }>;
    }
  | { schoolId: string; status: 'rejected'; errors: IngestError[]; errorCount: number }
  | { schoolId: string; status: 'refused'; code: 'forbidden' | 'school_not_found' };

export type AcceptSchoolsFileResult<R> =
  | { status: 'split'; results: R[] }
  | { status: 'rejected'; errors: IngestError[]; errorCount: number };

/**
 * Splits the file and accepts every school's part, at most {@link PARTS_AT_ONCE} at once; `finish` turns each
 * part's outcome into what the caller answers (the board's notice of a new export goes there, right after that
 * part is stored, not after the whole file). A part that fails for a reason of msv's own (the table unavailable)
 * does not stop the others: every part is settled first, and then the first such failure is thrown (a 500, which
 * alarms). What was stored stays stored, each with its notice, and sending the same file again stores the rest
 * (the stored parts answer `unchanged`).
 */
export const acceptSchoolsFile = async <R>(
  deps: AcceptSchoolsFileDeps,
  input: AcceptSchoolsFileInput,
  finish: (outcome: SchoolOutcome) => Promise<R>,
): Promise<AcceptSchoolsFileResult<R>> => {
  const { principal, instrument } = input;
  const split = splitBySchool(input.bytes, {
    instrument,
    maxSchools: input.maxSchools,
    maxRows: input.maxRows,
    ...(input.sheet ? { sheet: input.sheet } : {}),
  });
  if (!split.ok) return { status: 'rejected', errors: split.errors, errorCount: split.errorCount };
  const sourceSha256 = sha256Hex(input.bytes);

  const acceptPart = async (part: SchoolPart): Promise<SchoolOutcome> => {
    const { schoolId } = part;
    const school = await deps.store.schools.get(schoolId);
    const access = schoolAccess(principal, schoolId, school);
    if (access === 'not_found') return { schoolId, status: 'refused', code: 'school_not_found' };
    if (access === 'forbidden' || !school || !mayAct(principal, school, 'upload')) {
      return { schoolId, status: 'refused', code: 'forbidden' };
    }
    const result = await acceptExport(deps, {
      school,
      schoolYear: input.schoolYear,
      instrument,
      bytes: part.bytes,
      actor: input.actor,
      minGroupSize: input.minGroupSize,
      maxRows: input.maxRows,
      source: { format: split.format, sha256: sourceSha256 },
    });
    if (result.status === 'rejected') {
      return {
        schoolId,
        status: 'rejected',
        errors: result.errors.map((e) => part.locate(e)),
        errorCount: result.errorCount,
      };
    }
    return { schoolId, status: 'accepted', school, result };
  };

  const settled = await mapWithConcurrency(split.parts, PARTS_AT_ONCE, async (part) => {
    try {
      return { ok: true as const, result: await finish(await acceptPart(part)) };
    } catch (error) {
      return { ok: false as const, error };
    }
  });
  const results: R[] = [];
  for (const s of settled) {
    if (!s.ok) throw s.error;
    results.push(s.result);
  }
  return { status: 'split', results };
};
