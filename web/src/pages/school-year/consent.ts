/**
 * "Toestemming": for the bevoegd gezag the consent's state with its actions (give, change, revoke), the
 * wizard opening in its place; for anyone else only when delivery is planned.
 */
import type { AppContext } from '../../context.js';
import { append, h, replace } from '../../dom.js';
import { dateNl, LEVEL_NL } from '../../format.js';
import type { ConsentView, SchoolYearOverview } from '../../types.js';
import { renderConsentWizard } from '../consent-wizard.js';
import { revokeConfirm } from './revoke-confirm.js';
import { warningList } from './warnings.js';

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
        existing: consent?.status === 'active' ? consent : null,
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
    if (!consent) {
      const button = h(
        'button',
        { type: 'button', id: 'consent-start', onclick: openWizard },
        'Toestemming geven',
      );
      replace(
        body,
        h('p', {}, 'Er is voor dit schooljaar nog geen toestemming gegeven.'),
        overview.currentExport
          ? h('p', {}, button)
          : h('p', { class: 'hint' }, 'Upload eerst een export; daarna kunt u toestemming geven.'),
      );
      return;
    }
    const info = overview.consent;
    const items = h(
      'dl',
      { class: 'summary' },
      h('dt', {}, 'Status'),
      h('dd', {}, consent.status === 'delivered' ? 'Geleverd' : 'Toestemming gegeven, levering gepland'),
      h('dt', {}, 'Niveau'),
      h('dd', {}, LEVEL_NL[consent.level] ?? consent.level),
      h('dt', {}, 'Leverdatum'),
      h('dd', {}, dateNl(consent.deliveryDate)),
      view.lastChangeDay ? h('dt', {}, 'Te wijzigen tot en met') : null,
      view.lastChangeDay ? h('dd', { id: 'last-change-day' }, dateNl(view.lastChangeDay)) : null,
    );
    const confirmSlot = h('div', {});
    const actions =
      consent.status === 'active' && !view.locked
        ? h(
            'p',
            { class: 'actions' },
            h('button', { type: 'button', id: 'consent-change', onclick: openWizard }, 'Wijzigen'),
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
export const plannedDeliveryNote = (active: NonNullable<SchoolYearOverview['consent']>): HTMLElement =>
  h(
    'section',
    { 'aria-labelledby': 'consent-h' },
    h('h2', { id: 'consent-h' }, 'Toestemming'),
    h('p', {}, `Levering gepland op ${dateNl(active.deliveryDate)}, ${LEVEL_NL[active.level]}.`),
    warningList(active.warnings),
  );
