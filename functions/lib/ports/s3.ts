/** The S3 client recipe shared by the upload and delivery buckets' ports. */
import { S3Client } from '@aws-sdk/client-s3';
import type { Settings } from '../../../shared/config.js';

export const s3Client = (s: Settings<'stage'>): S3Client =>
  new S3Client({
    // WHEN_REQUIRED: flexible checksums are not needed for our single PutObject calls and corrupt streamed
    // uploads on S3-compatible servers that do not understand aws-chunked framing.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // The local S3 server has no virtual-host buckets.
    forcePathStyle: s.stage === 'local',
  });
