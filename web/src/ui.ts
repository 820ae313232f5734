/** UI pieces every page uses: the live status line, inline error boxes, headings that take focus. */
import { h, replace } from './dom.js';
import { errorNl } from './messages-nl.js';

/** Says `text` in the polite live region at the top (read out by screen readers, shown to everyone). */
export const announce = (text: string): void => {
  const status = document.getElementById('status');
  if (status) replace(status, text ? h('p', {}, text) : null);
};

/** An error next to what caused it: role=alert so it is read out at once. */
export const errorBox = (err: unknown, id?: string): HTMLElement =>
  h('div', { class: 'error', role: 'alert', id }, h('p', {}, errorNl(err)));

/** The page heading; it takes focus after navigation so screen readers start there. */
export const pageHeading = (text: string): HTMLHeadingElement => h('h1', { tabindex: -1 }, text);

/** Runs `action` with `button` disabled, so a double click cannot send twice. */
export const busy = async <T>(button: HTMLButtonElement, action: () => Promise<T>): Promise<T> => {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
};

/** A link that downloads or opens `blob` (a report PDF, the CSV overview). */
export const blobLink = (blob: Blob, text: string, fileName: string, newTab = false): HTMLAnchorElement =>
  h(
    'a',
    {
      href: URL.createObjectURL(blob),
      download: newTab ? undefined : fileName,
      target: newTab ? '_blank' : undefined,
      rel: newTab ? 'noopener' : undefined,
      class: 'button-link',
    },
    text,
  );
