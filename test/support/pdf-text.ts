/** The text of a PDF, page by page, through pdf.js: what a screen reader or a search would find. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export const pdfText = async (bytes: Uint8Array): Promise<string[]> => {
  // verbosity 0: pdf.js would otherwise warn that it has no font data to draw glyphs, which text extraction does not need.
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  await doc.destroy();
  return pages;
};
