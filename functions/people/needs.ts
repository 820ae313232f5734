/** What `people` needs: the settings its code reads and what it may touch (functions/lib/needs.ts). */
import { defineNeeds } from '../lib/needs.js';

export const needs = defineNeeds({
  fn: 'people',
  settings: ['appUrl'],
  access: ['table-people', 'user-directory', 'mail'],
  metrics: ['MailsFailed'],
});
