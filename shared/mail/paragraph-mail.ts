/**
 * A board mail of plain paragraphs (the no-data notice, the upload notice), in Dutch, as text and HTML: every
 * string escaped in the HTML, the subject one line, and the closing line that says why the reader gets it.
 */
import { escapeHtml, oneLine } from '../consent/consent-mail.js';
import type { Mail } from '../ports.js';

const OUTRO = 'U ontvangt dit bericht omdat u gebruikersbeheerder bent van het bevoegd gezag.';

export const paragraphMail = (
  to: readonly string[],
  subject: string,
  paragraphs: readonly string[],
): Mail => {
  const all = [...paragraphs, OUTRO];
  return {
    to: [...to],
    subject: oneLine(subject),
    text: all.join('\n\n'),
    html: [
      '<!doctype html><html lang="nl"><body style="font-family: sans-serif">',
      ...all.map((p) => `<p>${escapeHtml(p)}</p>`),
      '</body></html>',
    ].join('\n'),
  };
};
