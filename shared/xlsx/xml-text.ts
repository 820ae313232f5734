/**
 * The little XML a workbook's small parts need: start tags by local name, an attribute of one, and text with its
 * entities and Excel's `_xHHHH_` escapes undone. Enough for parts a known writer made; no DTDs, no external
 * entities (nothing is ever fetched or expanded beyond the five predefined ones and character references).
 */

/** Any namespace prefix before a local name: writers may say `<x:row>` for `<row>`. */
const PREFIX = '(?:[A-Za-z_][\\w.-]*:)?';

/** Every start (or empty-element) tag of `localName` in `xml`, as its text from `<` to `>`. */
export const startTags = (xml: string, localName: string): string[] =>
  xml.match(new RegExp(`<${PREFIX}${localName}(?=[\\s/>])[^>]*>`, 'g')) ?? [];

/** The text between the first `<localName …>` and its end tag, or undefined when it is absent or empty. */
export const elementBody = (xml: string, localName: string): string | undefined =>
  new RegExp(`<${PREFIX}${localName}(?:\\s[^>]*)?>([\\s\\S]*?)</${PREFIX}${localName}>`).exec(xml)?.[1];

/** The value of attribute `name` (which may carry a prefix: `r:id`, pass `*:id` for any) in a start tag. */
export const attrOf = (tag: string, name: string): string | undefined => {
  const pattern = name.startsWith('*:') ? `${PREFIX}${name.slice(2)}` : name.replace(/[.:]/g, '\\$&');
  const m = new RegExp(`\\s${pattern}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  const raw = m?.[1] ?? m?.[2];
  return raw === undefined ? undefined : unescapeXml(raw);
};

const ENTITIES = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Undoes the predefined entities, character references and OOXML's `_xHHHH_` escapes (Excel writes CR so). */
export const unescapeXml = (text: string): string => {
  let out = text;
  if (out.includes('&')) {
    out = out.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
      if (ref.startsWith('#x')) return codePoint(Number.parseInt(ref.slice(2), 16), whole);
      if (ref.startsWith('#')) return codePoint(Number.parseInt(ref.slice(1), 10), whole);
      return ENTITIES.get(ref) ?? whole;
    });
  }
  if (out.includes('_x')) {
    out = out.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  }
  return out;
};

const codePoint = (n: number, whole: string): string =>
  Number.isFinite(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;

/** The text of a rich or plain string item (`<si>`, `<is>`): its `<t>` runs joined, phonetic runs left out. */
export const stringItemText = (item: string): string => {
  const body = item.includes('rPh')
    ? item.replace(/<(?:[\w.-]+:)?rPh[\s>][\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, '')
    : item;
  let text = '';
  for (const m of body.matchAll(/<(?:[\w.-]+:)?t(?:\s[^>]*)?>([^<]*)<\/(?:[\w.-]+:)?t>/g)) text += m[1];
  return unescapeXml(text);
};

/** `A` for column 1, `Z` for 26, `AA` for 27: the letters Excel shows above a column. */
export const columnLetters = (column: number): string => {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
};
