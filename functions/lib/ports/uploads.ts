/** The upload bucket's port factory (raw exports below raw/). */
import type { Settings } from '../../../shared/config.js';
import { S3ObjectStore } from '../s3-object-store.js';
import { s3Client } from './s3.js';

export const uploadObjects = (s: Settings<'stage' | 'uploadBucket'>): S3ObjectStore =>
  new S3ObjectStore(s3Client(s), s.uploadBucket);
