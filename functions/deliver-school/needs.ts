/** What `deliver-school` needs: the settings its code reads and what it may touch (functions/lib/needs.ts). */
import { defineNeeds } from '../lib/needs.js';

export const needs = defineNeeds({
  fn: 'deliver-school',
  // The workers deployed at once, over which its share of the mail rate is divided.
  settings: ['lowResponsePercent', 'deliveryConcurrency'],
  access: ['table-write', 'deliveries-put', 'mail'],
  metrics: ['Deliveries', 'MailsFailed'],
});
