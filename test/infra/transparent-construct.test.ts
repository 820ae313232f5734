/**
 * TransparentConstruct and GroupedStack (infra/constructs/transparent-construct.ts): resources below a
 * transparent construct get exactly the logical ids they would get as children of the stack, computed by CDK's
 * own algorithm. Proven against CDK's default allocation on real paths (every element of the stateful stack and
 * edge cases of makeUniqueId), and on resources built both ways.
 */
import { App, CfnElement, CfnResource, Names, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import {
  GroupedStack,
  keepEmbeddedUniqueId,
  TransparentConstruct,
  transparentNodeUniqueId,
  uniqueIdOfPath,
} from '../../infra/constructs/transparent-construct.js';
import { buildTestApp } from './synth.js';

/** CDK's built-in CloudFormation validation off: it takes seconds per synth and checks nothing of ours. */
const app = () => new App({ builtinCloudFormationValidation: false });
const elementsOf = (scope: IConstruct) =>
  scope.node.findAll().filter((c): c is CfnElement => CfnElement.isCfnElement(c));
const pathBelowStack = (e: CfnElement) => {
  const scopes = e.node.scopes;
  return scopes.slice(scopes.indexOf(Stack.of(e)) + 1).map((s) => s.node.id);
};

/** A queue, a function and its SQS event source: resources whose ids cover Resource, Default and nested ids. */
const workerWithQueue = (scope: Construct) => {
  const queue = new Queue(scope, 'Jobs');
  const fn = new LambdaFunction(scope, 'Worker', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => {}'),
  });
  fn.addEventSource(new SqsEventSource(queue));
  new CfnResource(new Construct(scope, 'Hidden'), 'Default', { type: 'Test::Hidden::Thing' });
  return { queue, fn };
};

describe('uniqueIdOfPath', () => {
  it('gives every element of the stateful stack the logical id CDK allocated to it', () => {
    const { stateful } = buildTestApp({}, {}, false);
    const elements = elementsOf(stateful);
    expect(elements.length).toBeGreaterThan(20);
    for (const e of elements)
      expect(uniqueIdOfPath(pathBelowStack(e)), e.node.path).toBe(stateful.getLogicalId(e));
  });

  it('follows makeUniqueId on its edge cases: Default, Resource, repeated ids, long and odd ids', () => {
    const stack = new Stack(app(), 'Edge');
    const long = 'X'.repeat(300);
    const leaves = [
      new CfnResource(stack, 'Top', { type: 'Test::A' }),
      new CfnResource(new Construct(stack, 'Outer'), 'Default', { type: 'Test::A' }),
      new CfnResource(new Construct(new Construct(stack, 'Api'), 'ApiRoute'), 'Resource', {
        type: 'Test::A',
      }),
      new CfnResource(new Construct(stack, 'Same'), 'Same', { type: 'Test::A' }),
      new CfnResource(new Construct(stack, 'GET--schools--{id}'), 'Sqs:Event/x', { type: 'Test::A' }),
      new CfnResource(stack, long, { type: 'Test::A' }),
      new CfnResource(new Construct(stack, long.toLowerCase()), 'Resource', { type: 'Test::A' }),
    ];
    for (const e of leaves)
      expect(uniqueIdOfPath(pathBelowStack(e)), e.node.path).toBe(stack.getLogicalId(e));
  });
});

describe('GroupedStack with transparent constructs', () => {
  /** The same resources, once as children of the stack and once two transparent constructs down. */
  const both = () => {
    const plain = new GroupedStack(app(), 'Msv');
    const direct = workerWithQueue(plain);
    const grouped = new GroupedStack(app(), 'Msv');
    const inner = new TransparentConstruct(new TransparentConstruct(grouped, 'Delivery'), 'Jobs2');
    const below = workerWithQueue(inner);
    return { plain, direct, grouped, below };
  };

  it('gives resources below them the logical ids they have as children of the stack, mapping aside', () => {
    const { plain, grouped } = both();
    const ids = (s: Stack) => Object.keys(Template.fromStack(s).toJSON().Resources).sort();
    // The event source mapping's construct id names the queue's unique id, which moves with the queue.
    const mapping = /SqsEventSource/;
    expect(ids(grouped).filter((id) => !mapping.test(id))).toEqual(
      ids(plain).filter((id) => !mapping.test(id)),
    );
    expect(ids(grouped).filter((id) => mapping.test(id))).not.toEqual(
      ids(plain).filter((id) => mapping.test(id)),
    );
  });

  it('keeps an id that embeds a unique id with keepEmbeddedUniqueId, and the template is the same', () => {
    const { plain, grouped, below, direct } = both();
    expect(transparentNodeUniqueId(below.queue)).toBe(Names.nodeUniqueId(direct.queue.node));
    const mapping = below.fn.node.findChild(`SqsEventSource:${Names.nodeUniqueId(below.queue.node)}`);
    keepEmbeddedUniqueId(mapping.node.defaultChild as CfnElement, below.queue);
    expect(Template.fromStack(grouped).toJSON()).toEqual(Template.fromStack(plain).toJSON());
  });

  it('refuses an element whose path embeds no unique id of the construct given', () => {
    const { below } = both();
    expect(() => keepEmbeddedUniqueId(below.queue.node.defaultChild as CfnElement, below.fn)).toThrow(
      /embeds the unique id/,
    );
  });

  it('counts the ids of ordinary constructs below a transparent one', () => {
    const stack = new GroupedStack(app(), 'Msv');
    const e = new CfnResource(new Construct(new TransparentConstruct(stack, 'Group'), 'Api'), 'Resource', {
      type: 'Test::A',
    });
    expect(stack.getLogicalId(e)).toBe(uniqueIdOfPath(['Api', 'Resource']));
  });

  it('refuses two elements that would get the same logical id', () => {
    const stack = new GroupedStack(app(), 'Msv');
    new Queue(new TransparentConstruct(stack, 'A'), 'Jobs');
    new Queue(new TransparentConstruct(stack, 'B'), 'Jobs');
    expect(() => Template.fromStack(stack)).toThrow(/would both get the logical id Jobs/);
  });

  it('cannot be put in a plain Stack, which would rename its resources', () => {
    expect(() => new TransparentConstruct(new Stack(app(), 'Plain'), 'Group')).toThrow(/GroupedStack/);
  });
});
