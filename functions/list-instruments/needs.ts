/** What `list-instruments` needs: the settings its code reads and what it may touch (functions/lib/needs.ts). */
import { defineNeeds } from '../lib/needs.js';

export const needs = defineNeeds({
  fn: 'list-instruments',
  settings: [],
  // The definitions the operator stored beside the shipped ones (INSTRUMENT# items): read only.
  access: ['table-read'],
});
