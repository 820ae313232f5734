/**
 * The ObjectStore port on S3. Encryption at rest comes from the bucket's default encryption with our data key.
 * We deliberately send no `ServerSideEncryption` header: `aws:kms` without a key id would make S3 use the
 * AWS-managed `aws/s3` key instead of the bucket's customer-managed one.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from '../../shared/ports.js';

export class S3ObjectStore implements ObjectStore {
  constructor(
    protected readonly client: S3Client,
    protected readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentLength: body.byteLength,
      }),
    );
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : undefined;
    } catch (err) {
      if (err instanceof NoSuchKey) return undefined;
      throw err;
    }
  }
}
