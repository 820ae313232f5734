/**
 * JSON request bodies parsed with zod: 415 for a body not declared as JSON, 400 for JSON that does not parse, 422
 * naming every bad field.
 */
import type * as z from 'zod/mini';
import { AppError, badRequest, invalidFields } from '../../shared/errors.js';
import type { ApiEvent } from './http.js';

/** The request's media type without parameters, lower case (`application/json`); '' when there is none. */
export const mediaTypeOf = (event: ApiEvent): string =>
  (event.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

export const parseJsonBody = <S extends z.ZodMiniType>(event: ApiEvent, schema: S): z.infer<S> => {
  // The same code as the upload's 415: a form post or a text body is refused before it is read.
  const mediaType = mediaTypeOf(event);
  if (mediaType !== 'application/json') {
    throw new AppError(
      415,
      'unsupported_media_type',
      'Send the request body as JSON with Content-Type application/json',
      {
        messageNl: 'Stuur het verzoek als JSON, met Content-Type application/json.',
        contentType: mediaType || null,
      },
    );
  }
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw badRequest('invalid_json', 'The request body must be JSON.');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw invalidFields(
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), code: i.code, message: i.message })),
    );
  }
  return parsed.data;
};
