/** What `list-exports` needs: the settings its code reads and what it may touch (functions/lib/needs.ts). */
import { defineNeeds } from '../lib/needs.js';

export const needs = defineNeeds({
  fn: 'list-exports',
  settings: [],
  access: ['table-read'],
});
