/**
 * `GET | PUT | DELETE /schools/{schoolId}/years/{schoolYear}/consent`: the consent of the bevoegd gezag to
 * deliver this school's monitoring data, with its full history. Only the school's own token or its board's
 * token act for the bevoegd gezag; who it was is recorded.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import { actingMembership, mayAct, tokenDisplayNl } from '../../shared/auth/access.js';
import type { Clock } from '../../shared/clock.js';
import type { Config } from '../../shared/config.js';
import {
  type ConsentActor,
  type ConsentDeps,
  giveConsent,
  revokeConsent,
} from '../../shared/consent/consent-service.js';
import { smallSchoolNl } from '../../shared/consent/small-school.js';
import { AppError } from '../../shared/errors.js';
import {
  type ConsentAuditEntry,
  consentRequestSchema,
  type Principal,
  type School,
} from '../../shared/model.js';
import { ROLE_NL } from '../../shared/people/membership.js';
import type { DeliveryScheduler, Mailer } from '../../shared/ports.js';
import { schoolYearStatus } from '../../shared/school-year-status.js';
import type { ProviderStore } from '../../shared/store/providers.js';
import type { StoreReads } from '../../shared/store/stores.js';
import { apiHandler } from '../lib/api-handler.js';
import { parseJsonBody } from '../lib/body.js';
import { json } from '../lib/http.js';
import type { FunctionMetrics } from '../lib/metrics.js';
import { actorOf, resolveSchoolYear } from '../lib/school-scope.js';
import { serviceLog } from '../lib/service-log.js';
import { handleProvider } from './provider.js';

export interface ConsentHandlerDeps {
  config: Pick<Config, 'lowResponsePercent'>;
  logger: Logger;
  clock: Clock;
  store: ConsentDeps['store'] & Pick<StoreReads, 'schools' | 'audit'> & { providers: ProviderStore };
  scheduler: DeliveryScheduler;
  mailer: Mailer;
  /** Given by the wiring (needs.ts declares them); a direct call (tests) may leave it out. */
  metrics?: FunctionMetrics<'ConsentsGiven' | 'ConsentsChanged' | 'ConsentsRevoked' | 'MailsFailed'>;
}

/**
 * Who acts, as the consent, its history, the board's mail and the report name them: a person by name, email and
 * role (the membership that lets them give consent here), a token by its id and label.
 */
const actor = (p: Principal, school: School): ConsentActor => {
  if (p.role !== 'person') {
    return { id: actorOf(p), display: tokenDisplayNl(p) };
  }
  const m = actingMembership(p.memberships, school, 'consent');
  const role = m?.role ?? 'medewerker';
  const atSchool = m?.scope === 'school';
  return {
    id: actorOf(p),
    display: `${p.name} (${p.email}), ${ROLE_NL[role]}${atSchool ? ', met toestemming van het bevoegd gezag' : ''}`,
    person: { sub: p.sub, name: p.name, email: p.email, role },
    needsBoardConsent: atSchool,
  };
};

/** Giving, changing or revoking consent: the bevoegd gezag (a board's person or token) or a school's leader. */
const requireConsentRight = (p: Principal, school: School) => {
  if (!mayAct(p, school, 'consent')) {
    throw new AppError(
      403,
      'forbidden',
      'Only the school leader or the board can give, change or revoke consent.',
      {
        messageNl: 'Alleen de schoolleider of het bestuur kan de toestemming geven, wijzigen of intrekken.',
      },
    );
  }
};

/** Seeing the consent: a person who may see the school; of the tokens, the school's own and its board's. */
const requireConsentView = (p: Principal, school: School) => {
  if (p.role !== 'person') requireConsentRight(p, school);
};

export const createConsentHandler = (deps: ConsentHandlerDeps) => {
  const log = serviceLog(deps.logger);
  return apiHandler(deps, async (event) => {
    const { principal, school, schoolYear } = await resolveSchoolYear(event, deps);
    const method = event.requestContext.http.method;
    if (method === 'GET') requireConsentView(principal, school);
    else requireConsentRight(principal, school);
    const serviceDeps = { ...deps, log, lowResponsePercent: deps.config.lowResponsePercent };
    if (event.routeKey.endsWith('/provider')) {
      return handleProvider({ store: deps.store, now: deps.clock.now() }, event, {
        school,
        schoolYear,
        actor: actor(principal, school),
      });
    }

    if (method === 'PUT') {
      const request = parseJsonBody(event, consentRequestSchema);
      const out = await giveConsent(serviceDeps, {
        school,
        schoolYear,
        request,
        actor: actor(principal, school),
      });
      deps.metrics?.count(out.created ? 'ConsentsGiven' : 'ConsentsChanged');
      if (out.mail === 'failed') deps.metrics?.count('MailsFailed');
      deps.logger.info('consent saved', {
        schoolId: school.schoolId,
        schoolYear,
        deliveryDate: out.consent.deliveryDate,
      });
      return json(out.created ? 201 : 200, {
        consent: out.consent,
        lastChangeDay: out.lastChangeDay,
        representativeness: out.representativeness,
        warnings: out.representativeness?.warnings ?? [],
        smallSchool: out.smallSchool && { ...out.smallSchool, messageNl: smallSchoolNl(out.smallSchool) },
        mail: out.mail,
      });
    }
    if (method === 'DELETE') {
      const out = await revokeConsent(serviceDeps, { school, schoolYear, actor: actor(principal, school) });
      deps.metrics?.count('ConsentsRevoked');
      if (out.mail === 'failed') deps.metrics?.count('MailsFailed');
      deps.logger.info('consent revoked', { schoolId: school.schoolId, schoolYear });
      return json(200, { consent: out.consent, mail: out.mail });
    }

    const [consent, current, audit] = await Promise.all([
      deps.store.consents.get(school.schoolId, schoolYear),
      deps.store.exports.getCurrent(school.schoolId, schoolYear),
      deps.store.audit.list(school.schoolId, schoolYear),
    ]);
    const history = audit
      .filter((e): e is ConsentAuditEntry => e.action.startsWith('consent_'))
      // Versions order the history exactly, also for writes within one millisecond; a date that came without data
      // keeps the version it was recorded on, and comes after the write that made it.
      .sort((a, b) => a.detail.after.version - b.detail.after.version || a.at.localeCompare(b.at))
      .map((e) => ({
        at: e.at,
        actor: e.actor,
        action: e.action,
        before: e.detail.before,
        after: e.detail.after,
      }));
    const status = schoolYearStatus(
      { schoolYear, currentExportId: current?.record.exportId, consent },
      deps.clock.now(),
    );
    return json(200, {
      consent: consent ?? null,
      lastChangeDay: status.lastChangeDay,
      locked: status.locked,
      currentExportId: current?.record.exportId ?? null,
      // A newer upload is not delivered until consent is given again.
      newerExportAvailable: status.newerExportAvailable,
      history,
    });
  });
};
