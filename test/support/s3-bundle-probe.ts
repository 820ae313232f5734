/**
 * Bundled with MSV_BUNDLING by test/infra/bundles.test.ts and run in a fresh node: the S3 client as every msv
 * bundle holds it (event-stream codecs aliased away) puts and gets an object, and an event-stream operation
 * fails with the alias's error. Prints one JSON line.
 */
import { GetObjectCommand, PutObjectCommand, S3Client, SelectObjectContentCommand } from '@aws-sdk/client-s3';

const client = new S3Client({ forcePathStyle: true });
await client.send(new PutObjectCommand({ Bucket: 'probe', Key: 'raw/a.csv', Body: 'a;b\n1;2\n' }));
const got = await client.send(new GetObjectCommand({ Bucket: 'probe', Key: 'raw/a.csv' }));
const body = await got.Body?.transformToString();
let selectError = '';
try {
  await client.send(
    new SelectObjectContentCommand({
      Bucket: 'probe',
      Key: 'raw/a.csv',
      Expression: 'select * from s3object',
      ExpressionType: 'SQL',
      InputSerialization: { CSV: {} },
      OutputSerialization: { CSV: {} },
    }),
  );
} catch (e) {
  selectError = (e as Error).name;
}
process.stdout.write(`${JSON.stringify({ body, selectError })}\n`);
