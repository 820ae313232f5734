/**
 * `POST /schools/{schoolId}/years/{schoolYear}/exports?instrument=…`: a survey export (a CSV file or an Excel
 * workbook) as the raw request body.
 * 201 for a new export, 200 for the same bytes again, 422 with located errors for a bad file.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { mayAct } from '../../shared/auth/access.js';
import type { Clock } from '../../shared/clock.js';
import type { Config } from '../../shared/config.js';
import { AppError, badRequest } from '../../shared/errors.js';
import { type AcceptExportDeps, acceptExport } from '../../shared/exports/accept-export.js';
import { noticeUpload, type UploadNoticeDeps } from '../../shared/exports/upload-notice.js';
import { allInstruments, instrumentOf } from '../../shared/instruments/instrument-catalog.js';
import type { Mailer, ObjectStore } from '../../shared/ports.js';
import type { StoreReads } from '../../shared/store/stores.js';
import { SHEET_NAME_MAX } from '../../shared/xlsx/limits.js';
import { apiHandler } from '../lib/api-handler.js';
import { type ApiEvent, json } from '../lib/http.js';
import type { FunctionMetrics } from '../lib/metrics.js';
import { actorOf, resolveSchoolYear } from '../lib/school-scope.js';
import { serviceLog } from '../lib/service-log.js';

/**
 * What spreadsheets and survey tools send for a CSV file or an Excel workbook; what the file is (and a CSV
 * file's encoding) is told from the bytes, not from this. `application/octet-stream` is accepted because API
 * Gateway passes such bodies base64-encoded, byte for byte, which is the safe way to send a Windows-1252 or
 * UTF-16 file, and the only way for a workbook. Form encodings (curl's `-d`) are refused: they mangle line breaks.
 */
const EXPORT_MEDIA_TYPES = new Set([
  'text/csv',
  'application/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
]);

export interface UploadExportDeps {
  config: Pick<Config, 'minGroupSize' | 'maxRows' | 'maxUploadBytes'>;
  logger: Logger;
  clock: Clock;
  store: AcceptExportDeps['store'] & UploadNoticeDeps['store'] & Pick<StoreReads, 'schools' | 'instruments'>;
  objects: ObjectStore;
  mailer: Mailer;
  /** Given by the wiring (needs.ts declares them); a direct call (tests) may leave it out. */
  metrics?: FunctionMetrics<'ExportsAccepted' | 'ExportsRejected' | 'MailsFailed'>;
}

const bodyBytes = (event: ApiEvent): Uint8Array => {
  if (!event.body) return new Uint8Array();
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
};

export const createUploadExportHandler = (deps: UploadExportDeps) =>
  apiHandler(deps, async (event) => {
    const { principal, school, schoolYear } = await resolveSchoolYear(event, deps);
    if (!mayAct(principal, school, 'upload')) {
      throw new AppError(403, 'forbidden', 'Your role at this school does not include uploading exports.', {
        messageNl: 'Met uw rol bij deze school kunt u geen exports uploaden.',
      });
    }

    const mediaType = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!EXPORT_MEDIA_TYPES.has(mediaType)) {
      throw new AppError(
        415,
        'unsupported_media_type',
        'Send the export as the request body with Content-Type text/csv (or, for a workbook, application/octet-stream)',
        {
          contentType: mediaType || null,
        },
      );
    }
    const instrumentId = event.queryStringParameters?.instrument;
    if (!instrumentId) {
      throw badRequest(
        'missing_instrument',
        'Name the survey instrument: ?instrument=<id> (see GET /instruments)',
        {
          field: 'instrument',
        },
      );
    }
    // The newest version of the definition: shipped, or stored by the operator since (no deploy needed).
    const instrument = await instrumentOf(deps.store.instruments, instrumentId);
    if (!instrument) {
      throw badRequest('unknown_instrument', `Unknown instrument "${instrumentId.slice(0, 64)}"`, {
        field: 'instrument',
        known: (await allInstruments(deps.store.instruments)).map((i) => i.id),
      });
    }
    const sheet = event.queryStringParameters?.sheet;
    if (sheet !== undefined && (sheet.length === 0 || sheet.length > SHEET_NAME_MAX)) {
      throw badRequest('invalid_sheet', `A worksheet's name has 1 to ${SHEET_NAME_MAX} characters`, {
        field: 'sheet',
      });
    }
    const bytes = bodyBytes(event);
    if (bytes.byteLength > deps.config.maxUploadBytes) {
      throw new AppError(
        413,
        'payload_too_large',
        `An export may be at most ${deps.config.maxUploadBytes} bytes`,
        {
          limit: deps.config.maxUploadBytes,
          size: bytes.byteLength,
        },
      );
    }

    const result = await acceptExport(deps, {
      school,
      schoolYear,
      instrument,
      bytes,
      ...(sheet ? { sheet } : {}),
      actor: actorOf(principal),
      minGroupSize: deps.config.minGroupSize,
      maxRows: deps.config.maxRows,
    });
    if (result.status === 'rejected') {
      deps.metrics?.count('ExportsRejected');
      deps.logger.info('export rejected', {
        schoolId: school.schoolId,
        schoolYear,
        errorCount: result.errorCount,
      });
      return json(422, {
        code: 'invalid_export',
        message: `The export has ${result.errorCount} problem(s); nothing was stored. Fix them and upload again.`,
        errorCount: result.errorCount,
        errors: result.errors,
      });
    }
    deps.metrics?.count('ExportsAccepted');
    // New data under a `latest` consent: the board hears that this is what will be delivered.
    const notice =
      result.status === 'created'
        ? await noticeUpload(
            { store: deps.store, mailer: deps.mailer, clock: deps.clock, log: serviceLog(deps.logger) },
            {
              school,
              schoolYear,
              upload: result.record,
              summary: result.summary,
              aggregates: result.aggregates,
            },
          )
        : undefined;
    if (notice?.mail === 'failed') deps.metrics?.count('MailsFailed');
    deps.logger.info('export accepted', {
      schoolId: school.schoolId,
      schoolYear,
      exportId: result.record.exportId,
      status: result.status,
      ...(notice ? { deliveredOn: notice.deliveryDate, mail: notice.mail } : {}),
    });
    return json(result.status === 'created' ? 201 : 200, {
      exportId: result.record.exportId,
      status: 'accepted',
      unchanged: result.status === 'unchanged',
      respondents: result.record.respondents,
      acceptedAt: result.record.acceptedAt,
      summary: result.summary,
      delivery: notice ?? null,
    });
  });
