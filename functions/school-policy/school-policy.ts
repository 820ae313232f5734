/**
 * `GET | PUT /schools/{schoolId}/policy`: the school's safety policy (shared/policy/) — its anti-bullying
 * coordinator, when the safety plan was last adopted, the plan's protocols and the programmes it uses. One
 * record per school, whatever the school year; a PUT replaces the whole policy and keeps the version before
 * it.
 */
import '../../shared/zod-locale.js';
import type { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod/mini';
import type { Clock } from '../../shared/clock.js';
import { AppError, invalidFields } from '../../shared/errors.js';
import { mayReadPolicy, policyWriterOf } from '../../shared/policy/access.js';
import { nextPolicyRecord, type PolicyRecord, versionMatches } from '../../shared/policy/record.js';
import { parsePolicyRequest } from '../../shared/policy/schema.js';
import { type PolicyStore, PolicyVersionConflictError } from '../../shared/store/policies.js';
import type { SchoolReads } from '../../shared/store/schools.js';
import { amsterdamDate } from '../../shared/time/amsterdam.js';
import { apiHandler } from '../lib/api-handler.js';
import { parseJsonBody } from '../lib/body.js';
import { json } from '../lib/http.js';
import { resolveSchool } from '../lib/school-scope.js';

export interface SchoolPolicyDeps {
  logger: Logger;
  clock: Clock;
  store: { schools: Pick<SchoolReads, 'get'>; policies: PolicyStore };
}

const refusedRead = () =>
  new AppError(403, 'forbidden', 'A vendor token does not see a school’s policy.', {
    messageNl: 'Met een leverancierstoken is het beleid van de school niet in te zien.',
  });

const refusedWrite = () =>
  new AppError(
    403,
    'forbidden',
    'Only the school’s own people, its board’s bestuurder, and the school’s and board’s tokens can change the school’s policy.',
    {
      messageNl:
        'Alleen de schoolleider, medewerkers van de school en de bestuurder kunnen het beleid van de school wijzigen.',
    },
  );

const versionConflict = (currentVersion: number) =>
  new AppError(409, 'version_conflict', 'The policy was changed in the meantime; reload it and try again.', {
    messageNl:
      'Het beleid is intussen door iemand anders gewijzigd; laad het opnieuw en probeer het nog eens.',
    currentVersion,
  });

/** What GET and PUT answer: the policy (`null` when the school never stated one) and who stated it when. */
const view = (schoolId: string, record: PolicyRecord | undefined) => ({
  schoolId,
  policy: record?.policy ?? null,
  version: record?.version ?? 0,
  updatedAt: record?.updatedAt ?? null,
  updatedBy: record?.updatedBy ?? null,
  updatedByName: record?.updatedByName ?? null,
  history: record?.history ?? [],
});

export const createSchoolPolicyHandler = (deps: SchoolPolicyDeps) =>
  apiHandler(deps.logger, async (event) => {
    const { principal, school } = await resolveSchool(event, deps);
    const { schoolId } = school;
    if (event.requestContext.http.method !== 'PUT') {
      if (!mayReadPolicy(principal)) throw refusedRead();
      return json(200, view(schoolId, await deps.store.policies.get(schoolId)));
    }

    const actor = policyWriterOf(principal, school);
    if (!actor) throw refusedWrite();
    // The media type and the JSON first (415, 400); then every field, with the clock's today for the date.
    const body = parseJsonBody(event, z.unknown());
    const request = parsePolicyRequest(body, amsterdamDate(deps.clock.now()));
    if (!request.ok) throw invalidFields(request.issues);

    const current = await deps.store.policies.get(schoolId);
    if (!versionMatches(current, request.version)) throw versionConflict(current?.version ?? 0);
    const next = nextPolicyRecord(current, {
      schoolId,
      policy: request.policy,
      actor,
      at: deps.clock.now().toISOString(),
    });
    // The same policy again (a retry, a second click): nothing written, nothing added to the history.
    if (!next) return json(200, view(schoolId, current));
    try {
      await deps.store.policies.put(next);
    } catch (err) {
      // Someone wrote between the read and the write: the caller decides again on what is stored now.
      if (err instanceof PolicyVersionConflictError) {
        throw versionConflict((await deps.store.policies.get(schoolId))?.version ?? 0);
      }
      throw err;
    }
    deps.logger.info('school policy saved', { schoolId, version: next.version });
    return json(next.version === 1 ? 201 : 200, view(schoolId, next));
  });
