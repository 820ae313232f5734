/**
 * "Andere aanbieder": the school delivers this school year through another provider (KiVa, ZIEN!…), so msv has
 * nothing to do for it that year — no reminders, counted apart in the board overview, and no consent here until
 * the marker is removed (shared/provider/provider.ts). Without it, a board whose school uses another instrument
 * keeps getting reminders it cannot act on, and could give consent in msv as well: the Inspectie would then get
 * the school's data twice.
 *
 * For whoever may give consent (the API's rule: the marker and the consent exclude each other, so the same people
 * decide both): the marker with who set it and a button to deliver through msv again, or a short explanation with
 * the form to set it; beside an active consent the form is left out and the page says to revoke first, as the API
 * would refuse it (409 `consent_active`). Others only read the marker, when there is one.
 */
import { PROVIDER_NAME_MAX } from '../../../../shared/provider/provider.js';
import type { AppContext } from '../../context.js';
import { h, replace } from '../../dom.js';
import { labelledInput } from '../../fields.js';
import { dateTimeNl } from '../../format.js';
import type { SchoolYearOverview } from '../../types.js';
import { announce, busy, errorBox } from '../../ui.js';
import { apiFieldErrors, errorSlot, showFormErrors } from '../board-people/form-errors.js';

type Marker = NonNullable<SchoolYearOverview['provider']>;

const heading = () => h('h2', { id: 'provider-h' }, 'Andere aanbieder');

/** What the marker means, said where it stands and where it can be set. */
const MEANS =
  'Dan stuurt msv voor deze school dit schooljaar geen herinneringen, en kan hier geen toestemming worden gegeven: zo krijgt de Inspectie de gegevens niet twee keer.';

/**
 * After a change the whole page is drawn again (the status bar, the consent section and the board's counts all
 * follow the marker), as after revoking consent; the status line says what happened.
 */
const redraw = async (ctx: AppContext, message: string): Promise<void> => {
  announce(message);
  await ctx.rerender();
};

const markerLine = (marker: Marker): HTMLElement =>
  h('p', { id: 'provider-status' }, h('strong', {}, `Deze school levert dit schooljaar via ${marker.name}.`));

const setByLine = (marker: Marker): HTMLElement =>
  h(
    'p',
    { class: 'hint', id: 'provider-set-by' },
    `Vastgelegd door ${marker.updatedByName} op ${dateTimeNl(marker.updatedAt)}.`,
  );

/**
 * The marker, with "Weer via msv leveren". No confirmation step, unlike revoking consent: removing the marker
 * cancels no delivery and is undone by setting it again; it only lets msv remind the board and take consent.
 */
const withMarker = (ctx: AppContext, path: string, marker: Marker): HTMLElement[] => {
  const errors = h('div', {});
  const button = h(
    'button',
    { type: 'button', class: 'secondary', id: 'provider-remove' },
    'Weer via msv leveren',
  );
  button.addEventListener('click', () => {
    replace(errors);
    void busy(button, async () => {
      try {
        await ctx.api.json(path, { method: 'DELETE' });
        await redraw(ctx, 'De school levert dit schooljaar weer via msv. U kunt nu toestemming geven.');
      } catch (err) {
        replace(errors, errorBox(err));
      }
    });
  });
  return [
    markerLine(marker),
    setByLine(marker),
    h('p', {}, MEANS),
    h('p', { class: 'hint' }, 'Levert de school toch via msv? Dan kunt u daarna hier toestemming geven.'),
    h('p', {}, button),
    errors,
  ];
};

/** The form to set the marker: the provider's name, checked here for being filled in, by the API for the rest. */
const markerForm = (ctx: AppContext, path: string): HTMLFormElement => {
  const input = h('input', {
    type: 'text',
    name: 'provider',
    maxlength: PROVIDER_NAME_MAX,
    autocomplete: 'off',
    required: true,
  });
  const name = labelledInput(
    'Naam van de andere aanbieder',
    input,
    'Bijvoorbeeld KiVa, ZIEN! of Vensters: de aanbieder die dit schooljaar aan de Inspectie levert.',
  );
  const fields = { name: name.field };
  const box = errorSlot();
  const button = h('button', { type: 'submit', id: 'provider-submit' }, 'Vastleggen');
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'provider-h' },
    name.wrap,
    box,
    h('p', {}, button),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (value === '') {
      showFormErrors(form, fields, box, [
        { field: 'name', message: 'Vul de naam in van de aanbieder waarmee de school levert.' },
      ]);
      return;
    }
    showFormErrors(form, fields, box, []);
    void busy(button, async () => {
      try {
        await ctx.api.json(path, { method: 'PUT', json: { name: value } });
        await redraw(ctx, `Vastgelegd: deze school levert dit schooljaar via ${value}.`);
      } catch (err) {
        // A 422 at the name; a refusal of the year (consent_active, already_delivered) in the box.
        showFormErrors(form, fields, box, apiFieldErrors(err), err);
      }
    });
  });
  return form;
};

/**
 * The section, or null when there is nothing to show: the caller leaves it out of a delivered year (msv
 * delivered it, the API refuses a marker then). `canConsent` is `mayConsent(ctx.me, schoolId)`.
 */
export const providerSection = (
  ctx: AppContext,
  base: string,
  overview: SchoolYearOverview,
  canConsent: boolean,
): HTMLElement | null => {
  const marker = overview.provider;
  if (!canConsent) {
    return marker
      ? h('section', { 'aria-labelledby': 'provider-h' }, heading(), markerLine(marker), setByLine(marker))
      : null;
  }
  const path = `${base}/provider`;
  const consentActive = overview.consent?.status === 'active';
  return h(
    'section',
    { 'aria-labelledby': 'provider-h' },
    heading(),
    marker
      ? withMarker(ctx, path, marker)
      : [
          h(
            'p',
            {},
            'Levert deze school dit schooljaar via een andere aanbieder, zoals KiVa of ZIEN!? Leg dat dan hier vast. ',
            MEANS,
          ),
          consentActive
            ? h(
                'p',
                { class: 'hint', id: 'provider-consent-active' },
                'Er is voor dit schooljaar toestemming gegeven om via msv te leveren. Levert de school via een andere aanbieder, trek die toestemming dan eerst in (hieronder); daarna kunt u dat hier vastleggen.',
              )
            : markerForm(ctx, path),
        ],
  );
};
