/** What `upload-export` needs: the settings its code reads and what it may touch (functions/lib/needs.ts). */
import { defineNeeds } from '../lib/needs.js';

export const needs = defineNeeds({
  fn: 'upload-export',
  settings: ['minGroupSize', 'maxRows', 'maxUploadBytes', 'maxSchoolsPerUpload'],
  access: ['table-write', 'upload-put', 'mail'],
  metrics: ['ExportsAccepted', 'ExportsRejected', 'MailsFailed'],
});
