/** The delivery bucket's port factory: the Inspectie's delivery location (the bucket may be in another account). */
import type { Settings } from '../../../shared/config.js';
import { S3ObjectStore } from '../s3-object-store.js';
import { PresigningS3ObjectStore } from '../s3-presigning-store.js';
import { s3Client } from './s3.js';

export const deliveryObjects = (s: Settings<'stage' | 'deliveryBucket'>): S3ObjectStore =>
  new S3ObjectStore(s3Client(s), s.deliveryBucket);

/** The same bucket, for a function that hands out five-minute download links (signed with its own rights). */
export const presigningDeliveryObjects = (s: Settings<'stage' | 'deliveryBucket'>): PresigningS3ObjectStore =>
  new PresigningS3ObjectStore(s3Client(s), s.deliveryBucket);
