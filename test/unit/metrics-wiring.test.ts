/**
 * Metrics follow the declaration model: a function that names metrics in its needs.ts gets `metrics` from the
 * wiring, able to count exactly those names; one that names none neither passes the factory nor gets it. The
 * `@ts-expect-error` lines fail `tsc --noEmit` the day they compile.
 */
import { describe, expect, it } from 'vitest';
import { createConsentHandler } from '../../functions/consent/consent.js';
import { emfMetrics } from '../../functions/lib/metrics.js';
import { defineNeeds } from '../../functions/lib/needs.js';
import { dynamoStore } from '../../functions/lib/ports/every-store.js';
import { wire } from '../../functions/lib/wire.js';
import { FUNCTION_NEEDS } from '../../functions/registry.js';
import { METRIC_NAMES } from '../../shared/metrics.js';

const env = { MSV_TABLE_NAME: 't', MSV_LOG_LEVEL: 'ERROR' };
const counting = defineNeeds({
  fn: 'example',
  settings: [],
  access: ['table-read'],
  metrics: ['ExportsAccepted'],
});
const silent = defineNeeds({ fn: 'example', settings: [], access: ['table-read'] });

describe('metrics in the wiring', () => {
  it('gives a function that declares metrics a counter of exactly those names', () => {
    const deps = wire(counting, { store: dynamoStore, metrics: emfMetrics }, env);
    deps.metrics.count('ExportsAccepted');
    expect(deps.metrics.emitter.hasStoredMetrics()).toBe(true);
    deps.metrics.emitter.clearMetrics();
    // @ts-expect-error: ExportsRejected is not declared, so it cannot be counted.
    deps.metrics.count('ExportsRejected');
  });

  it('gives one that declares none no metrics, and refuses the factory', () => {
    const deps = wire(silent, { store: dynamoStore }, env);
    expect('metrics' in deps).toBe(false);
    // @ts-expect-error: no metrics declared, so no metrics factory may be passed.
    wire(silent, { store: dynamoStore, metrics: emfMetrics }, env);
    // @ts-expect-error: metrics declared, so the factory is needed.
    wire(counting, { store: dynamoStore }, env);
  });

  it('does not wire a handler that counts a metric its declaration does not give', () => {
    const noMailsFailed = defineNeeds({
      fn: 'consent',
      settings: ['lowResponsePercent'],
      access: ['table-write', 'schedules', 'mail'],
      metrics: ['ConsentsGiven', 'ConsentsChanged', 'ConsentsRevoked'],
    });
    const scheduling = {
      MSV_SCHEDULE_GROUP: 'g',
      MSV_DISPATCHER_ARN: 'arn:d',
      MSV_SCHEDULER_ROLE_ARN: 'arn:r',
      MSV_SCHEDULE_DLQ_ARN: 'arn:q',
    };
    const deps = wire(
      noMailsFailed,
      {
        store: dynamoStore,
        scheduler: () => ({ ensure: async () => {}, remove: async () => {} }),
        mailer: () => ({ send: async () => undefined }),
        metrics: emfMetrics,
      },
      { ...env, ...scheduling },
    );
    // @ts-expect-error: the consent handler counts MailsFailed, which this declaration does not give.
    expect(createConsentHandler(deps)).toBeTypeOf('function');
  });

  it('names only known metrics, and every function that mails counts the mails that failed', () => {
    for (const needs of FUNCTION_NEEDS) {
      for (const m of needs.metrics ?? []) expect(METRIC_NAMES, needs.fn).toContain(m);
      if (needs.access.includes('mail')) expect(needs.metrics ?? [], needs.fn).toContain('MailsFailed');
    }
    // Every metric is counted somewhere.
    expect(new Set(FUNCTION_NEEDS.flatMap((n) => n.metrics ?? []))).toEqual(new Set(METRIC_NAMES));
  });
});
