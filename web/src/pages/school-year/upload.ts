/**
 * "Export uploaden": by file picker (the keyboard way) or by dropping a file on the drop zone. A refused file
 * shows its row-level errors as a table, so the school can correct them in the file it has.
 */
import { ApiError, type FieldError } from '../../api.js';
import type { AppContext } from '../../context.js';
import { h, replace, uid } from '../../dom.js';
import { dateNl } from '../../format.js';
import { rowErrorNl } from '../../messages-nl.js';
import type { Instrument, UploadAnswer } from '../../types.js';
import { announce, busy, errorBox } from '../../ui.js';

export const uploadSection = (ctx: AppContext, base: string, instruments: Instrument[]): HTMLElement => {
  const fileId = uid('file');
  const instrumentId = uid('instrument');
  const fileInput = h('input', {
    id: fileId,
    name: 'file',
    type: 'file',
    accept: '.csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    required: true,
  });
  const select = h(
    'select',
    { id: instrumentId, name: 'instrument' },
    instruments.map((i) => h('option', { value: i.id }, `${i.name} (${i.id})`)),
  );
  // Most vendors export one row per student; a few only their own totals per level (README: aggregated imports).
  const formatId = uid('format');
  const format = h(
    'select',
    { id: formatId, name: 'format' },
    h('option', { value: 'rows' }, 'Antwoorden per leerling (gebruikelijk)'),
    h(
      'option',
      { value: 'aggregated' },
      'Totalen van de leverancier (per school, onderwijssoort en leerjaar)',
    ),
  );
  const result = h('div', { id: 'upload-result' });
  // A dropped file wins over the picker's until the picker changes again.
  let dropped: File | null = null;
  const chosen = h('p', { class: 'hint', 'aria-live': 'polite' });
  const zone = h(
    'div',
    { class: 'dropzone' },
    h('p', {}, 'Sleep het CSV-bestand hierheen, of kies het hieronder met de knop.'),
    chosen,
  );
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    dropped = e.dataTransfer?.files[0] ?? null;
    chosen.textContent = dropped ? `Gekozen: ${dropped.name}` : '';
  });
  fileInput.addEventListener('change', () => {
    dropped = null;
    chosen.textContent = fileInput.files?.[0] ? `Gekozen: ${fileInput.files[0].name}` : '';
  });
  const button = h('button', { type: 'submit' }, 'Export uploaden');
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    zone,
    h('label', { for: fileId }, 'Bestand (CSV of Excel)'),
    fileInput,
    h('label', { for: instrumentId }, 'Vragenlijst'),
    select,
    h('label', { for: formatId }, 'Soort bestand'),
    format,
    h('p', {}, button),
    result,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const file = dropped ?? fileInput.files?.[0];
    replace(result);
    if (!file) {
      replace(result, errorBox({ messageNl: 'Kies eerst een bestand.' }));
      fileInput.focus();
      return;
    }
    void busy(button, async () => {
      try {
        const answer = await ctx.api.json<UploadAnswer>(`${base}/exports`, {
          method: 'POST',
          query: {
            instrument: select.value,
            ...(format.value === 'aggregated' ? { format: 'aggregated' } : {}),
          },
          bytes: await file.arrayBuffer(),
        });
        announce(uploadedNl(answer));
        await ctx.rerender();
      } catch (err) {
        replace(result, errorBox(err), err instanceof ApiError ? uploadErrorTable(err) : null);
        result.querySelector<HTMLElement>('[role=alert]')?.setAttribute('tabindex', '-1');
        result.querySelector<HTMLElement>('[role=alert]')?.focus();
      }
    });
  });
  return h(
    'section',
    { 'aria-labelledby': 'upload-h' },
    h('h2', { id: 'upload-h' }, 'Export uploaden'),
    form,
  );
};

/**
 * What the upload means, said once the page is drawn again: accepted (or the same file again) and, under a
 * consent for the newest upload, the date this data will be delivered on and whether the board was told.
 */
const uploadedNl = (answer: UploadAnswer): string => {
  if (answer.unchanged) {
    return `Dit bestand was al geüpload; er is niets veranderd (${answer.respondents} respondenten).`;
  }
  const skipped = answer.summary.ignoredColumns;
  const accepted = `Export geaccepteerd: ${answer.respondents} respondenten.${skipped ? ` Overgeslagen (niet gelezen en niet bewaard): ${skipped.join(', ')}.` : ''}`;
  const { delivery } = answer;
  if (!delivery) return accepted;
  const planned = `Deze gegevens worden op ${dateNl(delivery.deliveryDate)} aan de Inspectie geleverd.`;
  return delivery.mail === 'sent'
    ? `${accepted} ${planned} Het bestuur heeft hierover een e-mail gekregen.`
    : `${accepted} ${planned} De e-mail aan het bestuur kon niet worden verstuurd; laat het bestuur dit weten.`;
};

/** A workbook's error also says its sheet and the column letters Excel shows (the API's ingest error). */
type PlacedError = FieldError & { columnLetter?: string; sheet?: string };

/** Where an error is, as the school sees it: a CSV line, a worksheet's row ("rij 5"), or the whole file. */
const lineNl = (r: PlacedError): string | number => {
  if (!r.line) return 'heel bestand';
  return r.sheet === undefined ? r.line : `rij ${r.line}`;
};

/** A workbook's column by its letters ("kolom C"), a CSV file's by its number. */
const columnNl = (r: PlacedError): string | number =>
  r.columnLetter !== undefined ? `kolom ${r.columnLetter}` : (r.column ?? '—');

/** A 422's row-level errors: regel, kolom, veld, melding; the API sends the first ones and says how many. */
const uploadErrorTable = (err: ApiError): HTMLElement | null => {
  if (err.errors.length === 0) return null;
  const count = typeof err.details.errorCount === 'number' ? err.details.errorCount : err.errors.length;
  return h(
    'table',
    { class: 'errors' },
    h(
      'caption',
      {},
      count > err.errors.length
        ? `${count} fouten gevonden; de eerste ${err.errors.length} staan hieronder`
        : `${count} ${count === 1 ? 'fout' : 'fouten'} gevonden`,
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Regel', 'Kolom', 'Veld', 'Melding'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      err.errors.map((r) =>
        h(
          'tr',
          {},
          h('td', { class: 'num' }, lineNl(r)),
          h('td', { class: 'num' }, columnNl(r)),
          h('td', {}, r.field ?? '—'),
          h('td', {}, rowErrorNl(r.code, r.message)),
        ),
      ),
    ),
  );
};
