/** JSON request bodies parsed with zod: 400 for JSON that does not parse, 422 naming every bad field. */
import type * as z from 'zod';
import { badRequest, invalidFields } from '../../shared/errors.js';
import type { ApiEvent } from './http.js';

export const parseJsonBody = <S extends z.ZodType>(event: ApiEvent, schema: S): z.infer<S> => {
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
