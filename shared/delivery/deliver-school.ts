/**
 * Delivering one school's data for one delivery date, exactly once whatever repeats: the same schedule firing
 * twice, the same job arriving twice, two workers at once, or a crash between any two steps.
 *
 * How: the delivery id and every file are derived from the consent version alone (no clock inside), so a retry
 * writes the same keys with the same bytes; the consent is marked delivered and the delivery record written in
 * one conditional transaction, which only one attempt can win; the confirmation mail is sent after that and
 * marked sent, so a retry after a crash sends it (at least once) but never delivers twice.
 */

import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { deliversAtLevel, exportPolicyOf, waitsForNewDate } from '../consent/export-policy.js';
import { smallSchoolOf } from '../consent/small-school.js';
import { AppError } from '../errors.js';
import type { Board, Consent, DeliveryRecord, School } from '../model.js';
import { type BoardMailReads, boardForMail } from '../people/board-mail.js';
import type { Mailer, ObjectStore } from '../ports.js';
import { renderReportPdf } from '../report/render-pdf.js';
import { reportInputFor } from '../report/report-input.js';
import { buildReportModel, canonicalJson } from '../report/report-model.js';
import type { BoardReads } from '../store/boards.js';
import type { ConsentReads } from '../store/consents.js';
import { DeliveryConflictError, type DeliveryStore, MailClaimedError } from '../store/deliveries.js';
import type { ExportReads } from '../store/exports.js';
import type { InstrumentReads } from '../store/instruments.js';
import type { PolicyReads } from '../store/policies.js';
import type { SchoolReads } from '../store/schools.js';
import { startOfDay } from '../time/amsterdam.js';
import { DELIVERY_WORKER_TIMEOUT_SECONDS } from './delivery-job.js';
import { deliveryMail } from './delivery-mail.js';
import { finishNoData, type NoDataOutcome, type NoDataReason, recordNoData } from './no-data.js';

/**
 * The shape of `data.json` (README, "data.json"). 2: results, representativeness and administration answers at
 * the chosen level only (no per-group representativeness or student counts). 3: `nalevering`, whether the delivery
 * is a late one, given in a catch-up window after the year's 1 July (always present, false or true), and the
 * school's safety policy as the consent snapshotted it (`policy`, `policyMissing`): both came in one release.
 * 4: `instrument.version`, the definition the export was checked and counted under. 5: `source`, where the
 * figures come from: `respondents` (msv counted them from respondent rows) or `vendor-aggregated` (the vendor's
 * own aggregates, checked but not recounted).
 */
export const DATA_SCHEMA_VERSION = 5;

export interface DeliveryDeps {
  store: {
    consents: ConsentReads;
    deliveries: DeliveryStore;
    schools: SchoolReads;
    boards: BoardReads;
    exports: ExportReads;
    /** Who of the board's people its mails go to (shared/people/board-mail.ts). */
    people: BoardMailReads;
    /** Read only for a report without consent; a delivery's consent carries its policy (report-input.ts). */
    policies: PolicyReads;
    /** The definition an export pinned, when the operator stored it (report-input.ts). */
    instruments: Pick<InstrumentReads, 'get'>;
  };
  /** The Inspectie's delivery location. */
  deliveries: ObjectStore;
  deliveryBucket: string;
  deliveryPrefix: string;
  mailer: Mailer;
  clock: Clock;
  lowResponsePercent: number;
}

export interface DeliveryJob {
  schoolId: string;
  schoolYear: string;
  deliveryDate: string;
}

export type DeliveryOutcome =
  | {
      outcome: 'delivered' | 'already_delivered';
      deliveryId: string;
      /**
       * `claimed`: another attempt at the same time holds the confirmation and had not sent it after
       * {@link CLAIM_WAIT_MS}; the worker hands the job back, whose next try finds it sent (or sends it).
       */
      mail: 'sent' | 'failed' | 'was_sent' | 'claimed';
      /** Why the confirmation failed, for the worker's error log. */
      mailError?: string;
    }
  | { outcome: 'skipped'; reason: 'no_consent' | 'revoked' | 'other_date' }
  | NoDataOutcome;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * One id per consent version: a changed consent is a new delivery, a retry of the same one is not. (A `latest`
 * consent's export is chosen once per date, by the first attempt, and kept on the consent: its retries build the
 * same files under the same id.)
 */
export const deliveryIdOf = (c: Pick<Consent, 'schoolId' | 'schoolYear' | 'version'>): string =>
  `dlv_${sha256(new TextEncoder().encode(`${c.schoolId}\n${c.schoolYear}\n${c.version}`)).slice(0, 20)}`;

export const deliverSchool = async (deps: DeliveryDeps, job: DeliveryJob): Promise<DeliveryOutcome> => {
  const consent = await deps.store.consents.get(job.schoolId, job.schoolYear);
  if (!consent) return { outcome: 'skipped', reason: 'no_consent' };
  if (consent.status === 'delivered') return finishMail(deps, job);
  if (consent.status === 'revoked') return { outcome: 'skipped', reason: 'revoked' };
  if (consent.deliveryDate !== job.deliveryDate) return { outcome: 'skipped', reason: 'other_date' };
  if (waitsForNewDate(consent)) return finishNoData(deps, consent);
  if (deps.clock.now().getTime() < startOfDay(consent.deliveryDate).getTime()) {
    throw new AppError(
      409,
      'delivery_not_due',
      `The delivery date ${consent.deliveryDate} has not begun yet; nothing was delivered.`,
      {
        messageNl: `De leverdatum ${consent.deliveryDate} is nog niet aangebroken; er is niets geleverd.`,
      },
    );
  }

  let exportId: string;
  try {
    const found = await exportToDeliver(deps, consent);
    if ('noData' in found) return await recordNoData(deps, consent, found.noData);
    exportId = found.exportId;
  } catch (err) {
    // Another attempt chose the export or recorded no data first, or the consent changed: see what it says now.
    if (err instanceof DeliveryConflictError) return lookAgain(deps, job);
    throw err;
  }
  const deliveryId = deliveryIdOf(consent);
  const prefix = `${deps.deliveryPrefix}/${consent.schoolYear}/${consent.schoolId}/${deliveryId}/`;
  // The report and data.json are built from the export found here, for a `latest` consent too.
  const { files, school, board } = await buildFiles(deps, { ...consent, exportId }, deliveryId);
  const put = async (f: DeliveryFile): Promise<DeliveryRecord['files'][number]> => {
    await deps.deliveries.put(`${prefix}${f.name}`, f.bytes, f.contentType);
    return { name: f.name, key: `${prefix}${f.name}`, sha256: sha256(f.bytes), bytes: f.bytes.byteLength };
  };
  // report.pdf and data.json side by side; the manifest only once both are there (its presence says they are).
  const [report, data, manifest] = files;
  const written: DeliveryRecord['files'] = [
    ...(await Promise.all([put(report), put(data)])),
    await put(manifest),
  ];

  const record: DeliveryRecord = {
    deliveryId,
    schoolId: consent.schoolId,
    schoolYear: consent.schoolYear,
    deliveryDate: consent.deliveryDate,
    level: consent.level,
    exportId,
    consentVersion: consent.version,
    bucket: deps.deliveryBucket,
    prefix,
    files: written,
    ...(consent.nalevering ? { nalevering: true } : {}),
    deliveredAt: deps.clock.now().toISOString(),
    mailSentAt: null,
  };
  try {
    await deps.store.deliveries.markDelivered(consent, record);
  } catch (err) {
    if (err instanceof DeliveryConflictError) return lookAgain(deps, job);
    throw err;
  }
  // The school and board the files were built from, not read a second time for the mail.
  return { outcome: 'delivered', deliveryId, ...(await sendMail(deps, record, { school, board })) };
};

/**
 * The export the consent delivers now: its pinned one, or for `latest` the current one, if there is one with what
 * the chosen level needs; otherwise why nothing can be delivered.
 */
const exportToDeliver = async (
  deps: DeliveryDeps,
  consent: Consent,
): Promise<{ exportId: string } | { noData: NoDataReason }> => {
  if (exportPolicyOf(consent) === 'pinned') return { exportId: consent.exportId as string };
  // A retry (or a second worker) takes the export the first attempt chose, whatever was uploaded since: one
  // delivery id, one set of files, never a second folder in the Inspectie's bucket.
  if (consent.deliveringExportId) return { exportId: consent.deliveringExportId };
  // The record and its summary only: the aggregates, the year's largest item, are read once, by the report.
  const currentId = await deps.store.exports.getCurrentId(consent.schoolId, consent.schoolYear);
  const current = currentId
    ? await deps.store.exports.get(consent.schoolId, consent.schoolYear, currentId)
    : undefined;
  if (!current) return { noData: 'no_export' };
  if (!deliversAtLevel(consent.level, current.summary)) return { noData: 'level_not_available' };
  // Consent given before this data could not confirm a delivery without scores: never a silently empty one.
  if (!consent.smallSchoolConfirmed) {
    const aggregates = await deps.store.exports.getAggregates(
      consent.schoolId,
      consent.schoolYear,
      current.record.exportId,
    );
    if (aggregates && smallSchoolOf(aggregates)) return { noData: 'small_school_unconfirmed' };
  }
  // Only one attempt chooses: a conflict here (another chose first, or recorded no data) is looked at again.
  await deps.store.deliveries.chooseExport(consent, current.record.exportId);
  return { exportId: current.record.exportId };
};

/** The commit lost: another attempt won, or the consent changed under us. What it says now decides. */
const lookAgain = async (deps: DeliveryDeps, job: DeliveryJob): Promise<DeliveryOutcome> => {
  const now = await deps.store.consents.get(job.schoolId, job.schoolYear);
  if (now?.status === 'delivered') return finishMail(deps, job);
  if (now?.status === 'active' && now.deliveryDate === job.deliveryDate && waitsForNewDate(now)) {
    return finishNoData(deps, now);
  }
  if (now?.status === 'active' && now.deliveryDate === job.deliveryDate) {
    // Still due (changed meanwhile, e.g. its administration answers): never skip it; the message is retried.
    throw new Error(`consent of ${job.schoolId} ${job.schoolYear} changed during delivery; retrying`);
  }
  return { outcome: 'skipped', reason: now?.status === 'revoked' ? 'revoked' : 'other_date' };
};

/** After delivery: make sure the confirmation went out (a crash may have come between commit and mail). */
const finishMail = async (deps: DeliveryDeps, job: DeliveryJob): Promise<DeliveryOutcome> => {
  const record = await deps.store.deliveries.get(job.schoolId, job.schoolYear);
  if (!record) throw new Error(`consent of ${job.schoolId} is delivered but has no delivery record`);
  const mail = record.mailSentAt ? { mail: 'was_sent' as const } : await sendMail(deps, record);
  return { outcome: 'already_delivered', deliveryId: record.deliveryId, ...mail };
};

/**
 * How long an attempt's claim on the confirmation holds: the worker's timeout, which no attempt outlives. A job
 * that comes back after its attempt died (SQS's visibility timeout is six times as long) finds it expired.
 */
const MAIL_CLAIM_MS = DELIVERY_WORKER_TIMEOUT_SECONDS * 1000;

/**
 * How long an attempt that finds the confirmation claimed waits for the claimant: it usually sends within a second.
 * Not answering at once is what keeps the mail: the claimant may be another receipt of this very message (SQS
 * delivers at least once), and if its send then failed, nothing else would bring the job back.
 */
const CLAIM_WAIT_MS = 10_000;
const CLAIM_POLL_MS = 250;

/**
 * The board's confirmation, then its mark. First the attempt claims it: of two attempts at once (the same job
 * twice, from a schedule fired twice) one sends and the other answers `claimed`, so the board hears once; the
 * claimant's own job stays on the queue until it is done, and comes back if it dies. A failure before SES took the
 * mail is `failed` and gives up the claim (the worker hands the job back, and its next try sends only this). Once
 * SES took it, the mark is retried but never the mail: a mark that still fails leaves `mailSentAt` empty rather
 * than send the board the same confirmation twice.
 */
const sendMail = async (
  deps: DeliveryDeps,
  record: DeliveryRecord,
  read?: { school: School; board: Board | undefined },
): Promise<{ mail: 'sent' | 'failed' | 'claimed' | 'was_sent'; mailError?: string }> => {
  const { schoolId, schoolYear } = record;
  const school = read?.school ?? (await deps.store.schools.get(schoolId));
  const board = read?.board ?? (school ? await deps.store.boards.get(school.boardId) : undefined);
  if (!school || !board) return { mail: 'failed', mailError: `school or board of ${schoolId} is missing` };
  const token = randomUUID();
  const claim = async (): Promise<boolean> => {
    const now = deps.clock.now();
    try {
      await deps.store.deliveries.claimMail(schoolId, schoolYear, {
        token,
        now: now.toISOString(),
        until: new Date(now.getTime() + MAIL_CLAIM_MS).toISOString(),
      });
      return true;
    } catch (err) {
      if (err instanceof MailClaimedError) return false;
      throw err;
    }
  };
  // Held by another attempt: wait until it has sent (done), gave up (then this one sends), or the wait is over.
  for (let waited = 0; !(await claim()); waited += CLAIM_POLL_MS) {
    if ((await deps.store.deliveries.get(schoolId, schoolYear))?.mailSentAt) return { mail: 'was_sent' };
    if (waited >= CLAIM_WAIT_MS) return { mail: 'claimed' };
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
  }
  try {
    await deps.mailer.send(
      deliveryMail({ school, board: await boardForMail(deps.store.people, board), record }),
    );
  } catch (err) {
    // Given up at once, so that this job's retry may send; if this fails too, the claim runs out by itself.
    await deps.store.deliveries.releaseMail(schoolId, schoolYear, token).catch(() => undefined);
    return { mail: 'failed', mailError: (err as Error).message };
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.store.deliveries.markMailSent(
        record.schoolId,
        record.schoolYear,
        deps.clock.now().toISOString(),
      );
      return { mail: 'sent' };
    } catch (err) {
      if (attempt === 3)
        return { mail: 'sent', mailError: `sent, but not marked: ${(err as Error).message}` };
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
};

interface DeliveryFile {
  name: string;
  bytes: Uint8Array;
  contentType: string;
}

/**
 * report.pdf, data.json and manifest.json: all from the consent and its pinned export, no clock inside; and the
 * school and board they were built from.
 */
const buildFiles = async (
  deps: DeliveryDeps,
  consent: Consent,
  deliveryId: string,
): Promise<{
  files: [DeliveryFile, DeliveryFile, DeliveryFile];
  school: School;
  board: Board | undefined;
}> => {
  const { schoolId, schoolYear } = consent;
  const school = await deps.store.schools.get(schoolId);
  if (!school) throw new Error(`school ${schoolId} is missing`);
  // The same input the school's preview is built from (shared/report/report-input.ts), without the concept mark.
  const input = await reportInputFor(deps.store, {
    school,
    schoolYear,
    consent,
    preview: false,
    lowResponsePercent: deps.lowResponsePercent,
  });
  const { instrument, aggregates } = input;
  const model = buildReportModel(input);
  const pdf = await renderReportPdf(model);
  // The same projection the PDF shows (shared/report/delivered-level.ts): the chosen level and nothing finer.
  const { levels, representativeness, administration } = model.delivered;
  const data = new TextEncoder().encode(
    `${canonicalJson({
      schemaVersion: DATA_SCHEMA_VERSION,
      deliveryId,
      school: { schoolId, name: school.name, boardId: school.boardId, sector: school.sector },
      schoolYear,
      level: consent.level,
      instrument: {
        id: instrument.id,
        version: instrument.version ?? 1,
        name: instrument.name,
        publisher: instrument.publisher,
      },
      minGroupSize: aggregates.minGroupSize,
      source: input.summary.source ?? 'respondents',
      // Said at the top level, not only in the consent: a reader (the Inspectie) sorts late deliveries by it.
      nalevering: consent.nalevering === true,
      levels,
      representativeness,
      administration,
      // As the school stated it when consent was given; null: nothing stated (every item "niet opgegeven").
      policy: input.policy,
      policyMissing: model.policy.missing,
      consent: {
        givenBy: consent.updatedBy,
        givenByName: consent.updatedByName ?? null,
        // Who (name, email, role) when a person gave it; whether a school's person confirmed the board agreed.
        givenByPerson: consent.updatedByPerson
          ? {
              name: consent.updatedByPerson.name,
              email: consent.updatedByPerson.email,
              role: consent.updatedByPerson.role,
            }
          : null,
        withBoardConsent: consent.withBoardConsent ?? null,
        at: consent.updatedAt,
        deliveryDate: consent.deliveryDate,
        version: consent.version,
      },
    })}\n`,
  );
  const manifest = new TextEncoder().encode(
    `${JSON.stringify(
      {
        schemaVersion: DATA_SCHEMA_VERSION,
        deliveryId,
        schoolId,
        schoolYear,
        files: [
          { name: 'report.pdf', sha256: sha256(pdf), bytes: pdf.byteLength },
          { name: 'data.json', sha256: sha256(data), bytes: data.byteLength },
        ],
      },
      null,
      2,
    )}\n`,
  );
  return {
    files: [
      { name: 'report.pdf', bytes: pdf, contentType: 'application/pdf' },
      { name: 'data.json', bytes: data, contentType: 'application/json' },
      // Last: a manifest present means both files it names are there.
      { name: 'manifest.json', bytes: manifest, contentType: 'application/json' },
    ],
    school,
    board: input.board,
  };
};
