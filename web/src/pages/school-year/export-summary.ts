/** "Gegevens": the export that would be delivered now, with its respondents per leerjaar and onderwijssoort. */
import { h } from '../../dom.js';
import { dateTimeNl, isPrimary, leerjaarNl } from '../../format.js';
import type { SchoolYearOverview } from '../../types.js';

export const exportSection = (o: SchoolYearOverview): HTMLElement => {
  const e = o.currentExport;
  const s = e?.summary;
  const soorten = Object.entries(s?.onderwijssoorten ?? {});
  return h(
    'section',
    { 'aria-labelledby': 'export-h' },
    h('h2', { id: 'export-h' }, 'Gegevens'),
    e && s
      ? h(
          'dl',
          { class: 'summary' },
          h('dt', {}, 'Huidige export'),
          h('dd', {}, `${e.respondents} respondenten, vragenlijst ${e.instrument}`),
          h('dt', {}, 'Geaccepteerd'),
          h('dd', {}, dateTimeNl(e.acceptedAt)),
          h('dt', {}, isPrimary(o.school.sector) ? 'Per groep' : 'Per leerjaar'),
          h(
            'dd',
            {},
            Object.entries(s.leerjaren)
              .map(([l, n]) => `${leerjaarNl(o.school.sector, Number(l))}: ${n}`)
              .join(', '),
          ),
          soorten.length > 0 ? h('dt', {}, 'Per onderwijssoort') : null,
          soorten.length > 0 ? h('dd', {}, soorten.map(([k, n]) => `${k}: ${n}`).join(', ')) : null,
          // Figures the vendor computed: checked by msv, not counted from answers (the report says so too).
          s.source === 'vendor-aggregated' ? h('dt', {}, 'Soort gegevens') : null,
          s.source === 'vendor-aggregated'
            ? h('dd', { id: 'export-source' }, 'Totalen van de leverancier (geen antwoorden per leerling)')
            : null,
          s.sheet ? h('dt', {}, 'Werkblad') : null,
          s.sheet ? h('dd', {}, s.sheet) : null,
          // Said so that the school knows these columns were seen, skipped unread and kept nowhere.
          s.ignoredColumns ? h('dt', {}, 'Overgeslagen kolommen') : null,
          s.ignoredColumns
            ? h(
                'dd',
                { id: 'ignored-columns' },
                `${s.ignoredColumns.join(', ')} (niet gelezen en niet bewaard)`,
              )
            : null,
        )
      : h('p', {}, 'Er is voor dit schooljaar nog geen export geüpload.'),
  );
};
