/** "Geleverd": when the data went to the Inspectie, the delivered report and the files with their hashes. */
import type { AppContext } from '../../context.js';
import { h } from '../../dom.js';
import { dateNl, dateTimeNl } from '../../format.js';
import type { DeliveryView } from '../../types.js';

/** The API's link lives five minutes; one older than this is asked for again when it is clicked. */
const LINK_FRESH_MS = 4 * 60_000;

/**
 * The link to the delivered PDF. It came with the page, and a page may stay open longer than the link lives:
 * a click on an old one opens the tab at once (so no pop-up blocker intervenes) and sends it to a new link.
 */
const reportLink = (ctx: AppContext, base: string, url: string): HTMLAnchorElement => {
  const fetchedAt = Date.now();
  const a = h(
    'a',
    { href: url, target: '_blank', rel: 'noopener', class: 'button-link', id: 'delivered-report-link' },
    'Geleverd rapport openen (PDF)',
  );
  a.addEventListener('click', (event) => {
    if (Date.now() - fetchedAt < LINK_FRESH_MS) return;
    event.preventDefault();
    const tab = window.open('about:blank', '_blank');
    if (tab) tab.opener = null;
    void ctx.api.json<DeliveryView>(`${base}/delivery`).then(
      (fresh) => {
        if (fresh.reportUrl && tab) tab.location.href = fresh.reportUrl;
      },
      () => tab?.close(),
    );
  });
  return a;
};

export const deliverySection = (ctx: AppContext, base: string, d: DeliveryView): HTMLElement =>
  h(
    'section',
    { 'aria-labelledby': 'delivery-h' },
    h('h2', { id: 'delivery-h' }, 'Geleverd'),
    h(
      'p',
      {},
      `Geleverd aan de Inspectie op ${dateTimeNl(d.delivery.deliveredAt)} (leverdatum ${dateNl(d.delivery.deliveryDate)}).`,
    ),
    d.reportUrl ? h('p', {}, reportLink(ctx, base, d.reportUrl)) : null,
    h(
      'table',
      {},
      h('caption', {}, 'Geleverde bestanden'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Bestand', 'Grootte (bytes)', 'SHA-256'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        d.delivery.files.map((f) =>
          h(
            'tr',
            {},
            h('td', {}, f.name),
            h('td', { class: 'num' }, f.bytes),
            h('td', { class: 'hash' }, f.sha256),
          ),
        ),
      ),
    ),
  );
