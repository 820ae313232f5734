/** What `get-school-year` needs: the settings its code reads and what it may touch (functions/lib/needs.ts). */
import { defineNeeds } from '../lib/needs.js';

export const needs = defineNeeds({
  fn: 'get-school-year',
  settings: ['lowResponsePercent'],
  access: ['table-read'],
});
