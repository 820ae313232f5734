/** What `school-policy` needs: the settings its code reads and what it may touch (functions/lib/needs.ts). */
import { defineNeeds } from '../lib/needs.js';

export const needs = defineNeeds({
  fn: 'school-policy',
  settings: [],
  // Reads the school, and puts only policy items (POLICY#…): never a school, a consent or an export.
  access: ['table-policy'],
});
