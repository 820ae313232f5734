import { productionDeps } from '../lib/wiring.js';
import { createUploadExportHandler } from './upload-export.js';

export const handler = createUploadExportHandler(productionDeps());
