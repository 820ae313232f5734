/**
 * "Rapport controleren": the report PDF, fetched with the token and opened from a blob URL (a link cannot
 * carry the Authorization header). Fetching it ticks the step in the status bar.
 */
import type { AppContext } from '../../context.js';
import { h, replace } from '../../dom.js';
import { markReportChecked } from '../../session.js';
import { announce, blobLink, busy, errorBox } from '../../ui.js';

export const reportSection = (
  ctx: AppContext,
  base: string,
  schoolId: string,
  schoolYear: string,
  onChecked: () => void,
): HTMLElement => {
  const slot = h('div', { id: 'report-result' });
  const button = h('button', { type: 'button', id: 'report-button' }, 'Rapport ophalen (PDF)');
  button.addEventListener('click', () => {
    replace(slot);
    void busy(button, async () => {
      try {
        const res = await ctx.api.raw(`${base}/report`);
        const blob = new Blob([await res.arrayBuffer()], { type: 'application/pdf' });
        markReportChecked(schoolId, schoolYear);
        onChecked();
        const size = `PDF, ${Math.ceil(blob.size / 1024)} kB`;
        const link = blobLink(blob, `Rapport openen (${size})`, '', true);
        link.id = 'report-link';
        const download = blobLink(blob, 'Rapport downloaden', `rapport-${schoolId}-${schoolYear}.pdf`);
        replace(slot, h('p', { class: 'actions' }, link, ' ', download));
        announce('Het rapport is klaar om te openen.');
        link.focus();
      } catch (err) {
        replace(slot, errorBox(err));
      }
    });
  });
  return h(
    'section',
    { 'aria-labelledby': 'report-h' },
    h('h2', { id: 'report-h' }, 'Rapport controleren'),
    h(
      'p',
      {},
      'Controleer het rapport (CONCEPT) voordat u toestemming geeft: dit is wat de Inspectie krijgt.',
    ),
    h('p', {}, button),
    slot,
  );
};
