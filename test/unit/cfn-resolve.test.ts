// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Fn::Sub strings are CloudFormation's, not templates.
import { describe, expect, it } from 'vitest';
import { CfnResolveError, createResolver, type ResolverOptions } from '../../infra/local/cfn-resolve.js';
import type { TemplateJson } from '../../infra/local/synth.js';

const ACCOUNT = '000000000000';
const REGION = 'eu-west-1';

/** Two stacks: Data exports its table and queue, App imports them. */
const templates: Record<string, TemplateJson> = {
  Data: {
    Resources: {
      Table: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [] } },
      NamedTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'literal-table' } },
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Fifo: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true } },
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } },
      Group: { Type: 'AWS::Scheduler::ScheduleGroup', Properties: { Name: 'deliveries' } },
      Identity: { Type: 'AWS::SES::EmailIdentity', Properties: { EmailIdentity: 'msv@example.nl' } },
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/msv/api' } },
      Thing: { Type: 'AWS::Made::Up', Properties: {} },
    },
    Outputs: {
      TableArn: {
        Value: { 'Fn::GetAtt': ['Table', 'Arn'] },
        Export: { Name: { 'Fn::Sub': '${AWS::StackName}:TableArn' } },
      },
      WhereAmI: { Value: { Ref: 'AWS::StackName' }, Export: { Name: 'Data:WhereAmI' } },
      NotExported: { Value: { Ref: 'Table' } },
    },
  },
  App: {
    Parameters: {
      Stage: { Type: 'String', Default: 'prod' },
      Zones: { Type: 'CommaDelimitedList', Default: 'a,b' },
      BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/version' },
    },
    Conditions: {
      IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      Itself: { 'Fn::Not': [{ Condition: 'Itself' }] },
      Both: {
        'Fn::And': [
          { Condition: 'IsProd' },
          { 'Fn::Or': [{ Condition: 'NotProd' }, { 'Fn::Equals': ['a', 'a'] }] },
        ],
      },
    },
    Mappings: { Sizes: { 'eu-west-1': { Memory: 512 } } },
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'msv-consent' } },
      Fn2: { Type: 'AWS::Lambda::Function', Properties: {} },
      Role: { Type: 'AWS::IAM::Role', Properties: { Path: '/service/' } },
      NamedRole: {
        Type: 'AWS::IAM::Role',
        Properties: { RoleName: { 'Fn::Join': ['-', ['scheduler', { Ref: 'AWS::Region' }]] } },
      },
      Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: {} },
      Dist: { Type: 'AWS::CloudFront::Distribution', Properties: {} },
      OnlyInTest: { Type: 'AWS::SQS::Queue', Condition: 'NotProd', Properties: {} },
      LoopA: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::GetAtt': ['LoopB', 'QueueName'] } } },
      LoopB: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::GetAtt': ['LoopA', 'QueueName'] } } },
    },
  },
};

const resolver = (options: Partial<ResolverOptions> = {}) =>
  createResolver(templates, { account: ACCOUNT, region: REGION, ...options });
const r = resolver();
const app = (value: unknown) => r.resolve('App', 'Fn', value, 'Properties.X');
const data = (value: unknown) => r.resolve('Data', 'Table', value, 'Properties.X');

/** The CfnResolveError that `f` throws. */
const errorOf = (f: () => unknown): CfnResolveError => {
  try {
    f();
  } catch (err) {
    if (err instanceof CfnResolveError) return err;
    throw err;
  }
  throw new Error('expected a CfnResolveError');
};

describe('cfn-resolve: Ref', () => {
  it('resolves pseudo parameters', () => {
    expect(
      app([
        { Ref: 'AWS::Region' },
        { Ref: 'AWS::AccountId' },
        { Ref: 'AWS::Partition' },
        { Ref: 'AWS::URLSuffix' },
        { Ref: 'AWS::StackName' },
      ]),
    ).toEqual([REGION, ACCOUNT, 'aws', 'amazonaws.com', 'App']);
  });

  it('drops AWS::NoValue from objects and lists', () => {
    expect(app({ A: 1, B: { Ref: 'AWS::NoValue' }, C: ['x', { Ref: 'AWS::NoValue' }] })).toEqual({
      A: 1,
      C: ['x'],
    });
  });

  it('names resources by their literal name property, else stack-logicalId (buckets in lower case)', () => {
    expect(app({ Ref: 'Fn' })).toBe('msv-consent');
    expect(app({ Ref: 'Fn2' })).toBe('App-Fn2');
    expect(data({ Ref: 'NamedTable' })).toBe('literal-table');
    expect(data({ Ref: 'Table' })).toBe('Data-Table');
    expect(data({ Ref: 'Bucket' })).toBe('data-bucket');
    expect(data({ Ref: 'Identity' })).toBe('msv@example.nl');
    expect(data({ Ref: 'Group' })).toBe('deliveries');
    expect(data({ Ref: 'Logs' })).toBe('/msv/api');
    // A name property that is itself an intrinsic.
    expect(app({ Ref: 'NamedRole' })).toBe('scheduler-eu-west-1');
  });

  it('gives the AWS form of Ref where it is not a name: queue URL, topic ARN, key id', () => {
    expect(data({ Ref: 'Queue' })).toBe(`https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/Data-Queue`);
    expect(data({ Ref: 'Fifo' })).toBe(`https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/Data-Fifo.fifo`);
    expect(data({ Ref: 'Topic' })).toBe(`arn:aws:sns:${REGION}:${ACCOUNT}:alerts`);
    const keyId = data({ Ref: 'Key' });
    expect(keyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(resolver().resolve('Data', 'X', { Ref: 'Key' })).toBe(keyId); // stable
    const local = resolver({ queueUrlBase: (name) => `http://localhost:9324/${ACCOUNT}/${name}` });
    expect(local.ref('Data', 'Queue')).toBe(`http://localhost:9324/${ACCOUNT}/Data-Queue`);
  });

  it('reads template parameters: the Default, a given value, lists', () => {
    expect(app({ Ref: 'Stage' })).toBe('prod');
    expect(app({ Ref: 'Zones' })).toEqual(['a', 'b']);
    expect(resolver({ parameters: { App: { Stage: 'test' } } }).resolve('App', 'Fn', { Ref: 'Stage' })).toBe(
      'test',
    );
    expect(errorOf(() => app({ Ref: 'BootstrapVersion' })).reason).toMatch(/SSM/);
  });
});

describe('cfn-resolve: physical values', () => {
  const local = resolver({
    physical: {
      Data: {
        Table: { name: 'msv-local' },
        Queue: { ref: `http://localhost:9324/${ACCOUNT}/jobs` },
        Key: { ref: 'local-key' },
        Bucket: { name: 'uploads', attrs: { DomainName: 'localhost:4569' } },
      },
      App: { Dist: { attrs: { DomainName: 'localhost:3000' } } },
    },
  });
  const at = (stack: string, value: unknown) => local.resolve(stack, 'X', value);

  it('derives Ref and attributes from a given name', () => {
    expect(at('Data', { Ref: 'Table' })).toBe('msv-local');
    expect(at('Data', { 'Fn::GetAtt': ['Table', 'Arn'] })).toBe(
      `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/msv-local`,
    );
    expect(at('Data', { 'Fn::GetAtt': ['Bucket', 'Arn'] })).toBe('arn:aws:s3:::uploads');
  });

  it('derives a queue name from a given URL, and takes given attributes as they are', () => {
    expect(at('Data', { 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe(`arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`);
    expect(at('Data', { 'Fn::GetAtt': ['Queue', 'QueueName'] })).toBe('jobs');
    expect(at('Data', { 'Fn::GetAtt': ['Key', 'Arn'] })).toBe(
      `arn:aws:kms:${REGION}:${ACCOUNT}:key/local-key`,
    );
    expect(at('Data', { 'Fn::GetAtt': ['Bucket', 'DomainName'] })).toBe('localhost:4569');
    expect(at('App', { 'Fn::GetAtt': ['Dist', 'DomainName'] })).toBe('localhost:3000');
  });
});

describe('cfn-resolve: functions', () => {
  it('Fn::GetAtt in both forms, with the AWS ARN formats', () => {
    expect(app({ 'Fn::GetAtt': ['Fn', 'Arn'] })).toBe(
      `arn:aws:lambda:${REGION}:${ACCOUNT}:function:msv-consent`,
    );
    expect(app({ 'Fn::GetAtt': 'Fn.Arn' })).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:msv-consent`);
    expect(app({ 'Fn::GetAtt': ['Role', 'Arn'] })).toBe(`arn:aws:iam::${ACCOUNT}:role/service/App-Role`);
    expect(app({ 'Fn::GetAtt': ['NamedRole', 'Arn'] })).toBe(
      `arn:aws:iam::${ACCOUNT}:role/scheduler-eu-west-1`,
    );
    expect(data({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe(`arn:aws:sqs:${REGION}:${ACCOUNT}:Data-Queue`);
    expect(data({ 'Fn::GetAtt': ['Bucket', 'RegionalDomainName'] })).toBe(
      `data-bucket.s3.${REGION}.amazonaws.com`,
    );
    expect(data({ 'Fn::GetAtt': ['Group', 'Arn'] })).toBe(
      `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/deliveries`,
    );
    expect(app({ 'Fn::GetAtt': ['Dist', 'DomainName'] })).toMatch(/^e[0-9a-f]{13}\.cloudfront\.net$/);
    expect(app({ 'Fn::GetAtt': ['Api', 'ApiEndpoint'] })).toMatch(
      /^https:\/\/[0-9a-f]{10}\.execute-api\.eu-west-1\.amazonaws\.com$/,
    );
  });

  it('Fn::Join over resolved elements, and a list from another intrinsic', () => {
    expect(app({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', 'b', '/*']] })).toBe(
      'arn:aws:s3:::b/*',
    );
    expect(app({ 'Fn::Join': ['+', { 'Fn::Split': [',', 'x,y'] }] })).toBe('x+y');
  });

  it('Fn::Sub: pseudo parameters, resources, attributes, variables and ${!Literal}', () => {
    expect(app({ 'Fn::Sub': 'cdk-${AWS::AccountId}-${AWS::Region}' })).toBe(`cdk-${ACCOUNT}-${REGION}`);
    expect(app({ 'Fn::Sub': '${Fn} is ${Fn.Arn}' })).toBe(
      `msv-consent is arn:aws:lambda:${REGION}:${ACCOUNT}:function:msv-consent`,
    );
    expect(app({ 'Fn::Sub': ['${Name}/${Stage}', { Name: { Ref: 'Fn' } }] })).toBe('msv-consent/prod');
    expect(app({ 'Fn::Sub': 'keep ${!Literal} as is' })).toBe('keep ${Literal} as is');
  });

  it('Fn::Select and Fn::Split', () => {
    expect(app({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] })).toBe('b');
    expect(app({ 'Fn::Select': ['0', ['x', 'y']] })).toBe('x');
    expect(errorOf(() => app({ 'Fn::Select': [5, ['x']] })).reason).toMatch(/outside/);
  });

  it('Fn::ImportValue evaluates the export in the exporting stack', () => {
    expect(app({ 'Fn::ImportValue': 'Data:TableArn' })).toBe(
      `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Data-Table`,
    );
    // AWS::StackName in the exporter's output is the exporter's name, not the importer's.
    expect(app({ 'Fn::ImportValue': { 'Fn::Sub': 'Data:WhereAmI' } })).toBe('Data');
    const e = errorOf(() => app({ 'Fn::ImportValue': 'Data:NotExported' }));
    expect(e.reason).toMatch(/no stack exports it/);
  });

  it('Fn::FindInMap and Fn::Base64', () => {
    expect(app({ 'Fn::FindInMap': ['Sizes', { Ref: 'AWS::Region' }, 'Memory'] })).toBe(512);
    expect(app({ 'Fn::Base64': 'msv' })).toBe('bXN2');
  });

  it('Fn::If and resource conditions from the template Conditions', () => {
    expect(app({ 'Fn::If': ['IsProd', 'big', 'small'] })).toBe('big');
    expect(app({ 'Fn::If': ['NotProd', 'big', { Ref: 'AWS::NoValue' }] })).toBeUndefined();
    expect(app({ 'Fn::If': ['Both', 1, 2] })).toBe(1);
    expect(r.exists('App', 'Fn')).toBe(true);
    expect(r.exists('App', 'OnlyInTest')).toBe(false);
    expect(errorOf(() => app({ 'Fn::If': ['Itself', 1, 2] })).message).toMatch(/refers to itself/);
    const e = errorOf(() => data({ 'Fn::If': ['IsProd', 1, 2] }));
    expect(e.reason).toMatch(/condition IsProd is not defined in the Conditions of stack Data/);
  });

  it('keeps an IAM statement Condition as data and resolves the intrinsics in it', () => {
    const statement = {
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    };
    expect(app(statement)).toEqual({
      ...statement,
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    });
  });
});

describe('cfn-resolve: errors name the stack, the logical id and the path', () => {
  it('an unknown Ref', () => {
    const e = errorOf(() => r.resolve('App', 'Fn', { A: [{ Ref: 'Missing' }] }, 'Properties.Environment'));
    expect(e).toMatchObject({ stackName: 'App', logicalId: 'Fn', path: 'Properties.Environment.A[0].Ref' });
    expect(e.message).toBe(
      'App/Fn at Properties.Environment.A[0].Ref: Ref to Missing: no such resource, parameter or pseudo parameter',
    );
  });

  it('an unknown intrinsic', () => {
    const e = errorOf(() => r.resolve('App', 'Fn', { 'Fn::Transmogrify': [] }, 'Properties.X'));
    expect(e.message).toBe('App/Fn at Properties.X.Fn::Transmogrify: unsupported intrinsic Fn::Transmogrify');
  });

  it('an unknown resource or attribute, a type without defaults, a missing import', () => {
    expect(errorOf(() => app({ 'Fn::GetAtt': ['Nope', 'Arn'] })).reason).toMatch(
      /no such resource in stack App/,
    );
    expect(errorOf(() => app({ 'Fn::GetAtt': ['Fn', 'Colour'] })).reason).toMatch(
      /no local default for attribute Colour of AWS::Lambda::Function/,
    );
    expect(errorOf(() => data({ Ref: 'Thing' })).reason).toMatch(/no local default for Ref of AWS::Made::Up/);
    expect(errorOf(() => app({ 'Fn::ImportValue': 'Nope:Export' })).reason).toMatch(
      /Nope:Export: no stack exports it/,
    );
    expect(errorOf(() => data({ 'Fn::GetAtt': ['Table', 'StreamArn'] })).reason).toMatch(
      /no local equivalent/,
    );
  });

  it('a circular reference', () => {
    expect(errorOf(() => app({ Ref: 'LoopA' })).message).toMatch(/circular reference/);
  });

  it('a value that must be a string', () => {
    const e = errorOf(() => r.resolveString('App', 'Fn', { X: 1 }, 'Properties.Runtime'));
    expect(e.message).toBe('App/Fn at Properties.Runtime: expected a string, got {"X":1}');
    expect(r.resolveString('App', 'Fn', 512)).toBe('512');
  });
});
