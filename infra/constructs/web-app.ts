/**
 * The web app in AWS: its build output in a private S3 bucket, served by CloudFront through origin access
 * control over HTTPS only, with security headers, and `config.json` (the API URL and the sign-in settings,
 * shared/http/web-config.ts) written at deploy time. The
 * build runs at synth time with the local Vite (no Docker); CDK unit tests skip it like every other bundling.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  AssetHashType,
  Aws,
  DefaultStackSynthesizer,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { WebConfig, WebSignIn } from '../../shared/http/web-config.js';
import { iam5Action, iam5Resource } from '../nag-findings.js';
import { contentSecurityPolicy } from '../web-headers.js';
import { REPO_ROOT } from './msv-function.js';

export interface WebAppProps {
  /** The HTTP API's URL (`https://{id}.execute-api.{region}.amazonaws.com`), written to config.json. */
  readonly apiUrl: string;
  /** How the app signs people in (the Cognito app client and the managed login's endpoints), for config.json. */
  readonly signIn: WebSignIn;
  /**
   * The managed login domain, `https://{prefix}.auth.{region}.amazoncognito.com`: the app calls its token and
   * revocation endpoints with fetch (Cognito answers them with CORS for any origin), so the CSP allows it.
   */
  readonly signInOrigin: string;
}

/** Runs `vite build` of web/ into `outputDir`; the build fails past the 150 KB gzipped budget. */
const buildWebApp = (outputDir: string): boolean => {
  execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(REPO_ROOT, 'web', 'vite.config.ts'),
      '--outDir',
      outputDir,
      '--emptyOutDir',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return true;
};

/** The private bucket, the CloudFront distribution in front of it, and the deployment of the built app. */
export class MsvWebApp extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://{distribution domain}`: the one origin the API's CORS allows. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Only build output lives here; it is rebuilt from the repository on every deploy, so the stack may take
      // the bucket with it (the stateless stack holds no data).
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'msv web app: CSP, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The API's exact origin cannot be named here: the API's CORS names this distribution, and CloudFormation
          // allows no cycle. So connect-src allows the API Gateway hosts of this account's region, and the sign-in
          // domain (the token and revocation endpoints).
          contentSecurityPolicy: contentSecurityPolicy(
            `https://*.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX} ${props.signInOrigin}`,
          ),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'msv web app',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;

    new BucketDeployment(this, 'Deployment', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(join(REPO_ROOT, 'web'), {
          // The output's hash: the app also imports pure code from shared/, outside this folder.
          assetHashType: AssetHashType.OUTPUT,
          bundling: {
            // Never pulled: local bundling always succeeds or fails the synth.
            image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
            local: { tryBundle: (outputDir) => buildWebApp(outputDir) },
          },
        }),
        Source.jsonData('config.json', {
          apiUrl: props.apiUrl,
          signIn: props.signIn,
        } satisfies WebConfig),
      ],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 256,
    });
    this.acknowledgeFindings();
  }

  private acknowledgeFindings() {
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the public build output of the web app, readable only through CloudFront; no data and no tokens are stored or requested there.',
    });
    const cf = Validations.of(this.distribution);
    cf.acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'Dutch schools and boards may work from anywhere (holidays, staff abroad); the API checks every token.',
    });
    cf.acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'The distribution serves only static files; the data behind it is the API, which has throttling and a token on every request.',
    });
    cf.acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'Requests for the static app carry no data or identity; every data request is logged by the API’s access log.',
    });
    cf.acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The default *.cloudfront.net certificate does not allow choosing the minimum TLS version; an own domain with TLSv1.2_2021 is a deployment choice.',
    });
    // BucketDeployment's function is a singleton at stack level, not a child of the deployment.
    const handler = Stack.of(this)
      .node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))
      .at(0);
    if (!handler) throw new Error('the BucketDeployment function was not found in the stack');
    const v = Validations.of(handler);
    v.acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'CDK’s BucketDeployment function: the managed role only lets it write its own logs.',
    });
    v.acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The runtime of CDK’s own BucketDeployment function is chosen by aws-cdk-lib, not by us.',
    });
    for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*']) {
      v.acknowledge({
        id: iam5Action(action),
        reason:
          'Read-only actions of grantRead: the deployment reads the built app from the CDK asset bucket.',
      });
    }
    v.acknowledge({
      // The default bootstrap qualifier's asset bucket, in the stack's account and region (tokens when agnostic).
      id: iam5Resource(
        handler,
        `arn:${Aws.PARTITION}:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${Stack.of(this).account}-${Stack.of(this).region}`,
        '/*',
      ),
      reason: 'The CDK bootstrap asset bucket, where the built app is staged; read only.',
    });
    for (const action of ['s3:Abort*', 's3:DeleteObject*']) {
      v.acknowledge({
        id: iam5Action(action),
        reason:
          'The deployment replaces the old build in the web app bucket (prune): write and delete of its objects only.',
      });
    }
    v.acknowledge({
      id: iam5Resource(handler, this.bucket.bucketArn, '/*'),
      reason:
        'The deployment writes the app’s files, whose names carry content hashes, into the web app bucket only.',
    });
    v.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'cloudfront:CreateInvalidation and GetInvalidation support no resource-level permissions in BucketDeployment’s policy.',
    });
  }
}
