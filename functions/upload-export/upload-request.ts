/**
 * What both upload routes take besides where the export is for: the body and its media type, the instrument
 * (its newest version) and a workbook's sheet. Checked in the order a caller can fix them, before any file is read.
 */
import { AppError, badRequest } from '../../shared/errors.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/exports/accept-export.js';
import { EXPORT_MEDIA_TYPES } from '../../shared/exports/media-types.js';
import { allInstruments, instrumentOf } from '../../shared/instruments/instrument-catalog.js';
import type { Instrument } from '../../shared/instruments/schema.js';
import type { StoreReads } from '../../shared/store/stores.js';
import { SHEET_NAME_MAX } from '../../shared/xlsx/limits.js';
import type { ApiEvent } from '../lib/http.js';

/** shared/exports/media-types.ts says why these. */
const MEDIA_TYPES: ReadonlySet<string> = new Set(EXPORT_MEDIA_TYPES);

const bodyBytes = (event: ApiEvent): Uint8Array => {
  if (!event.body) return new Uint8Array();
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
};

export interface UploadRequest {
  instrument: Instrument;
  sheet?: string;
  /** `rows` unless `?format=aggregated`. */
  format: ExportFormat;
  bytes: Uint8Array;
}

const isFormat = (value: string): value is ExportFormat =>
  (EXPORT_FORMATS as readonly string[]).includes(value);

export const uploadRequestOf = async (
  event: ApiEvent,
  deps: { config: { maxUploadBytes: number }; store: Pick<StoreReads, 'instruments'> },
): Promise<UploadRequest> => {
  const mediaType = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!MEDIA_TYPES.has(mediaType)) {
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

  const format = event.queryStringParameters?.format ?? 'rows';
  if (!isFormat(format)) {
    throw badRequest('invalid_format', `The format is ${EXPORT_FORMATS.map((f) => `"${f}"`).join(' or ')}`, {
      field: 'format',
    });
  }
  return { instrument, ...(sheet ? { sheet } : {}), format, bytes };
};
