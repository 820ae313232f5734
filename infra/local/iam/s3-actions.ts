/**
 * The S3 half of the request mapper (REST, path-style `/{bucket}/{key}` as `forcePathStyle: true` sends it):
 * method + subresource → IAM action, object ARN with the key percent-decoded, and the S3 condition keys.
 * Presigned URLs map like signed requests; their credential sits in the query, which is not a subresource.
 */
import {
  decodeOrFail,
  fail,
  type HttpRequestParts,
  type IamRequest,
  type MappingContext,
} from './iam-request.js';
import { header } from './request-parsing.js';

/** Subresource → action, per method, for bucket requests (`/{bucket}`) and object requests (`/{bucket}/{key}`). */
type Table = Readonly<Record<string, Readonly<Record<string, string>>>>;

// The empty subresource is the plain operation. Delete* of bucket configuration is authorized as its Put*, as in AWS.
const BUCKET: Table = {
  GET: {
    '': 'ListBucket',
    location: 'GetBucketLocation',
    cors: 'GetBucketCORS',
    policy: 'GetBucketPolicy',
    versioning: 'GetBucketVersioning',
    lifecycle: 'GetLifecycleConfiguration',
    notification: 'GetBucketNotification',
    tagging: 'GetBucketTagging',
    acl: 'GetBucketAcl',
    uploads: 'ListBucketMultipartUploads',
    versions: 'ListBucketVersions',
    encryption: 'GetEncryptionConfiguration',
    website: 'GetBucketWebsite',
  },
  HEAD: { '': 'ListBucket' },
  PUT: {
    '': 'CreateBucket',
    cors: 'PutBucketCORS',
    policy: 'PutBucketPolicy',
    versioning: 'PutBucketVersioning',
    lifecycle: 'PutLifecycleConfiguration',
    notification: 'PutBucketNotification',
    tagging: 'PutBucketTagging',
    acl: 'PutBucketAcl',
    encryption: 'PutEncryptionConfiguration',
    website: 'PutBucketWebsite',
  },
  DELETE: {
    '': 'DeleteBucket',
    cors: 'PutBucketCORS',
    policy: 'DeleteBucketPolicy',
    lifecycle: 'PutLifecycleConfiguration',
    tagging: 'PutBucketTagging',
    encryption: 'PutEncryptionConfiguration',
    website: 'DeleteBucketWebsite',
  },
};

const OBJECT: Table = {
  GET: {
    '': 'GetObject',
    tagging: 'GetObjectTagging',
    acl: 'GetObjectAcl',
    uploadId: 'ListMultipartUploadParts',
    attributes: 'GetObjectAttributes',
    'legal-hold': 'GetObjectLegalHold',
    retention: 'GetObjectRetention',
  },
  HEAD: { '': 'GetObject' },
  // Multipart: create, upload part and complete are all s3:PutObject.
  PUT: {
    '': 'PutObject',
    uploadId: 'PutObject',
    tagging: 'PutObjectTagging',
    acl: 'PutObjectAcl',
    'legal-hold': 'PutObjectLegalHold',
    retention: 'PutObjectRetention',
  },
  POST: { uploads: 'PutObject', uploadId: 'PutObject', restore: 'RestoreObject', select: 'GetObject' },
  DELETE: { '': 'DeleteObject', uploadId: 'AbortMultipartUpload', tagging: 'DeleteObjectTagging' },
};

/** Versioned variants: the same request with `?versionId=` needs the *Version action. */
const VERSIONED: Readonly<Record<string, string>> = {
  GetObject: 'GetObjectVersion',
  GetObjectTagging: 'GetObjectVersionTagging',
  GetObjectAcl: 'GetObjectVersionAcl',
  DeleteObject: 'DeleteObjectVersion',
  DeleteObjectTagging: 'DeleteObjectVersionTagging',
};

const SUBRESOURCES = new Set([
  ...Object.values(BUCKET).flatMap((m) => Object.keys(m)),
  ...Object.values(OBJECT).flatMap((m) => Object.keys(m)),
  'delete',
  'object-lock',
  'ownershipControls',
  'publicAccessBlock',
  'accelerate',
  'logging',
  'replication',
  'requestPayment',
  'analytics',
  'inventory',
  'metrics',
  'intelligent-tiering',
  'policyStatus',
  'torrent',
]);

/** Query parameters that select nothing: list paging, response overrides, the SDK's `x-id`, presigning. */
const PLAIN_PARAMS = new Set([
  'x-id',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'list-type',
  'encoding-type',
  'fetch-owner',
  'marker',
  'partNumber',
  'versionId',
  'key-marker',
  'upload-id-marker',
  'version-id-marker',
  'max-uploads',
  'max-parts',
  'part-number-marker',
  'max-buckets',
  'bucket-region',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
]);

/** The one subresource of the request ('' for none); a parameter we do not know denies the request. */
const subresourceOf = (query: URLSearchParams): string => {
  const found: string[] = [];
  for (const key of new Set(query.keys())) {
    if (SUBRESOURCES.has(key)) found.push(key);
    else if (!PLAIN_PARAMS.has(key) && !key.toLowerCase().startsWith('x-amz-'))
      fail(`s3 query parameter '${key}' is not mapped`);
  }
  // UploadPart carries partNumber and uploadId; CompleteMultipartUpload only uploadId: one subresource each.
  if (found.length > 1) fail(`s3 request with several subresources (${found.join(', ')}) is not mapped`);
  return found[0] ?? '';
};

/** `/{bucket}/{key}` (key percent-decoded, like the ARN IAM evaluates) or `/{bucket}`; `/` is the account. */
const splitPath = (rawPath: string): { bucket?: string; key?: string } => {
  const path = rawPath.replace(/^\/+/, '');
  if (path === '') return {};
  const slash = path.indexOf('/');
  const bucket = decodeOrFail(slash === -1 ? path : path.slice(0, slash), 'the S3 bucket');
  if (!/^[a-z0-9][a-z0-9.-]{1,62}$/.test(bucket)) fail(`'${bucket}' is not a bucket name (path-style only)`);
  const key = slash === -1 ? '' : decodeOrFail(path.slice(slash + 1), 'the S3 key');
  // AWS keeps `raw/../x` as a literal key below raw/; the S3 stand-in resolves the dot segments and would store
  // it elsewhere (even in another bucket), outside what the policy allowed. Such keys are refused here.
  if (
    key !== '' &&
    key.split('/').some((seg, i, all) => seg === '.' || seg === '..' || (seg === '' && i < all.length - 1))
  )
    fail(`the S3 key '${key}' has dot or empty segments, which the local S3 stand-in would resolve`);
  return key === '' ? { bucket } : { bucket, key };
};

/** The GetObject check on a copy source (`x-amz-copy-source: /bucket/key?versionId=…`, URL-encoded). */
const copySourceRequest = (value: string): IamRequest => {
  const [source = '', version] = value.split('?versionId=');
  const decoded = decodeOrFail(source, 'x-amz-copy-source').replace(/^\/+/, '');
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) fail('x-amz-copy-source does not name bucket/key');
  return { action: version ? 's3:GetObjectVersion' : 's3:GetObject', resource: `arn:aws:s3:::${decoded}` };
};

/** The keys of a DeleteObjects body (`<Delete><Object><Key>…</Key></Object>…</Delete>`), XML-unescaped. */
const deleteKeys = (xml: string): string[] =>
  [...xml.matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) =>
    (m[1] as string)
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
      .replace(/&amp;/g, '&'),
  );

/** The IAM checks of one S3 request. */
export const s3RequestsOf = (http: HttpRequestParts, _ctx: MappingContext): IamRequest[] => {
  const { method, query, headers } = http;
  const { bucket, key } = splitPath(http.path);
  const sub = subresourceOf(query);
  // Condition keys S3 sets on every request: how it was signed.
  const context: Record<string, string> = {
    's3:authType': query.has('X-Amz-Credential') ? 'REST-QUERY-STRING' : 'REST-HEADER',
    's3:signatureversion': 'AWS4-HMAC-SHA256',
  };
  const sha = header(headers, 'x-amz-content-sha256');
  if (sha) context['s3:x-amz-content-sha256'] = sha;

  if (bucket === undefined) {
    if (method === 'GET' && sub === '') return [{ action: 's3:ListAllMyBuckets', resource: '*', context }];
    return fail(`s3 ${method} / is not mapped`);
  }
  const bucketArn = `arn:aws:s3:::${bucket}`;
  if (key === undefined) {
    if (method === 'POST' && sub === 'delete')
      return deleteKeys(http.body.toString('utf8')).map((k) => ({
        action: 's3:DeleteObject',
        resource: `${bucketArn}/${k}`,
        context,
      }));
    const action =
      BUCKET[method]?.[sub] ?? fail(`s3 ${method} on a bucket${sub ? ` ?${sub}` : ''} is not mapped`);
    if (action === 'ListBucket')
      for (const [param, ck] of [
        ['prefix', 's3:prefix'],
        ['delimiter', 's3:delimiter'],
        ['max-keys', 's3:max-keys'],
      ] as const) {
        const v = query.get(param);
        if (v !== null) context[ck] = v;
      }
    return [{ action: `s3:${action}`, resource: bucketArn, context }];
  }

  let action =
    OBJECT[method]?.[sub] ?? fail(`s3 ${method} on an object${sub ? ` ?${sub}` : ''} is not mapped`);
  const versionId = query.get('versionId');
  if (versionId !== null) {
    action = VERSIONED[action] ?? action;
    context['s3:versionid'] = versionId;
  }
  for (const h of [
    'x-amz-acl',
    'x-amz-server-side-encryption',
    'x-amz-server-side-encryption-aws-kms-key-id',
    'x-amz-storage-class',
    'x-amz-copy-source',
    'x-amz-metadata-directive',
  ]) {
    const v = header(headers, h);
    if (v !== undefined) context[`s3:${h}`] = v;
  }
  const requests: IamRequest[] = [{ action: `s3:${action}`, resource: `${bucketArn}/${key}`, context }];
  // CopyObject and UploadPartCopy also read the source object.
  const copySource = header(headers, 'x-amz-copy-source');
  if (method === 'PUT' && copySource) requests.push(copySourceRequest(copySource));
  return requests;
};
