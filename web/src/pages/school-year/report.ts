/**
 * "Rapport controleren": the report PDF, fetched with the token and opened from a blob URL (a link cannot
 * carry the Authorization header). Fetching it ticks the step in the status bar.
 */
import type { AppContext } from '../../context.js';
import { h, replace } from '../../dom.js';
import { markReportChecked } from '../../session.js';
import { announce, blobLink, busy, errorBox } from '../../ui.js';

/** What a report button fetches and how its links are named. */
export interface ReportFetch {
  ctx: AppContext;
  base: string;
  /** The level to render; the API's default (the consent's, else whole school) when absent. */
  level?: 'school' | 'onderwijssoort';
  /** Prefix of the elements' ids (the e2e test finds the page's own by `report-…`). */
  id: string;
  fileName: string;
  /** After the PDF arrived. */
  onFetched?: () => void;
}

/** A button that fetches the report PDF and, below it, the links to open and download it. */
export const reportButton = (
  o: ReportFetch,
  label: string,
): { button: HTMLButtonElement; slot: HTMLElement } => {
  const slot = h('div', { id: `${o.id}-result` });
  const button = h('button', { type: 'button', id: `${o.id}-button` }, label);
  button.addEventListener('click', () => {
    replace(slot);
    void busy(button, async () => {
      try {
        const query = o.level ? `?level=${o.level}` : '';
        const res = await o.ctx.api.raw(`${o.base}/report${query}`);
        const blob = new Blob([await res.arrayBuffer()], { type: 'application/pdf' });
        o.onFetched?.();
        const size = `PDF, ${Math.ceil(blob.size / 1024)} kB`;
        const link = blobLink(blob, `Rapport openen (${size})`, '', true);
        link.id = `${o.id}-link`;
        const download = blobLink(blob, 'Rapport downloaden', o.fileName);
        replace(slot, h('p', { class: 'actions' }, link, ' ', download));
        announce('Het rapport is klaar om te openen.');
        link.focus();
      } catch (err) {
        replace(slot, errorBox(err));
      }
    });
  });
  return { button, slot };
};

export const reportSection = (
  ctx: AppContext,
  base: string,
  schoolId: string,
  schoolYear: string,
  onChecked: () => void,
): HTMLElement => {
  const { button, slot } = reportButton(
    {
      ctx,
      base,
      id: 'report',
      fileName: `rapport-${schoolId}-${schoolYear}.pdf`,
      onFetched: () => {
        markReportChecked(schoolId, schoolYear);
        onChecked();
      },
    },
    'Rapport ophalen (PDF)',
  );
  return h(
    'section',
    { 'aria-labelledby': 'report-h' },
    h('h2', { id: 'report-h' }, 'Rapport controleren'),
    h(
      'p',
      {},
      'Controleer het rapport (CONCEPT) voordat u toestemming geeft: dit is wat de Inspectie krijgt. ' +
        'De bladzijden "Alleen voor de school" achteraan zijn voor uzelf en gaan niet mee.',
    ),
    h('p', {}, button),
    slot,
  );
};
