import { emfMetrics } from '../lib/metrics.js';
import { dynamoStore } from '../lib/ports/every-store.js';
import { sesMailer } from '../lib/ports/mailer.js';
import { uploadObjects } from '../lib/ports/uploads.js';
import { wire } from '../lib/wire.js';
import { needs } from './needs.js';
import { createUploadExportHandler } from './upload-export.js';

export const handler = createUploadExportHandler(
  wire(needs, { store: dynamoStore, objects: uploadObjects, mailer: sesMailer, metrics: emfMetrics }),
);
