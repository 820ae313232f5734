/**
 * The pure parts of the school's "Beleid" form (no DOM): who may change it, the form's values from what the API
 * answered, the values checked and turned into the PUT body (an empty field is left out: not stated, never an
 * empty text), and the line that says who changed it last. The section (pages/school-year/policy.ts) only draws
 * these.
 */
import { PROTOCOLS, type ProtocolCode } from '../../shared/policy/protocols.js';
import { dateTimeNl } from './format.js';
import type { FormError } from './people.js';
import type { Me, PolicyView } from './types.js';

export { PROTOCOLS, type ProtocolCode };

/**
 * Whether the caller may change the school's policy, as the API decides (shared/policy/access.ts): a person
 * with the upload right at the school (schoolleider, medewerker, bestuurder), the school's or board's token.
 */
export const mayStatePolicy = (me: Me, schoolId: string): boolean =>
  me.person !== null
    ? (me.schools.find((s) => s.schoolId === schoolId)?.may.includes('upload') ?? false)
    : me.role === 'school' || me.role === 'board';

/** What the form holds: texts as typed, the protocols ticked, and "geen van deze" for a plan with none. */
export interface PolicyValues {
  name: string;
  email: string;
  adopted: string;
  protocols: ProtocolCode[];
  noProtocols: boolean;
  programmes: string;
}

/** The form's values for the stored policy; empty for what it does not state. */
export const policyValuesOf = (view: Pick<PolicyView, 'policy'>): PolicyValues => {
  const p = view.policy;
  return {
    name: p?.coordinator?.name ?? '',
    email: p?.coordinator?.email ?? '',
    adopted: p?.safetyPlanAdopted ?? '',
    protocols: [...(p?.protocols ?? [])],
    noProtocols: p?.protocols !== undefined && p.protocols.length === 0,
    programmes: p?.programmes ?? '',
  };
};

/** The body of `PUT …/policy`. */
export interface PolicyBody {
  coordinator?: { name?: string; email?: string };
  safetyPlanAdopted?: string;
  protocols?: ProtocolCode[];
  programmes?: string;
  version: number;
}

export type CheckedPolicy = { ok: true; body: PolicyBody } | { ok: false; errors: FormError[] };

/**
 * The form's values as the API's body, checked for what the form itself can tell (the API checks everything
 * again and names its own refusals at the same fields): protocols ticked together with "geen van deze", and a
 * date after today (`today` from `GET /me`, the service's clock). Fields left empty are left out.
 */
export const policyRequest = (values: PolicyValues, version: number, today: string): CheckedPolicy => {
  const errors: FormError[] = [];
  const name = values.name.trim();
  const email = values.email.trim();
  const adopted = values.adopted.trim();
  const programmes = values.programmes.trim();
  if (values.noProtocols && values.protocols.length > 0) {
    errors.push({
      field: 'protocols',
      message: 'Kies de protocollen die het plan heeft, of "Geen van deze", niet allebei.',
    });
  }
  if (adopted !== '' && adopted > today) {
    errors.push({
      field: 'safetyPlanAdopted',
      message: 'Deze datum ligt in de toekomst: vul de datum in waarop het plan is vastgesteld.',
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  const ticked = PROTOCOLS.map((p) => p.id).filter((code) => values.protocols.includes(code));
  const coordinator = { ...(name ? { name } : {}), ...(email ? { email } : {}) };
  return {
    ok: true,
    body: {
      ...(name || email ? { coordinator } : {}),
      ...(adopted ? { safetyPlanAdopted: adopted } : {}),
      ...(values.noProtocols ? { protocols: [] } : ticked.length > 0 ? { protocols: ticked } : {}),
      ...(programmes ? { programmes } : {}),
      version,
    },
  };
};

/** "Laatst gewijzigd op 2 maart 2026 om 10:00 door …", or that nothing was stated yet. */
export const policyUpdatedNl = (view: Pick<PolicyView, 'updatedAt' | 'updatedByName'>): string =>
  view.updatedAt
    ? `Laatst gewijzigd op ${dateTimeNl(view.updatedAt)} door ${view.updatedByName ?? 'onbekend'}.`
    : 'Het beleid van deze school is nog niet ingevuld.';
