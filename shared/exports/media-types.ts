/**
 * The media types an export may be sent as, for the upload routes' check and for the API contract alike. What
 * the file is (and a CSV file's encoding) is told from the bytes, never from this or a charset.
 * `application/octet-stream` is accepted because API Gateway passes such bodies base64-encoded, byte for byte,
 * which is the safe way to send a Windows-1252 or UTF-16 file, and the only way for a workbook. Form encodings
 * (curl's `-d`) are not among them: they mangle line breaks.
 */
export const EXPORT_MEDIA_TYPES = [
  ...['text/csv', 'application/csv', 'text/plain', 'text/tab-separated-values'],
  ...['application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  'application/octet-stream',
] as const;
