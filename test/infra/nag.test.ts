import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './synth.js';

describe('cdk-nag AwsSolutions', () => {
  let stacks: ReturnType<typeof buildTestApp>;
  let synthError: unknown;
  beforeAll(() => {
    stacks = buildTestApp();
    // Synthesis resolves the cross-stack references that the acknowledgements name; it also runs the plugin and
    // throws on a finding, so keep its error and report the findings one per line below instead.
    try {
      stacks.app.synth();
    } catch (err) {
      synthError = err;
    }
  });

  it.each(['stateful', 'stateless'] as const)('finds nothing unacknowledged in the %s stack', (which) => {
    const report = new AwsSolutionsChecks(stacks.app).validateScope(stacks[which]);
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map(
        // cdk-nag 3 fills in the construct path rather than the logical id.
        (r) => `${v.ruleName} at ${r.constructPath ?? r.resourceLogicalId}: ${v.description.slice(0, 160)}`,
      ),
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('lets the app synthesise with the plugin', () => {
    expect(synthError).toBeUndefined();
  });
});
