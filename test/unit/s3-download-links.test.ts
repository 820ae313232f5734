/**
 * The link signer without an S3 client signs exactly the URL the SDK's getSignedUrl signs with one, in AWS
 * (virtual-hosted) and on a local endpoint (path-style), for keys that need escaping.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { S3DownloadLinks } from '../../functions/lib/s3-download-links.js';

const credentials = {
  accessKeyId: 'ASIAEXAMPLELINKS0001',
  secretAccessKey: 'secret/for+links',
  sessionToken: 'session-token',
};
const signingDate = new Date('2027-07-01T04:05:06Z');
const KEYS = [
  'deliveries/2026-2027/22KC00/9f1c/report.pdf',
  'deliveries/2026-2027/22KC00/a b+c/ë&€ (1)!*.pdf',
];

/** The checksum settings of the S3 client the links were signed with before (functions/lib/ports/s3.ts). */
const asBefore = {
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
} as const;

const viaClient = (client: S3Client, bucket: string, key: string) =>
  getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 300, signingDate });

describe('S3DownloadLinks', () => {
  it.each(KEYS)('signs what getSignedUrl signs in AWS: %s', async (key) => {
    const client = new S3Client({ ...asBefore, region: 'eu-west-1', credentials });
    const links = new S3DownloadLinks({ bucket: 'msv-deliveries-abc123', region: 'eu-west-1', credentials });
    const ours = await links.presignGet(key, 300, signingDate);
    expect(ours).toBe(await viaClient(client, 'msv-deliveries-abc123', key));
    expect(ours.startsWith('https://msv-deliveries-abc123.s3.eu-west-1.amazonaws.com/deliveries/')).toBe(
      true,
    );
    expect(new URL(ours).searchParams.get('X-Amz-Expires')).toBe('300');
  });

  it.each(['inspectie.msv.leveringen', 'Msv_Deliveries'])(
    'signs what getSignedUrl signs for a bucket that cannot be a host name, path-style: %s',
    async (bucket) => {
      const client = new S3Client({ ...asBefore, region: 'eu-west-1', credentials });
      const links = new S3DownloadLinks({ bucket, region: 'eu-west-1', credentials });
      const ours = await links.presignGet(KEYS[0] as string, 300, signingDate);
      expect(ours).toBe(await viaClient(client, bucket, KEYS[0] as string));
      expect(ours.startsWith(`https://s3.eu-west-1.amazonaws.com/${bucket}/deliveries/`)).toBe(true);
    },
  );

  it.each(KEYS)('signs what getSignedUrl signs on a local endpoint, path-style: %s', async (key) => {
    const endpoint = 'http://127.0.0.1:45123';
    const client = new S3Client({
      ...asBefore,
      region: 'eu-west-1',
      credentials,
      endpoint,
      forcePathStyle: true,
    });
    const links = new S3DownloadLinks({
      bucket: 'msv-local-deliveries',
      region: 'eu-west-1',
      credentials,
      endpoint,
    });
    const ours = await links.presignGet(key, 300, signingDate);
    expect(ours).toBe(await viaClient(client, 'msv-local-deliveries', key));
    expect(ours.startsWith(`${endpoint}/msv-local-deliveries/deliveries/`)).toBe(true);
  });
});
