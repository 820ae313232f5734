/**
 * An upload made after a `latest` consent: the board's administrators are told that this data will be delivered
 * on the consent's date, so that nobody is surprised by what the Inspectie gets (the consent was given before the
 * data existed). Sent after the export is stored: the export is never refused because SES hiccuped.
 */
import type { Clock } from '../clock.js';
import { deliversAtLevel, exportPolicyOf, waitsForNewDate } from '../consent/export-policy.js';
import { formatNl } from '../consent/messages.js';
import { isLocked } from '../consent/rules.js';
import { type SmallSchool, smallSchoolNl, smallSchoolOf } from '../consent/small-school.js';
import type { Aggregates, ExportSummary } from '../ingest/types.js';
import { paragraphMail } from '../mail/paragraph-mail.js';
import { sendWithRetry } from '../mail/send-with-retry.js';
import type { Board, Consent, School } from '../model.js';
import { type BoardMailReads, boardForMail } from '../people/board-mail.js';
import type { Mail, Mailer, ServiceLog } from '../ports.js';
import type { BoardReads } from '../store/boards.js';
import type { ConsentReads } from '../store/consents.js';

export interface UploadNoticeDeps {
  store: { consents: Pick<ConsentReads, 'get'>; boards: BoardReads; people: BoardMailReads };
  mailer: Mailer;
  clock: Clock;
  log: ServiceLog;
}

/** What the upload's answer says about it: the date this export will be delivered on, and the board's mail. */
export interface UploadNotice {
  deliveryDate: string;
  mail: 'sent' | 'failed';
}

/** The mail: which upload, when it will be delivered, until when the consent can be changed. */
export const uploadNoticeMail = (input: {
  school: School;
  board: Board;
  consent: Consent;
  upload: { respondents: number; acceptedAt: string };
  /** The upload's whole school is below the anonymity threshold: no score will be delivered. */
  smallSchool?: SmallSchool;
  /** The delivery date has begun (the consent is locked): this data goes out today. */
  today?: boolean;
}): Mail => {
  const { school, board, consent, upload } = input;
  const subject = `Nieuwe gegevens worden geleverd: Monitoring Sociale Veiligheid ${school.name} (${school.schoolId})`;
  const lines = [
    `Voor ${school.name} (${school.schoolId}) is een nieuwe enquête-export goedgekeurd voor schooljaar ${consent.schoolYear}, met ${upload.respondents} respondenten.`,
    input.today
      ? 'Er is toestemming gegeven om de nieuwste gegevens te leveren: deze gegevens worden vandaag aan de Inspectie van het Onderwijs geleverd.'
      : `Er is toestemming gegeven om de nieuwste gegevens te leveren: deze gegevens worden op ${formatNl(consent.deliveryDate)} aan de Inspectie van het Onderwijs geleverd, tenzij er daarvóór nog een nieuwere export komt.`,
    ...(input.smallSchool ? [`Let op: ${smallSchoolNl(input.smallSchool)}`] : []),
    input.today
      ? 'Bekijk het rapport dat geleverd wordt in msv. De levering is begonnen: wijzigen of intrekken kan niet meer.'
      : 'Bekijk het rapport dat geleverd wordt in msv. Wijzigen of intrekken kan tot de dag vóór de leverdatum.',
  ];
  return paragraphMail(board.emails, subject, lines);
};

/**
 * The mail when the new export cannot be delivered at the consent's level (per onderwijssoort, without an
 * onderwijssoort per respondent): on the date nothing would go out, so the board hears now, while it can act.
 */
export const uploadLevelMail = (input: {
  school: School;
  board: Board;
  consent: Consent;
  upload: { respondents: number };
}): Mail => {
  const { school, board, consent, upload } = input;
  const subject = `Nieuwe gegevens kunnen zo niet worden geleverd: Monitoring Sociale Veiligheid ${school.name} (${school.schoolId})`;
  return paragraphMail(board.emails, subject, [
    `Voor ${school.name} (${school.schoolId}) is een nieuwe enquête-export goedgekeurd voor schooljaar ${consent.schoolYear}, met ${upload.respondents} respondenten.`,
    `Er is toestemming gegeven om de nieuwste gegevens per onderwijssoort te leveren op ${formatNl(consent.deliveryDate)}, maar deze export bevat geen onderwijssoort per respondent. Zo wordt er op die dag niets geleverd.`,
    'Kies in msv het niveau "hele school", of upload een export met onderwijssoort per respondent. Wijzigen kan tot de dag vóór de leverdatum.',
  ]);
};

/**
 * After a new export is stored: when the school year has an active `latest` consent that this export will be
 * delivered under (before its date's run, the delivery day itself included; not one whose date came without data),
 * tells the board. Undefined — no promise of a delivery — when there is no such consent, when that consent's
 * delivery already chose an earlier export (a retry delivers that one), or when this export cannot be delivered at
 * the consent's level (the board then gets a mail saying so, and what to do).
 */
export const noticeUpload = async (
  deps: UploadNoticeDeps,
  input: {
    school: School;
    schoolYear: string;
    upload: { respondents: number; acceptedAt: string };
    summary: Pick<ExportSummary, 'onderwijssoorten'>;
    aggregates: Aggregates;
  },
): Promise<UploadNotice | undefined> => {
  const { school, schoolYear, upload } = input;
  const smallSchool = smallSchoolOf(input.aggregates);
  const consent = await deps.store.consents.get(school.schoolId, schoolYear);
  if (consent?.status !== 'active' || exportPolicyOf(consent) !== 'latest') return undefined;
  // Also on the delivery day itself (locked from 00:00, delivered from the morning's run): the board hears it.
  if (waitsForNewDate(consent)) return undefined;
  // The delivery is under way with the export it chose first: this one is not what goes out.
  if (consent.deliveringExportId) return undefined;
  const today = isLocked(consent, deps.clock.now());
  const board = await deps.store.boards.get(school.boardId);
  if (!deliversAtLevel(consent.level, input.summary)) {
    if (board) {
      await sendWithRetry(
        deps.mailer,
        uploadLevelMail({ school, board: await boardForMail(deps.store.people, board), consent, upload }),
        deps.log,
        { what: 'upload level mail', schoolId: school.schoolId },
      );
    }
    return undefined;
  }
  if (!board) return { deliveryDate: consent.deliveryDate, mail: 'failed' };
  const mail = await sendWithRetry(
    deps.mailer,
    uploadNoticeMail({
      school,
      board: await boardForMail(deps.store.people, board),
      consent,
      upload,
      ...(smallSchool ? { smallSchool } : {}),
      ...(today ? { today } : {}),
    }),
    deps.log,
    { what: 'upload notice mail', schoolId: school.schoolId },
  );
  return { deliveryDate: consent.deliveryDate, mail };
};
