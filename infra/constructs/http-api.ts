/**
 * The HTTP API: a route for every entry of the shared route table (shared/http/routes.ts), each on its own
 * function, a Lambda authorizer on every route but the health check and `/openapi.json`, CORS for the web app's
 * origin only, and a throttled default stage with an access log.
 *
 * Transparent (infra/constructs/transparent-construct.ts): the API, its stage and routes keep the logical ids
 * they had when the stack created them directly. The API's id is in its URL, which vendors and schools use.
 */
import { Duration, Names, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  type HttpAuthorizer,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AUTHORIZER_FN, routeFunctions, routes } from '../../shared/http/routes.js';
import type { FunctionFactory } from './function-factory.js';
import { keepEmbeddedUniqueId, TransparentConstruct } from './transparent-construct.js';

export interface MsvHttpApiProps {
  readonly functions: FunctionFactory;
  /** The one origin browsers may call the API from: the web app's (`https://…`). */
  readonly allowedOrigin: string;
  /** Retention of the access log. */
  readonly logRetention: RetentionDays;
}

/** Construct id of the authorizer; the HttpAuthorizer it makes is a child of the API with this id. */
const AUTHORIZER_ID = 'TokenAuthorizer';

/** The API, its stage, its routes, their functions and the authorizer. */
export class MsvHttpApi extends TransparentConstruct {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: MsvHttpApiProps) {
    super(scope, id);
    const { functions } = props;
    for (const fn of [AUTHORIZER_FN, ...routeFunctions()]) functions.create(this, fn);

    const authorizer = new HttpLambdaAuthorizer(AUTHORIZER_ID, functions.get(AUTHORIZER_FN), {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      // No caching: a revoked token must stop working at once, not after the cache expires.
      resultsCacheTtl: Duration.seconds(0),
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: props.logRetention });
    this.api = new HttpApi(this, 'Api', {
      description: 'msv: survey-export upload, consent and delivery to the Inspectie',
      createDefaultStage: false,
      // Browsers may call the API only from the web app's own origin.
      corsPreflight: {
        allowOrigins: [props.allowedOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
        allowHeaders: ['Authorization', 'Content-Type'],
        exposeHeaders: ['x-msv-data-sha256'],
        maxAge: Duration.hours(1),
      },
    });
    // Same construct id as HttpApi's own default stage, so the logical id is that of a default stage.
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    for (const route of routes) {
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, functions.get(route.fn)),
        authorizer: route.auth ? authorizer : new HttpNoneAuthorizer(),
      });
      if (!route.auth && created) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is deliberately public (the health check, the API's own OpenAPI document); it returns no school data and touches no table or bucket.`,
        });
      }
    }

    // The authorizer's invoke permission is named after the authorizer's unique id, which moves with its path.
    const authorizerResource = this.api.node.findChild(AUTHORIZER_ID) as HttpAuthorizer;
    const permission = this.api.node.findChild(
      `${Names.nodeUniqueId(authorizerResource.node)}-Permission`,
    ) as CfnPermission;
    keepEmbeddedUniqueId(permission, authorizerResource);
  }
}
