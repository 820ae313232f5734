/** "Geleverd": when the data went to the Inspectie, the delivered report and the files with their hashes. */
import { h } from '../../dom.js';
import { dateNl, dateTimeNl } from '../../format.js';
import type { DeliveryView } from '../../types.js';

export const deliverySection = (d: DeliveryView): HTMLElement =>
  h(
    'section',
    { 'aria-labelledby': 'delivery-h' },
    h('h2', { id: 'delivery-h' }, 'Geleverd'),
    h(
      'p',
      {},
      `Geleverd aan de Inspectie op ${dateTimeNl(d.delivery.deliveredAt)} (leverdatum ${dateNl(d.delivery.deliveryDate)}).`,
    ),
    d.reportUrl
      ? h(
          'p',
          {},
          h(
            'a',
            { href: d.reportUrl, target: '_blank', rel: 'noopener', class: 'button-link' },
            'Geleverd rapport openen (PDF, link 5 minuten geldig)',
          ),
        )
      : null,
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
