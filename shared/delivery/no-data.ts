/**
 * A `latest` consent whose delivery date came without data it can deliver: nothing goes to the Inspectie, the
 * consent records it (`noData`, and an entry in its history) and stays active for a new date, and the board is
 * told once. Repeats are safe:
 * the record is written by one conditional transaction (which also removes the date's reference, so neither the
 * dispatcher nor the reconciliation queues it again), and the mail is marked sent after it went out, so a retry
 * after a crash mails (at least once) but never records twice. A failed mail fails the job, which the queue retries.
 */
import type { Clock } from '../clock.js';
import { formatNl } from '../consent/messages.js';
import { yearWindow } from '../consent/rules.js';
import { paragraphMail } from '../mail/paragraph-mail.js';
import { type Board, type Consent, NO_DATA_ACTOR, type School } from '../model.js';
import { type BoardMailReads, boardForMail } from '../people/board-mail.js';
import type { Mail, Mailer } from '../ports.js';
import type { BoardReads } from '../store/boards.js';
import { DeliveryConflictError, type DeliveryStore } from '../store/deliveries.js';
import type { SchoolReads } from '../store/schools.js';

export type NoDataReason = NonNullable<Consent['noData']>['reason'];

export interface NoDataDeps {
  store: {
    deliveries: Pick<DeliveryStore, 'markNoData' | 'markNoDataMailSent'>;
    schools: SchoolReads;
    boards: BoardReads;
    people: BoardMailReads;
  };
  mailer: Mailer;
  clock: Clock;
}

export type NoDataOutcome = {
  outcome: 'no_data';
  reason: NoDataReason;
  mail: 'sent' | 'failed' | 'was_sent';
};

const REASON_NL: Record<NoDataReason, string> = {
  no_export: 'er was voor dit schooljaar nog geen goedgekeurde enquête-export',
  level_not_available:
    'de nieuwste export bevat geen onderwijssoort per respondent, terwijl levering per onderwijssoort is gekozen',
  small_school_unconfirmed:
    'de nieuwste export heeft minder respondenten dan nodig om scores te leveren (anonimiteit), en dat is bij de toestemming niet bevestigd',
};

/** What the board can do before 1 July, per reason. */
const TODO_NL: Record<NoDataReason, string> = {
  no_export: 'Zorg voor een goedgekeurde export en kies een nieuwe leverdatum.',
  level_not_available:
    'Kies het niveau "hele school", of upload een export met onderwijssoort per respondent, en kies een nieuwe leverdatum.',
  small_school_unconfirmed:
    'Bekijk het rapport in msv; geef opnieuw toestemming met een nieuwe leverdatum en bevestig dat er dan geen scores worden geleverd, of upload een export met meer respondenten.',
};

/** The board's mail: nothing was delivered on the date, why, and what to do. */
export const noDataMail = (input: {
  school: School;
  board: Board;
  consent: Consent;
  reason: NoDataReason;
}): Mail => {
  const { school, board, consent, reason } = input;
  const subject = `Niets geleverd: geen gegevens voor de Monitoring Sociale Veiligheid ${school.name} (${school.schoolId})`;
  // A nalevering's date lies past 1 July by nature: it is the window, not the year, that says how long is left.
  const last = !consent.nalevering && consent.deliveryDate >= yearWindow(consent.schoolYear).lastDeliveryDate;
  const lines = [
    `Op ${formatNl(consent.deliveryDate)} zou de Monitoring Sociale Veiligheid van ${school.name} (${school.schoolId}) voor schooljaar ${consent.schoolYear} aan de Inspectie van het Onderwijs worden geleverd, met de nieuwste gegevens op die dag.`,
    `Er is niets geleverd: ${REASON_NL[reason]}.`,
    last
      ? 'Dit was de laatste leverdatum van het schooljaar. Lever zo snel mogelijk rechtstreeks aan bij de Inspectie, of vraag de beheerder van msv om een herstelperiode om alsnog via msv te leveren.'
      : consent.nalevering
        ? `De toestemming blijft staan. ${TODO_NL[reason]} Dat kan zolang de herstelperiode loopt; de pagina van de school in msv zegt tot wanneer.`
        : `De toestemming blijft staan. ${TODO_NL[reason]} De Inspectie moet de gegevens uiterlijk 1 juli hebben.`,
  ];
  return paragraphMail(board.emails, subject, lines);
};

/**
 * Records that the consent's date came without data, then tells the board. Throws {@link DeliveryConflictError}
 * when the consent changed meanwhile: the caller looks again at what it says now.
 */
export const recordNoData = async (
  deps: NoDataDeps,
  consent: Consent,
  reason: NoDataReason,
): Promise<NoDataOutcome> => {
  const noData = {
    deliveryDate: consent.deliveryDate,
    reason,
    at: deps.clock.now().toISOString(),
    mailSentAt: null,
  };
  const after = { ...consent, noData };
  await deps.store.deliveries.markNoData(consent, noData, {
    schoolId: consent.schoolId,
    schoolYear: consent.schoolYear,
    at: noData.at,
    actor: NO_DATA_ACTOR,
    action: 'consent_no_data',
    detail: { before: consent, after },
  });
  return finishNoData(deps, after);
};

/** After the record: make sure the board was told (a crash may have come between the record and the mail). */
export const finishNoData = async (deps: NoDataDeps, consent: Consent): Promise<NoDataOutcome> => {
  const noData = consent.noData as NonNullable<Consent['noData']>;
  if (noData.mailSentAt) return { outcome: 'no_data', reason: noData.reason, mail: 'was_sent' };
  const school = await deps.store.schools.get(consent.schoolId);
  const board = school ? await deps.store.boards.get(school.boardId) : undefined;
  if (!school || !board) return { outcome: 'no_data', reason: noData.reason, mail: 'failed' };
  // This mail is the board's only word that nothing went out: a failure throws, so the queue retries the job
  // (which comes back here), and after its last receive the job lands in the dead-letter queue, whose alarm
  // tells a person.
  await deps.mailer.send(
    noDataMail({
      school,
      board: await boardForMail(deps.store.people, board),
      consent,
      reason: noData.reason,
    }),
  );
  try {
    await deps.store.deliveries.markNoDataMailSent(consent, deps.clock.now().toISOString());
  } catch (err) {
    // Given again meanwhile: the mail went out and the new consent has no record to mark.
    if (!(err instanceof DeliveryConflictError)) throw err;
  }
  return { outcome: 'no_data', reason: noData.reason, mail: 'sent' };
};
