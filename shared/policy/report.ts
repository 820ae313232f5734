/**
 * A school's policy as the report's "Beleid" section and `data.json` name it: Dutch rows, each item either as
 * the school stated it or "niet opgegeven". Nothing is filled in that the school did not state: a protocol is
 * "nee" only when the school listed the protocols and left it out, and "niet opgegeven" when it listed none.
 * Pure and without a clock, so that the same policy always gives the same rows.
 */
import { formatNl } from '../consent/messages.js';
import { PROTOCOLS, type ProtocolCode } from './protocols.js';
import type { SchoolPolicy } from './schema.js';

/** What the report says of an item the school did not state. */
export const NOT_GIVEN = 'niet opgegeven';

/** The items of a policy, in the order the report lists them. */
export const POLICY_ITEMS = [
  'coordinatorName',
  'coordinatorEmail',
  'safetyPlanAdopted',
  'protocols',
  'programmes',
] as const;
export type PolicyItem = (typeof POLICY_ITEMS)[number];

/** The report's Dutch label of each item. */
export const POLICY_ITEM_LABELS: Readonly<Record<PolicyItem, string>> = {
  coordinatorName: 'Coördinator anti-pestbeleid en aanspreekpunt pesten',
  coordinatorEmail: 'Contactadres van de coördinator',
  safetyPlanAdopted: 'Veiligheidsplan laatst vastgesteld op',
  protocols: 'Protocollen in het veiligheidsplan',
  programmes: 'Programma’s en methoden',
};

export interface PolicyReportRow {
  item: PolicyItem;
  label: string;
  /** As stated, or {@link NOT_GIVEN}. */
  value: string;
  given: boolean;
}

export interface ProtocolReportRow {
  code: ProtocolCode;
  label: string;
  /** `ja`: in the plan; `nee`: the school listed the protocols without it; else {@link NOT_GIVEN}. */
  value: 'ja' | 'nee' | typeof NOT_GIVEN;
}

export interface PolicyReport {
  rows: PolicyReportRow[];
  /** One row per protocol, all twelve, in the list's order. */
  protocols: ProtocolReportRow[];
  /** The items the school did not state, in the report's order. */
  missing: PolicyItem[];
}

/** The value of each item as stated, undefined when it was not. */
const statedValues = (p: SchoolPolicy | null | undefined): Record<PolicyItem, string | undefined> => ({
  coordinatorName: p?.coordinator?.name,
  coordinatorEmail: p?.coordinator?.email,
  safetyPlanAdopted: p?.safetyPlanAdopted === undefined ? undefined : formatNl(p.safetyPlanAdopted),
  protocols:
    p?.protocols === undefined
      ? undefined
      : p.protocols.length === 0
        ? 'geen'
        : PROTOCOLS.filter((x) => p.protocols?.includes(x.id))
            .map((x) => x.label)
            .join(', '),
  programmes: p?.programmes,
});

/** The items a policy does not state (every one when there is no policy). */
export const missingPolicyItems = (policy: SchoolPolicy | null | undefined): PolicyItem[] =>
  policyForReport(policy).missing;

/** The policy's rows for the report, with "niet opgegeven" for every item the school did not state. */
export const policyForReport = (policy: SchoolPolicy | null | undefined): PolicyReport => {
  const stated = statedValues(policy);
  const listed = policy?.protocols;
  return {
    rows: POLICY_ITEMS.map((item) => ({
      item,
      label: POLICY_ITEM_LABELS[item],
      value: stated[item] ?? NOT_GIVEN,
      given: stated[item] !== undefined,
    })),
    protocols: PROTOCOLS.map(({ id, label }) => ({
      code: id,
      label,
      value: listed === undefined ? NOT_GIVEN : listed.includes(id) ? 'ja' : 'nee',
    })),
    missing: POLICY_ITEMS.filter((item) => stated[item] === undefined),
  };
};
