/**
 * The HTTP API (infra/constructs/http-api.ts): a route for every entry of the shared route table on its
 * function, the Lambda authorizer on all but /health, CORS for the web app's origin only, and the throttled,
 * logged default stage.
 */
import { Capture, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/http/routes.js';
import { functionLogicalId, synth } from './templates.js';

describe('HTTP API', () => {
  let t: Template;
  beforeAll(() => {
    t = synth().stateless;
  });

  it('declares every route of the shared table, on its function, guarded by the authorizer except /health', () => {
    for (const route of routes) {
      const target = new Capture();
      t.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: route.auth ? 'CUSTOM' : 'NONE',
        ...(route.auth ? { AuthorizerId: { Ref: Match.stringLikeRegexp('TokenAuthorizer') } } : {}),
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: target }]] },
      });
      const integration = t.findResources('AWS::ApiGatewayV2::Integration')[target.asString()];
      expect(integration?.Properties.IntegrationUri, route.id).toEqual({
        'Fn::GetAtt': [expect.stringMatching(functionLogicalId(route.fn)), 'Arn'],
      });
    }
    t.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
  });

  it('uses a REQUEST authorizer with simple responses and no cache', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerResultTtlInSeconds: 0,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerPayloadFormatVersion: '2.0',
    });
  });

  it('lets API Gateway invoke the authorizer function only as this API’s authorizer', () => {
    const authorizer = new Capture();
    const api = new Capture();
    t.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Authorizer[0-9A-F]{8}$'), 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
      // Only this API's authorizer: `…:{api id}/authorizers/{authorizer id}`.
      SourceArn: {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':execute-api:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':',
            { Ref: api },
            '/authorizers/',
            { Ref: authorizer },
          ],
        ],
      },
    });
    expect(api.asString()).toMatch(/^Api[0-9A-F]{8}$/);
    expect(authorizer.asString()).toMatch(/^ApiTokenAuthorizer/);
  });

  it('logs access and throttles the default stage', () => {
    const format = new Capture();
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
        Format: format,
      },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    expect(JSON.parse(format.asString())).toMatchObject({ requestId: '$context.requestId' });
    t.hasOutput('ApiUrl', {});
  });

  it('allows CORS on the API from exactly the distribution, with the headers the app uses', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: [
          {
            'Fn::Join': [
              '',
              ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebAppDistribution'), 'DomainName'] }],
            ],
          },
        ],
        AllowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
        AllowHeaders: ['Authorization', 'Content-Type'],
        ExposeHeaders: ['x-msv-data-sha256'],
        MaxAge: 3600,
      },
    });
  });
});
