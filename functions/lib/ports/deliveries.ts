/** The delivery bucket's port factories: the Inspectie's delivery location (the bucket may be in another account). */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { loadConfig, NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } from '@smithy/core/config';
import type { Settings } from '../../../shared/config.js';
import { S3DownloadLinks } from '../s3-download-links.js';
import { S3ObjectStore } from '../s3-object-store.js';
import { s3Client } from './s3.js';

export const deliveryObjects = (s: Settings<'stage' | 'deliveryBucket'>): S3ObjectStore =>
  new S3ObjectStore(s3Client(s), s.deliveryBucket);

/**
 * The endpoint an S3 client would use from the environment (`AWS_ENDPOINT_URL_S3`, then `AWS_ENDPOINT_URL`),
 * read by the SDK's own config loader.
 */
const configuredEndpoint = loadConfig<string | undefined>(
  {
    environmentVariableSelector: (env) => env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL,
    configFileSelector: () => undefined,
    default: () => undefined,
  },
  {},
);

/**
 * Five-minute download links to the same bucket, signed with the function's own rights: region and credentials
 * as an S3 client finds them, and locally the stand-ins' endpoint, path-style (as s3Client's forcePathStyle).
 */
export const deliveryLinks = (s: Settings<'stage' | 'deliveryBucket'>): S3DownloadLinks =>
  new S3DownloadLinks({
    bucket: s.deliveryBucket,
    region: loadConfig(NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS),
    credentials: defaultProvider(),
    ...(s.stage === 'local' ? { endpoint: configuredEndpoint } : {}),
  });
