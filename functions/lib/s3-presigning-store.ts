/**
 * The ObjectStore port on S3 with short-lived download links. Its own file, so that only the function that signs
 * links bundles the presigner.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { S3ObjectStore } from './s3-object-store.js';

export class PresigningS3ObjectStore extends S3ObjectStore {
  async presignGet(key: string, seconds: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: seconds,
    });
  }
}
