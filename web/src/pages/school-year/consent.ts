/**
 * "Toestemming": for the bevoegd gezag the consent's state with its actions (give, change, revoke), the
 * wizard opening in its place; for anyone else only when delivery is planned.
 *
 * Consent can be given before any upload (exportPolicy `latest`: the newest approved upload on the delivery
 * date); such a consent waits for its data, and one whose date came without data delivered nothing and asks
 * for a new date (shared/consent/export-policy.ts).
 */
import { exportPolicyOf, waitsForNewDate } from '../../../../shared/consent/export-policy.js';
import { smallSchoolOf as smallSchoolOfAggregates } from '../../../../shared/consent/small-school.js';
import type { AppContext } from '../../context.js';
import { append, h, replace } from '../../dom.js';
import { DATA_NL, dateNl, dateTimeNl, LEVEL_NL } from '../../format.js';
import type { Consent, ConsentView, SchoolState, SchoolYearOverview } from '../../types.js';
import { renderConsentWizard } from '../consent-wizard.js';
import { revokeConfirm } from './revoke-confirm.js';
import { warningList } from './warnings.js';

/** The current export's whole school below the anonymity threshold, by the API's own rule; else null. */
const smallSchoolOf = (o: Pick<SchoolYearOverview, 'currentExport'>) =>
  (o.currentExport && smallSchoolOfAggregates(o.currentExport.aggregates)) ?? null;

/**
 * Whether the year's active consent plans nothing: its date came without data, and a new one is needed. The
 * overview's consent has no `noData`; its state says it (an active consent that plans nothing counts as none).
 */
export const consentWaitsForNewDate = (o: Pick<SchoolYearOverview, 'consent' | 'state'>): boolean =>
  o.consent?.status === 'active' && (o.state === 'no_export' || o.state === 'export_without_consent');

/** What the consent delivers, with the upload that is now the newest for a `latest` one. */
const dataNl = (consent: Consent, overview: SchoolYearOverview): string => {
  const policy = exportPolicyOf(consent);
  const current = overview.currentExport;
  if (consent.status === 'delivered' || policy === 'pinned') return DATA_NL[policy];
  return current
    ? `${DATA_NL.latest} (nu de upload van ${dateTimeNl(current.acceptedAt)})`
    : `${DATA_NL.latest} (er is nog geen upload)`;
};

type NoDataReason = NonNullable<Consent['noData']>['reason'];

/** Why a date came without data, per reason (the worker's, shared/delivery/no-data.ts). */
const NO_DATA_WHY_NL: Record<NoDataReason, string> = {
  no_export: 'was er geen goedgekeurde upload',
  level_not_available:
    'had de export geen onderwijssoort per leerling, en die is nodig voor levering per onderwijssoort',
  small_school_unconfirmed:
    'had de export te weinig respondenten om scores te leveren, en dat was bij de toestemming niet bevestigd',
};

/** What to do then, per reason. */
const NO_DATA_TODO_NL: Record<NoDataReason, string> = {
  no_export: 'Upload de export en kies hieronder een nieuwe leverdatum. De toestemming zelf blijft staan.',
  level_not_available:
    'Kies hieronder een nieuwe leverdatum, en het niveau "hele school" of upload een export met de onderwijssoort per leerling.',
  small_school_unconfirmed:
    'Bekijk het rapport, kies hieronder een nieuwe leverdatum en bevestig dat er geen scores worden geleverd, of upload een export met meer respondenten.',
};

/** The notice of a date that came without data: nothing was delivered, why, and that a new date is needed. */
const noDataNotice = (noData: NonNullable<Consent['noData']>, overview: SchoolYearOverview): HTMLElement => {
  const why = NO_DATA_WHY_NL[noData.reason];
  const todo = overview.deadlineMissed ? null : NO_DATA_TODO_NL[noData.reason];
  return h(
    'div',
    { class: 'warning', id: 'no-data-notice' },
    h('p', {}, h('strong', {}, 'Er is niets aan de Inspectie geleverd.')),
    h('p', {}, `Op de leverdatum ${dateNl(noData.deliveryDate)} ${why}.`),
    todo ? h('p', {}, todo) : null,
  );
};

export const consentSection = (
  ctx: AppContext,
  base: string,
  overview: SchoolYearOverview,
  view: ConsentView,
  setBar: (wizardStep?: number) => void,
): HTMLElement => {
  const section = h('section', { 'aria-labelledby': 'consent-h' });
  const body = h('div', {});
  // A revoked consent counts as none: consent is given anew, not changed.
  const consent =
    view.consent?.status === 'active' || view.consent?.status === 'delivered' ? view.consent : null;

  const openWizard = () => {
    replace(
      body,
      renderConsentWizard({
        ctx,
        base,
        school: overview.school,
        schoolYear: overview.schoolYear,
        summary: overview.currentExport?.summary ?? null,
        smallSchool: smallSchoolOf(overview),
        existing: consent?.status === 'active' ? consent : null,
        window: overview.window,
        onStep: setBar,
        onCancel: () => {
          setBar();
          showState();
          section.querySelector<HTMLElement>('#consent-h')?.focus();
        },
      }),
    );
  };

  const showState = () => {
    if (!consent && overview.provider) {
      // The API refuses consent while the marker stands (409 delivers_elsewhere): no button that cannot work.
      replace(
        body,
        h(
          'p',
          { id: 'consent-elsewhere' },
          `Deze school levert dit schooljaar via ${overview.provider.name}, dus niet via msv. Wilt u toch via msv leveren? Kies dan hierboven "Weer via msv leveren"; daarna kunt u hier toestemming geven.`,
        ),
      );
      return;
    }
    if (!consent) {
      const button = h(
        'button',
        { type: 'button', id: 'consent-start', onclick: openWizard },
        'Toestemming geven',
      );
      replace(
        body,
        h('p', {}, 'Er is voor dit schooljaar nog geen toestemming gegeven.'),
        // Consent may come before the survey (the Inspectie accepts it "vooraf"): the wizard then offers latest only.
        overview.currentExport
          ? null
          : h(
              'p',
              { class: 'hint', id: 'consent-before-data' },
              'Er is nog geen upload. U kunt al wel toestemming geven: dan wordt op de leverdatum de nieuwste goedgekeurde upload geleverd.',
            ),
        h('p', {}, button),
      );
      return;
    }
    const info = overview.consent;
    const newDate = consent.status === 'active' && waitsForNewDate(consent) ? consent.noData : undefined;
    const awaitingData =
      consent.status === 'active' &&
      !newDate &&
      exportPolicyOf(consent) === 'latest' &&
      !overview.currentExport;
    const statusNl =
      consent.status === 'delivered'
        ? 'Geleverd'
        : newDate
          ? 'Niets geleverd: kies een nieuwe leverdatum'
          : awaitingData
            ? 'Toestemming gegeven, nog geen gegevens'
            : 'Toestemming gegeven, levering gepland';
    const items = h(
      'dl',
      { class: 'summary' },
      h('dt', {}, 'Status'),
      h('dd', { id: 'consent-status' }, statusNl),
      h('dt', {}, 'Te leveren gegevens'),
      h('dd', { id: 'consent-data' }, dataNl(consent, overview)),
      h('dt', {}, 'Niveau'),
      h('dd', {}, LEVEL_NL[consent.level] ?? consent.level),
      h('dt', {}, 'Leverdatum'),
      h('dd', {}, dateNl(consent.deliveryDate) + (newDate ? ' (verstreken, niets geleverd)' : '')),
      // A date that came without data has no last day to change: it waits for a new date.
      view.lastChangeDay && !newDate ? h('dt', {}, 'Te wijzigen tot en met') : null,
      view.lastChangeDay && !newDate ? h('dd', { id: 'last-change-day' }, dateNl(view.lastChangeDay)) : null,
    );
    const confirmSlot = h('div', {});
    const actions =
      consent.status === 'active' && !view.locked
        ? h(
            'p',
            { class: 'actions' },
            h(
              'button',
              { type: 'button', id: 'consent-change', onclick: openWizard },
              newDate ? 'Nieuwe leverdatum kiezen' : 'Wijzigen',
            ),
            h(
              'button',
              {
                type: 'button',
                id: 'consent-revoke',
                class: 'danger',
                onclick: () =>
                  replace(confirmSlot, revokeConfirm(ctx, base, consent.deliveryDate, confirmSlot)),
              },
              'Intrekken',
            ),
          )
        : consent.status === 'active'
          ? h('p', {}, 'De levering is begonnen; de toestemming kan niet meer worden gewijzigd.')
          : null;
    replace(
      body,
      items,
      newDate ? noDataNotice(newDate, overview) : null,
      awaitingData
        ? h(
            'div',
            { class: 'warning', id: 'awaiting-data-notice' },
            h(
              'p',
              {},
              `Er is nog geen upload. Zorg dat de export vóór ${dateNl(consent.deliveryDate)} is geüpload; het bestuur krijgt dan een e-mail. Zonder gegevens wordt er op de leverdatum niets geleverd.`,
            ),
          )
        : null,
      view.newerExportAvailable
        ? h(
            'div',
            { class: 'warning' },
            h(
              'p',
              {},
              'Er is een nieuwere export dan die waarvoor toestemming is gegeven. Die wordt pas geleverd als u de toestemming opnieuw opslaat (Wijzigen).',
            ),
          )
        : null,
      info ? warningList(info.warnings) : null,
      actions,
      confirmSlot,
    );
  };

  showState();
  append(section, h('h2', { id: 'consent-h', tabindex: -1 }, 'Toestemming'), body);
  return section;
};

/** The planned delivery, for a caller who may see but not give consent (a vendor, an admin). */
export const plannedDeliveryNote = (
  active: NonNullable<SchoolYearOverview['consent']>,
  state: SchoolState,
): HTMLElement => {
  const date = dateNl(active.deliveryDate);
  const latest = active.exportPolicy === 'latest';
  const text = consentWaitsForNewDate({ consent: active, state })
    ? `Op ${date} is niets geleverd: er waren geen gegevens om te leveren. Het bestuur kiest een nieuwe leverdatum.`
    : latest && active.exportId === null
      ? `Toestemming gegeven voor levering op ${date}, ${LEVEL_NL[active.level]}, van ${DATA_NL.latest}; er is nog geen upload.`
      : `Levering gepland op ${date}, ${LEVEL_NL[active.level]}${latest ? `, van ${DATA_NL.latest}` : ''}.`;
  return h(
    'section',
    { 'aria-labelledby': 'consent-h' },
    h('h2', { id: 'consent-h' }, 'Toestemming'),
    h('p', {}, text),
    warningList(active.warnings),
  );
};
