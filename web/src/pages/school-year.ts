/**
 * One school's school year: the steps to delivery, the current export, upload, the report, consent (give,
 * change, revoke), its history and the delivery record. This file loads what the page needs and puts the
 * sections (school-year/*.ts) in order; each section draws and acts on its own part.
 */
import { type AppContext, mayConsent } from '../context.js';
import { h, replace } from '../dom.js';
import { shiftYear } from '../format.js';
import { boardHref, schoolHref } from '../routes.js';
import { reportChecked } from '../session.js';
import type { ConsentView, DeliveryView, Instrument, SchoolYearOverview } from '../types.js';
import { pageHeading } from '../ui.js';
import { consentSection, consentWaitsForNewDate, plannedDeliveryNote } from './school-year/consent.js';
import { historySection } from './school-year/consent-history.js';
import { deliverySection } from './school-year/delivery.js';
import { exportSection } from './school-year/export-summary.js';
import { policySection } from './school-year/policy.js';
import { providerSection } from './school-year/provider.js';
import { reportSection } from './school-year/report.js';
import { progressBar } from './school-year/status-bar.js';
import { uploadSection } from './school-year/upload.js';

const yearNav = (ctx: AppContext, school: SchoolYearOverview['school'], schoolYear: string): HTMLElement =>
  h(
    'nav',
    { 'aria-label': 'Schooljaar', class: 'year-nav' },
    ctx.me.board
      ? h('a', { href: boardHref(school.boardId, schoolYear) }, 'Terug naar het bestuursoverzicht')
      : null,
    h(
      'a',
      { href: schoolHref(school.schoolId, shiftYear(schoolYear, -1)) },
      `Vorig schooljaar (${shiftYear(schoolYear, -1)})`,
    ),
    h(
      'a',
      { href: schoolHref(school.schoolId, shiftYear(schoolYear, 1)) },
      `Volgend schooljaar (${shiftYear(schoolYear, 1)})`,
    ),
  );

export const renderSchoolYear = async (
  ctx: AppContext,
  schoolId: string,
  schoolYear: string,
): Promise<HTMLElement> => {
  const base = `/schools/${encodeURIComponent(schoolId)}/years/${schoolYear}`;
  const canConsent = mayConsent(ctx.me, schoolId);
  const [overview, instruments, consentView] = await Promise.all([
    ctx.api.json<SchoolYearOverview>(base),
    ctx.api.json<Instrument[]>('/instruments'),
    canConsent ? ctx.api.json<ConsentView>(`${base}/consent`) : Promise.resolve(null),
  ]);
  const delivered = overview.consent?.status === 'delivered';
  const delivery = delivered ? await ctx.api.json<DeliveryView>(`${base}/delivery`) : null;
  const { school } = overview;
  const active = overview.consent?.status === 'active' ? overview.consent : null;

  // Redrawn when the report is fetched and as the wizard moves; "report checked" is kept per session.
  const barSlot = h('div', {});
  const setBar = (wizardStep = -1) =>
    replace(
      barSlot,
      progressBar(
        {
          hasExport: Boolean(overview.currentExport),
          reportChecked: reportChecked(school.schoolId, schoolYear),
          hasConsent: Boolean(overview.consent),
          needsNewDate: consentWaitsForNewDate(overview),
          delivered,
        },
        wizardStep,
      ),
    );
  setBar();

  return h(
    'div',
    {},
    pageHeading(`${school.name} (${school.schoolId}) — schooljaar ${schoolYear}`),
    yearNav(ctx, school, schoolYear),
    barSlot,
    overview.deadlineMissed
      ? h('div', { class: 'warning', role: 'note' }, h('p', {}, overview.deadlineMissed.messageNl))
      : null,
    // Past 1 July in a catch-up window (herstelperiode): consent for a nalevering can still be given.
    overview.window
      ? h(
          'div',
          { class: 'warning', role: 'note', id: 'catch-up-window' },
          h('p', {}, overview.window.messageNl),
        )
      : null,
    exportSection(overview),
    // Once delivered, the delivered data cannot change any more.
    delivered ? null : uploadSection(ctx, base, instruments),
    reportSection(ctx, base, school.schoolId, schoolYear, () => setBar()),
    // Delivering through another provider rules out consent here: decided before it, so it comes first.
    delivered ? null : providerSection(ctx, base, overview, canConsent),
    canConsent && consentView ? consentSection(ctx, base, overview, consentView, setBar) : null,
    canConsent && consentView
      ? historySection(consentView)
      : active
        ? plannedDeliveryNote(active, overview.state)
        : null,
    delivery ? deliverySection(ctx, base, delivery) : null,
    // The school's, not the year's: the same on every school year's page.
    policySection(ctx, school.schoolId),
  );
};
