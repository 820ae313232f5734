/**
 * Grouping a stack's resources by job without renaming them. CDK derives each resource's logical id from its
 * construct path below the stack (`DeliveryJobs/Resource` → `DeliveryJobs71A13B5D`), and CloudFormation replaces a
 * resource whose logical id changes: a new, empty queue, a dispatcher under a new ARN, an API under a new URL.
 * So moving resources into a construct of their own would replace them all on the next `cdk deploy`.
 *
 * A TransparentConstruct is a construct like any other (its own scope, its own path in cdk-nag findings and in
 * `aws:cdk:path`), except that its id is left out of the logical ids of everything below it, in a GroupedStack
 * (the only kind of stack it may be put in). The ids are computed by CDK's own algorithm (`makeUniqueId`, through
 * the public `Names.uniqueId`) on the path without the transparent components, so a resource keeps exactly the
 * logical id it had when it was created directly in the stack.
 *
 * CDK also builds a few construct ids from another construct's `Names.nodeUniqueId`, which is computed from the
 * real path (an SQS event source mapping names its queue, a Lambda authorizer's permission names the
 * authorizer); {@link keepEmbeddedUniqueId} keeps those.
 */
import { type CfnElement, Names, Stack } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';

/**
 * A construct whose id takes no part in the logical ids of the resources below it (see the module comment).
 * Throws outside a GroupedStack: a plain Stack would give its resources new logical ids, silently.
 */
export class TransparentConstruct extends Construct {
  /** Whether `x` is a TransparentConstruct. */
  static isTransparent(x: IConstruct): boolean {
    return x instanceof TransparentConstruct;
  }

  constructor(scope: Construct, id: string) {
    super(scope, id);
    if (!(Stack.of(this) instanceof GroupedStack)) {
      throw new Error(`${this.node.path}: a TransparentConstruct keeps logical ids only in a GroupedStack`);
    }
  }
}

/**
 * CDK's unique id of a path given as its components (Names.uniqueId, i.e. makeUniqueId): computed on a
 * detached chain of plain constructs with exactly these ids, so that no copy of CDK's algorithm can drift from it.
 */
export const uniqueIdOfPath = (components: readonly string[]): string => {
  // A root (no scope, empty id), as App is: Names.uniqueId leaves the root out, as it leaves the app out.
  let node = new Construct(undefined as unknown as Construct, '');
  for (const id of components) node = new Construct(node, id);
  return Names.uniqueId(node);
};

/** The ids of `scopes` (outermost first) without those of transparent constructs. */
const visibleIds = (scopes: readonly IConstruct[]): string[] =>
  scopes.filter((s) => !TransparentConstruct.isTransparent(s)).map((s) => s.node.id);

/** Whether a transparent construct is between `element` and its stack. */
export const isBelowTransparent = (element: CfnElement): boolean => {
  const scopes = element.node.scopes;
  return scopes.slice(scopes.indexOf(element.stack) + 1).some(TransparentConstruct.isTransparent);
};

/**
 * The logical id CDK's Stack.allocateLogicalId would give `element` if no transparent construct were on its
 * path: the unique id of its path below its stack, transparent components left out.
 */
export const transparentLogicalId = (element: CfnElement): string => {
  const scopes = element.node.scopes;
  return uniqueIdOfPath(visibleIds(scopes.slice(scopes.indexOf(element.stack) + 1)));
};

/**
 * `Names.nodeUniqueId(construct.node)` as it would be if no transparent construct were on the construct's path
 * (the whole path, stack id included, as nodeUniqueId has it).
 */
export const transparentNodeUniqueId = (construct: IConstruct): string =>
  uniqueIdOfPath(visibleIds(construct.node.scopes.slice(1)));

/**
 * Keeps the logical id of `element` when one of its construct ids embeds `Names.nodeUniqueId` of `embedded`
 * (which moves with `embedded`'s real path): overrides it with the id it would have if no transparent construct
 * were on either path. Throws when no id on `element`'s path embeds it, so that a CDK release that names the
 * construct differently fails the synth here rather than renaming the resource.
 */
export const keepEmbeddedUniqueId = (element: CfnElement, embedded: IConstruct): void => {
  const current = Names.nodeUniqueId(embedded.node);
  const stable = transparentNodeUniqueId(embedded);
  const scopes = element.node.scopes;
  const below = scopes.slice(scopes.indexOf(Stack.of(element)) + 1);
  if (!below.some((s) => s.node.id.includes(current))) {
    throw new Error(
      `no construct id on the path of ${element.node.path} embeds the unique id of ${embedded.node.path}`,
    );
  }
  element.overrideLogicalId(uniqueIdOfPath(visibleIds(below).map((id) => id.replaceAll(current, stable))));
};

/**
 * A Stack that allocates logical ids as CDK does, except below a TransparentConstruct: there each element gets
 * the id it would have as if the transparent constructs were not on its path (and were it a child of the stack,
 * when they are the only scopes between them). Refuses two elements that would get the same id that way (two
 * `Queue`s of the same id in two transparent siblings), which would otherwise merge into one resource.
 */
export class GroupedStack extends Stack {
  private readonly transparentIds = new Map<string, CfnElement>();

  protected override allocateLogicalId(element: CfnElement): string {
    if (!isBelowTransparent(element)) return super.allocateLogicalId(element);
    const logicalId = transparentLogicalId(element);
    const other = this.transparentIds.get(logicalId);
    if (other && other !== element) {
      throw new Error(
        `${element.node.path} and ${other.node.path} would both get the logical id ${logicalId}`,
      );
    }
    this.transparentIds.set(logicalId, element);
    return logicalId;
  }
}
