import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './synth.js';

describe('cdk-nag AwsSolutions', () => {
  it.each(['stateful', 'stateless'] as const)('finds nothing unacknowledged in the %s stack', (which) => {
    const stacks = buildTestApp();
    const app = stacks.app;
    // Synthesis resolves the cross-stack references that the acknowledgements name (and runs the plugin itself).
    app.synth();
    const report = new AwsSolutionsChecks(app).validateScope(stacks[which]);
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map(
        (r) => `${v.ruleName} at ${r.resourceLogicalId}: ${v.description.slice(0, 120)}`,
      ),
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });
});
