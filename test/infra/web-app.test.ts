/**
 * The web app (infra/constructs/web-app.ts): a private, SSL-only bucket served by CloudFront through origin
 * access control, with security headers, and the deployment of the build with its config.json.
 */
import { Capture, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synth } from './templates.js';

describe('web app hosting', () => {
  let t: Template;
  beforeAll(() => {
    t = synth().stateless;
  });

  it('keeps the bucket private, encrypted and SSL-only', () => {
    t.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^WebAppBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('serves it through CloudFront with origin access control only, HTTPS by redirect, index.html at /', () => {
    const oac = new Capture();
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD'],
          ResponseHeadersPolicyId: { Ref: Match.stringLikeRegexp('^WebAppSecurityHeaders') },
        }),
        Origins: [
          Match.objectLike({
            DomainName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebAppBucket'), 'RegionalDomainName'] },
            OriginAccessControlId: { 'Fn::GetAtt': [oac, 'Id'] },
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
      }),
    });
    t.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    expect(oac.asString()).toMatch(/OriginAccessControl/);
    // Only CloudFront, and only this distribution, may read the bucket.
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: {
              StringEquals: { 'AWS:SourceArn': Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });

  it('sends security headers: a strict CSP, HSTS, no framing, no sniffing, no referrer', () => {
    const csp = new Capture();
    t.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: csp, Override: true },
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 31_536_000,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        },
      }),
    });
    const policy = JSON.stringify(csp.asObject());
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ]) {
      expect(policy).toContain(directive);
    }
    expect(policy).toContain("connect-src 'self' https://*.execute-api.");
    // The sign-in domain's token and revocation endpoints, which the app calls with fetch.
    expect(policy).toMatch(/connect-src [^;]* https:\/\/\S*UserPoolDomain\S*\.auth\./);
    expect(policy).not.toContain('unsafe-inline');
  });

  it('deploys the build with a config.json naming the API and the sign-in, and outputs the app URL', () => {
    const markers = new Capture();
    t.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: Match.stringLikeRegexp('^WebAppBucket') },
      DistributionId: { Ref: Match.stringLikeRegexp('^WebAppDistribution') },
      Prune: true,
      DistributionPaths: ['/index.html', '/config.json'],
      // Source.jsonData writes what is known only at deploy time into config.json, through markers.
      SourceMarkers: [{}, markers],
    });
    const values = Object.values(markers.asObject()).map((v) => JSON.stringify(v));
    expect(values).toEqual(
      expect.arrayContaining([
        // The API endpoint, the app client's id, the pool's issuer and the managed login domain.
        expect.stringMatching(/^\{"Fn::GetAtt":\["Api[0-9A-F]{8}","ApiEndpoint"\]\}$/),
        expect.stringMatching(/^\{"Ref":"WebSignInClient[0-9A-F]{8}"\}$/),
        expect.stringMatching(/ProviderURL/),
        expect.stringMatching(/UserPoolDomain/),
      ]),
    );
    t.hasOutput('WebAppUrl', {
      Value: {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebAppDistribution'), 'DomainName'] }, '/'],
        ],
      },
    });
  });
});
