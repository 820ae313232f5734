/**
 * `PUT` and `DELETE /schools/{schoolId}/years/{schoolYear}/provider`: "levert via een andere aanbieder". Served by
 * the consent function, which writes the school year's consent too: a marker is refused beside an active or
 * delivered consent, and a consent beside a marker, each in its own write's transaction (shared/provider).
 */
import type { ConsentActor } from '../../shared/consent/consent-service.js';
import type { School } from '../../shared/model.js';
import {
  consentInTheWay,
  type ProviderMarker,
  providerRequestSchema,
} from '../../shared/provider/provider.js';
import type { ConsentReads } from '../../shared/store/consents.js';
import { ProviderBlockedError, type ProviderStore } from '../../shared/store/providers.js';
import { parseJsonBody } from '../lib/body.js';
import { type ApiEvent, type ApiResult, json } from '../lib/http.js';

export interface ProviderDeps {
  store: { consents: Pick<ConsentReads, 'get'>; providers: ProviderStore };
  now: Date;
}

/** Refuses the marker while msv delivers the year (an active consent) or has delivered it. */
const assertNoConsent = async (deps: ProviderDeps, school: School, schoolYear: string) => {
  const consent = await deps.store.consents.get(school.schoolId, schoolYear);
  if (consent?.status === 'active' || consent?.status === 'delivered') throw consentInTheWay(consent.status);
};

export const handleProvider = async (
  deps: ProviderDeps,
  event: ApiEvent,
  input: { school: School; schoolYear: string; actor: ConsentActor },
): Promise<ApiResult> => {
  const { school, schoolYear, actor } = input;
  if (event.requestContext.http.method === 'DELETE') {
    await deps.store.providers.remove(school.schoolId, schoolYear);
    return json(200, { provider: null });
  }
  const request = parseJsonBody(event, providerRequestSchema);
  await assertNoConsent(deps, school, schoolYear);
  const existed = await deps.store.providers.get(school.schoolId, schoolYear);
  const marker: ProviderMarker = {
    schoolId: school.schoolId,
    schoolYear,
    name: request.name,
    updatedAt: deps.now.toISOString(),
    updatedBy: actor.id,
    updatedByName: actor.display,
  };
  try {
    await deps.store.providers.put(marker);
  } catch (err) {
    if (!(err instanceof ProviderBlockedError)) throw err;
    // A consent given since the read above: say which, as the read would have.
    await assertNoConsent(deps, school, schoolYear);
    // Given and revoked again in between: the way is clear now, so write once more; a consent racing this one
    // too is answered as active (409), never as a server error.
    try {
      await deps.store.providers.put(marker);
    } catch (again) {
      if (again instanceof ProviderBlockedError) throw consentInTheWay('active');
      throw again;
    }
  }
  return json(existed ? 200 : 201, { provider: marker });
};
