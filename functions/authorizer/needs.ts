/** What `authorizer` needs: the settings its code reads and what it may touch (functions/lib/needs.ts). */
import { defineNeeds } from '../lib/needs.js';

export const needs = defineNeeds({
  fn: 'authorizer',
  settings: [],
  access: ['table-read', 'people-tokens'],
});
