/**
 * Finding ids as cdk-nag 3 spells them, so that acknowledgements name exactly one finding
 * (`AwsSolutions-IAM5[Resource::…]`) and follow the stacks' names instead of hard-coding logical ids.
 */
import { Reference, Stack, Tokenization } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** cdk-nag's flattening of a resolved CloudFormation value (its utils/flatten-cfn-reference, not exported). */
const flatten = (node: unknown): string => {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const n = node as Record<string, unknown>;
  if (n['Fn::Join']) {
    const [delimiter, items] = n['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (n['Fn::Sub']) return flatten(n['Fn::Sub']);
  if (n['Fn::GetAtt']) {
    const [resource, attribute] = n['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (n['Fn::ImportValue']) return flatten(n['Fn::ImportValue']);
  if (n.Ref) return `<${flatten(n.Ref)}>`;
  return JSON.stringify(node);
};

/**
 * How `value` appears in a finding on a resource of `consumer`'s stack. A value that is one attribute of a
 * resource in another stack appears as the import of that stack's export, as synthesis will write it; `suffix`
 * is appended as literal text (e.g. `/index/*`).
 */
export const nagValue = (consumer: IConstruct, value: string, suffix = ''): string => {
  const stack = Stack.of(consumer);
  const ref = Tokenization.reverse(value, { failConcat: false });
  const crossStack = Reference.isReference(ref) && Stack.of(ref.target) !== stack;
  // exportValue returns the same export that the automatic cross-stack reference uses, so nothing is added.
  const resolved = stack.resolve(crossStack ? Stack.of(ref.target).exportValue(value) : value);
  return `${flatten(resolved)}${suffix}`;
};

/** `AwsSolutions-IAM5[Resource::…]` for a wildcard resource built from `value` + `suffix`. */
export const iam5Resource = (consumer: IConstruct, value: string, suffix = ''): string =>
  `AwsSolutions-IAM5[Resource::${nagValue(consumer, value, suffix)}]`;

/** `AwsSolutions-IAM5[Action::…]` for a wildcard action. */
export const iam5Action = (action: string): string => `AwsSolutions-IAM5[Action::${action}]`;
