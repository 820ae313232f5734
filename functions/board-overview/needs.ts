/** What `board-overview` needs: the settings its code reads and what it may touch (functions/lib/needs.ts). */
import { defineNeeds } from '../lib/needs.js';

export const needs = defineNeeds({
  fn: 'board-overview',
  settings: [],
  access: ['table-read'],
});
