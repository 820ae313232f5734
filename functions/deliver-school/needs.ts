/** What `deliver-school` needs: the settings its code reads and what it may touch (functions/lib/needs.ts). */
import { defineNeeds } from '../lib/needs.js';

export const needs = defineNeeds({
  fn: 'deliver-school',
  settings: ['lowResponsePercent'],
  access: ['table-write', 'deliveries-put', 'mail'],
  metrics: ['Deliveries', 'MailsFailed'],
});
