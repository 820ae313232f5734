/**
 * The API and its functions: an HTTP API whose routes come from the shared route table, a Lambda authorizer on
 * every route but the health check, and one function per route folder with only the grants it needs.
 */
import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { toEnvironment } from '../shared/config.js';
import { AUTHORIZER_FN, routeFunctions, routes } from '../shared/http/routes.js';
import { MsvFunction } from './constructs/msv-function.js';
import type { DeployConfig } from './deploy-config.js';

export interface MsvStatelessStackProps extends StackProps {
  config: DeployConfig;
  table: ITable;
  uploadBucket: IBucket;
}

/** What each function may touch. Everything not listed here gets no data access at all. */
type Access = 'table-read' | 'table-write' | 'upload-put';
const ACCESS: Record<string, Access[]> = {
  [AUTHORIZER_FN]: ['table-read'],
  health: [],
  'list-instruments': [],
  'upload-export': ['table-write', 'upload-put'],
  'list-exports': ['table-read'],
  'get-school-year': ['table-read'],
};

/** PascalCase construct id of a function folder: `upload-export` → `UploadExport`. */
const idOf = (fn: string) => fn.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

const retentionOf = (days: number): RetentionDays => {
  const options = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0);
  return (options.sort((a, b) => a - b).find((d) => d >= days) ?? RetentionDays.INFINITE) as RetentionDays;
};

export class MsvStatelessStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Record<string, MsvFunction> = {};

  constructor(scope: Construct, id: string, props: MsvStatelessStackProps) {
    super(scope, id, props);
    const { config, table, uploadBucket } = props;
    const logRetention = retentionOf(config.logRetentionDays);

    for (const fn of [AUTHORIZER_FN, ...routeFunctions()]) {
      const access = ACCESS[fn];
      if (!access) throw new Error(`no access declared for function ${fn} in infra/stateless-stack.ts`);
      const usesTable = access.some((a) => a.startsWith('table'));
      const usesUploads = access.includes('upload-put');
      const f = new MsvFunction(this, idOf(fn), {
        fn,
        logRetention,
        environment: toEnvironment({
          stage: 'aws',
          logLevel: config.logLevel,
          minGroupSize: config.minGroupSize,
          maxRows: config.maxRows,
          ...(usesTable ? { tableName: table.tableName } : {}),
          ...(usesUploads ? { uploadBucket: uploadBucket.bucketName } : {}),
        }),
      });
      if (access.includes('table-read')) table.grantReadData(f);
      if (access.includes('table-write')) table.grantReadWriteData(f);
      if (usesUploads) uploadBucket.grantPut(f);
      this.acknowledgeFunctionFindings(f, access, table, uploadBucket);
      this.functions[fn] = f;
    }

    const authorizer = new HttpLambdaAuthorizer(
      'TokenAuthorizer',
      this.functions[AUTHORIZER_FN] as IFunction,
      {
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        identitySource: ['$request.header.Authorization'],
        // No caching: a revoked token must stop working at once, not after the cache expires.
        resultsCacheTtl: Duration.seconds(0),
      },
    );

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: logRetention });
    this.api = new HttpApi(this, 'Api', {
      description: 'msv: survey-export upload, consent and delivery to the Inspectie',
      createDefaultStage: true,
    });
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        requestTime: '$context.requestTime',
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLength: '$context.responseLength',
        integrationError: '$context.integrationErrorMessage',
        authorizerError: '$context.authorizer.error',
      }),
    };
    stage.defaultRouteSettings = { throttlingRateLimit: 50, throttlingBurstLimit: 100 };
    void LogGroupLogDestination;

    for (const route of routes) {
      const integration = new HttpLambdaIntegration(
        `${route.id}Integration`,
        this.functions[route.fn] as IFunction,
      );
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer: route.auth ? authorizer : new HttpNoneAuthorizer(),
      });
      if (!route.auth && created) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'The health check is deliberately public; it returns no data and touches no table or bucket.',
        });
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }

  /** The findings every msv function carries, each acknowledged with why it is acceptable. */
  private acknowledgeFunctionFindings(
    f: MsvFunction,
    access: Access[],
    table: ITable,
    uploadBucket: IBucket,
  ) {
    const v = Validations.of(f);
    v.acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-managed basic execution role only allows writing the function’s own CloudWatch logs.',
    });
    v.acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The project targets the Node.js 22 LTS runtime on purpose; moving to a newer runtime is a tested change.',
    });
    v.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and PutTelemetryRecords support no resource-level permissions.',
    });
    if (access.some((a) => a.startsWith('table'))) {
      v.acknowledge({
        id: `AwsSolutions-IAM5[Resource::${importName(table.tableArn, table)}/index/*]`,
        reason: 'grant*Data covers the msv table’s own indexes (gsi1); no other table is reachable.',
      });
    }
    if (access.includes('upload-put')) {
      v.acknowledge({
        id: `AwsSolutions-IAM5[Resource::${importName(uploadBucket.bucketArn, uploadBucket)}/*]`,
        reason:
          'Uploads are written under keys derived from their hash, so the function needs put on the bucket’s objects; it has no get or delete.',
      });
      for (const action of ['s3:Abort*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
        v.acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason:
            'Added by grantPut for multipart uploads and SSE-KMS with the one data key of the upload bucket.',
        });
      }
    }
  }
}

/**
 * The name under which the stateful stack exports a value: cdk-nag names cross-stack resources by it, so the
 * acknowledgements above follow the stack's name instead of hard-coding it.
 */
const importName = (value: string, owner: Construct): string => {
  const stack = Stack.of(owner);
  const resolved = stack.resolve(stack.exportValue(value)) as { 'Fn::ImportValue': string };
  return resolved['Fn::ImportValue'];
};
