/**
 * Giving, changing and revoking consent: the rules, then one transaction, then the schedule and the mail.
 * The schedule and the mail come after the commit on purpose: a consent is never lost because SES or the
 * Scheduler hiccuped, and the schedule is (re)ensured on every write, so repeating the request repairs it.
 */

import type { Clock } from '../clock.js';
import { invalidFields } from '../errors.js';
import { sendWithRetry } from '../mail/send-with-retry.js';
import type { Consent, ConsentAuditEntry, ConsentRequest, School } from '../model.js';
import { type BoardMailReads, boardForMail } from '../people/board-mail.js';
import type { DeliveryScheduler, Mailer, ServiceLog } from '../ports.js';
import { deliversElsewhere } from '../provider/provider.js';
import type { BoardReads } from '../store/boards.js';
import { type ConsentReads, type ConsentStore, ConsentVersionConflictError } from '../store/consents.js';
import type { CurrentExport, ExportReads } from '../store/exports.js';
import type { PolicyReads } from '../store/policies.js';
import type { ProviderReads } from '../store/providers.js';
import type { WindowReads } from '../store/windows.js';
import { catchUpFor, isNalevering } from '../windows/catch-up-window.js';
import { administrationIssues } from './administration.js';
import { type ConsentEvent, consentMail } from './consent-mail.js';
import { ConsentError } from './messages.js';
import { type Representativeness, representativeness } from './representativeness.js';
import { checkConsentRevoke, checkConsentWrite, lastChangeDay } from './rules.js';
import { type SmallSchool, smallSchoolConfirmationRequired, smallSchoolOf } from './small-school.js';

export interface ConsentDeps {
  store: {
    consents: ConsentStore;
    exports: ExportReads;
    boards: BoardReads;
    people: BoardMailReads;
    /** The catch-up windows, read only after the year's deadline (shared/windows/catch-up-window.ts). */
    windows: WindowReads;
    /** The school's safety policy, snapshotted into the consent (the report's "Beleid"). */
    policies: PolicyReads;
    /** "Levert via een andere aanbieder": no consent while the school year has a marker. */
    providers: ProviderReads;
  };
  scheduler: DeliveryScheduler;
  mailer: Mailer;
  clock: Clock;
  log: ServiceLog;
  lowResponsePercent: number;
}

export interface ConsentActor {
  /** `role:tokenId` or `person:{sub}`, stored with the consent and in the audit trail. */
  id: string;
  /** How the mail, the report and the history name who acted. */
  display: string;
  /** The person who acted, and in which role; absent for a machine token. */
  person?: NonNullable<Consent['updatedByPerson']>;
  /** A school's own person: they must confirm that the bevoegd gezag agreed (`withBoardConsent`). */
  needsBoardConsent?: boolean;
}

export interface ConsentOutcome {
  consent: Consent;
  created: boolean;
  lastChangeDay: string | null;
  representativeness: Representativeness | null;
  /** The export's whole school is below the anonymity threshold: what is delivered then (no scores). */
  smallSchool: SmallSchool | null;
  mail: 'sent' | 'failed';
}

const noExport = () =>
  new ConsentError(
    409,
    'no_export',
    'There is no accepted survey export for this school year yet; upload one first.',
    'Er is voor dit schooljaar nog geen goedgekeurde enquête-export; upload die eerst.',
  );

const boardConsentRequired = () =>
  new ConsentError(
    422,
    'board_consent_required',
    'A school gives consent only with the agreement of its bevoegd gezag: confirm it with "withBoardConsent": true.',
    'Een school geeft toestemming alleen met toestemming van het bevoegd gezag: bevestig dat.',
    { field: 'withBoardConsent' },
  );

/**
 * Level "onderwijssoort" needs a school with onderwijssoorten and an export that has them; a `latest` consent given
 * before any upload is checked against the school only (its delivery checks the export it finds on the date).
 */
const checkLevel = (level: Consent['level'], school: School, current: CurrentExport | undefined) => {
  if (level !== 'onderwijssoort') return;
  if (school.onderwijssoorten.length === 0) {
    throw new ConsentError(
      422,
      'level_not_available',
      'This school has no onderwijssoorten; choose level "school".',
      'Deze school heeft geen onderwijssoorten; kies het niveau "hele school".',
      { field: 'level' },
    );
  }
  if (current && Object.keys(current.summary.onderwijssoorten).length === 0) {
    throw new ConsentError(
      422,
      'level_not_available',
      'The current export has no onderwijssoort per respondent; choose level "school" or upload an export with onderwijssoort.',
      'De huidige export bevat geen onderwijssoort per respondent; kies "hele school" of upload een export met onderwijssoort.',
      { field: 'level' },
    );
  }
};

export const giveConsent = async (
  deps: ConsentDeps,
  input: { school: School; schoolYear: string; request: ConsentRequest; actor: ConsentActor },
): Promise<ConsentOutcome> => {
  const { school, schoolYear, request, actor } = input;
  const now = deps.clock.now();
  const [current, existing, board, policy, elsewhere] = await Promise.all([
    deps.store.exports.getCurrent(school.schoolId, schoolYear),
    deps.store.consents.get(school.schoolId, schoolYear),
    deps.store.boards.get(school.boardId),
    deps.store.policies.get(school.schoolId),
    deps.store.providers.get(school.schoolId, schoolYear),
  ]);
  // A school that delivers elsewhere this year gets no consent in msv: the Inspectie must not get it twice.
  if (elsewhere) throw deliversElsewhere(elsewhere);
  if (request.version !== undefined && request.version !== (existing?.version ?? 0)) {
    throw new ConsentVersionConflictError(school.schoolId, schoolYear, existing?.version ?? 0);
  }
  // The window the status shows is the one the rules ask: the same function over the same windows.
  const catchUp = await catchUpFor(deps.store.windows, { schoolId: school.schoolId, schoolYear }, now);
  checkConsentWrite({ now, schoolYear, deliveryDate: request.deliveryDate, existing, catchUp });
  const late = catchUp && isNalevering(schoolYear, request.deliveryDate) ? catchUp : undefined;
  const exportPolicy = request.exportPolicy ?? 'pinned';
  // Only a pinned consent needs the data now: it fixes the export the board checked.
  if (!current && exportPolicy === 'pinned') throw noExport();
  checkLevel(request.level, school, current);
  if (actor.needsBoardConsent && request.withBoardConsent !== true) throw boardConsentRequired();
  // A `latest` consent before the data cannot know yet: the upload's notice to the board says it then.
  const small = current ? smallSchoolOf(current.aggregates) : undefined;
  if (small && request.confirmSmallSchool !== true) throw smallSchoolConfirmationRequired(small);
  const issues = administrationIssues(school, request.administration, {
    schoolYear,
    deliveryDate: request.deliveryDate,
  });
  if (issues.length > 0) throw invalidFields(issues);

  const at = now.toISOString();
  const active = existing?.status === 'active' ? existing : undefined;
  const consent: Consent = {
    schoolId: school.schoolId,
    schoolYear,
    status: 'active',
    level: request.level,
    deliveryDate: request.deliveryDate,
    ...(late ? { nalevering: true, catchUpWindowId: late.windowId } : {}),
    exportPolicy,
    ...(current ? { exportId: current.record.exportId } : {}),
    administration: request.administration,
    updatedBy: actor.id,
    updatedByName: actor.display,
    ...(actor.person ? { updatedByPerson: actor.person } : {}),
    ...(actor.needsBoardConsent ? { withBoardConsent: true } : {}),
    ...(small ? { smallSchoolConfirmed: true } : {}),
    // What the school stated when consent was given is what is delivered, however it is edited later.
    policy: policy ? { version: policy.version, updatedAt: policy.updatedAt, policy: policy.policy } : null,
    updatedAt: at,
    givenAt: active?.givenAt ?? at,
    version: (existing?.version ?? 0) + 1,
  };
  const event: ConsentEvent = active ? 'changed' : 'given';
  try {
    await deps.store.consents.write({
      consent,
      previous: existing,
      audit: auditOf(event, existing ?? null, consent, actor),
    });
  } catch (err) {
    // The write checks the marker too: one written since it was read above refuses it as such.
    const since =
      err instanceof ConsentVersionConflictError
        ? await deps.store.providers.get(school.schoolId, schoolYear)
        : undefined;
    if (since) throw deliversElsewhere(since);
    throw err;
  }
  await syncSchedules(deps, active?.deliveryDate, consent.deliveryDate);
  const mail = board
    ? await sendMail(deps, {
        event,
        school,
        board,
        before: existing ?? null,
        after: consent,
        actor: actor.display,
      })
    : 'failed';
  return {
    consent,
    created: !active,
    lastChangeDay: lastChangeDay(consent.deliveryDate),
    representativeness: current
      ? representativeness(request.administration.studentCounts, current.summary, deps.lowResponsePercent)
      : null,
    smallSchool: small ?? null,
    mail,
  };
};

export const revokeConsent = async (
  deps: ConsentDeps,
  input: { school: School; schoolYear: string; actor: ConsentActor },
): Promise<ConsentOutcome> => {
  const { school, schoolYear, actor } = input;
  const now = deps.clock.now();
  const [existing, board] = await Promise.all([
    deps.store.consents.get(school.schoolId, schoolYear),
    deps.store.boards.get(school.boardId),
  ]);
  checkConsentRevoke({ now, existing });
  const before = existing as Consent;
  // Who revoked replaces who gave: a person's details, or none for a token (never the giver's left behind).
  const { updatedByPerson: _giver, withBoardConsent: _confirmed, ...rest } = before;
  const consent: Consent = {
    ...rest,
    status: 'revoked',
    updatedBy: actor.id,
    updatedByName: actor.display,
    ...(actor.person ? { updatedByPerson: actor.person } : {}),
    updatedAt: now.toISOString(),
    version: before.version + 1,
  };
  await deps.store.consents.write({
    consent,
    previous: before,
    audit: auditOf('revoked', before, consent, actor),
  });
  await syncSchedules(deps, before.deliveryDate, undefined);
  const mail = board
    ? await sendMail(deps, { event: 'revoked', school, board, before, after: consent, actor: actor.display })
    : 'failed';
  return { consent, created: false, lastChangeDay: null, representativeness: null, smallSchool: null, mail };
};

const auditOf = (
  event: ConsentEvent,
  before: Consent | null,
  after: Consent,
  actor: ConsentActor,
): ConsentAuditEntry => ({
  schoolId: after.schoolId,
  schoolYear: after.schoolYear,
  at: after.updatedAt,
  actor: actor.id,
  action: `consent_${event}` as ConsentAuditEntry['action'],
  detail: { before, after },
});

/**
 * One schedule per delivery date: ensure the new date's, and delete the old date's when no consent is left on
 * it. Deleting is followed by a second look, because a consent for that date written meanwhile has already
 * ensured the schedule that we just deleted: then it is ensured again.
 */
export const syncSchedules = async (
  deps: { store: { consents: Pick<ConsentReads, 'listOn'> }; scheduler: DeliveryScheduler },
  oldDate: string | undefined,
  newDate: string | undefined,
): Promise<void> => {
  if (newDate) await deps.scheduler.ensure(newDate);
  if (!oldDate || oldDate === newDate) return;
  if ((await deps.store.consents.listOn(oldDate)).length > 0) return;
  await deps.scheduler.remove(oldDate);
  if ((await deps.store.consents.listOn(oldDate)).length > 0) await deps.scheduler.ensure(oldDate);
};

/** At-least-once mail with a few retries; a failure is logged and reported, never undoes the consent. */
const sendMail = async (
  deps: ConsentDeps,
  input: Parameters<typeof consentMail>[0],
): Promise<'sent' | 'failed'> => {
  // The consent is saved by now: not reaching the chosen recipients must not turn that into a failure.
  const board = await boardForMail(deps.store.people, input.board).catch((err: unknown) => {
    deps.log.error('board mail recipients not read; mailing the registered addresses', {
      boardId: input.board.boardId,
      error: (err as Error).message,
    });
    return input.board;
  });
  return sendWithRetry(deps.mailer, consentMail({ ...input, board }), deps.log, {
    what: 'consent mail',
    schoolId: input.school.schoolId,
  });
};
