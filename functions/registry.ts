/**
 * Every function's declaration, by folder. The CDK stack creates a function for each and nothing else; a test
 * checks that every folder under functions/ (but lib) is here.
 */
import { needs as authorizer } from './authorizer/needs.js';
import { needs as boardOverview } from './board-overview/needs.js';
import { needs as consent } from './consent/needs.js';
import { needs as deliverSchool } from './deliver-school/needs.js';
import { needs as dispatchDeliveries } from './dispatch-deliveries/needs.js';
import { needs as getDelivery } from './get-delivery/needs.js';
import { needs as getSchoolYear } from './get-school-year/needs.js';
import { needs as health } from './health/needs.js';
import type { FunctionNeeds } from './lib/needs.js';
import { needs as listExports } from './list-exports/needs.js';
import { needs as listInstruments } from './list-instruments/needs.js';
import { needs as me } from './me/needs.js';
import { needs as openapi } from './openapi/needs.js';
import { needs as people } from './people/needs.js';
import { needs as reconcileDeliveries } from './reconcile-deliveries/needs.js';
import { needs as report } from './report/needs.js';
import { needs as schoolPolicy } from './school-policy/needs.js';
import { needs as sendReminders } from './send-reminders/needs.js';
import { needs as uploadExport } from './upload-export/needs.js';

export const FUNCTION_NEEDS: readonly FunctionNeeds[] = [
  authorizer,
  boardOverview,
  consent,
  deliverSchool,
  dispatchDeliveries,
  getDelivery,
  getSchoolYear,
  health,
  listExports,
  listInstruments,
  me,
  openapi,
  people,
  reconcileDeliveries,
  report,
  schoolPolicy,
  sendReminders,
  uploadExport,
];

/** The declaration of a function folder; throws for a folder without one. */
export const needsOf = (fn: string): FunctionNeeds => {
  const needs = FUNCTION_NEEDS.find((n) => n.fn === fn);
  if (!needs) throw new Error(`functions/${fn} has no needs.ts in functions/registry.ts`);
  return needs;
};
