/** What `send-reminders` needs: the settings its code reads and what it may touch (functions/lib/needs.ts). */
import { defineNeeds } from '../lib/needs.js';

export const needs = defineNeeds({
  fn: 'send-reminders',
  settings: ['remindersStart', 'noDataRemindersStart', 'appUrl'],
  access: ['table-reminders', 'mail'],
  metrics: ['RemindersSent', 'MailsFailed'],
});
