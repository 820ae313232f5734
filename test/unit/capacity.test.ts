import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { READ_ON } from '../../bench/aws-prices.js';
import {
  capacityModel,
  type NationalUnits,
  pacedRecipientRate,
  writeCapacity,
} from '../../bench/capacity.js';

/** Units of the kind bench/national-day.ts measures: one school, a confirmation to two board addresses. */
const units = (over: Partial<NationalUnits> = {}, perSchool: Partial<NationalUnits['perSchool']> = {}) => {
  const base: NationalUnits = {
    schools: 2000,
    delivered: 2000,
    wallSeconds: 160,
    workerCpuMsPerSchool: 40,
    workerInitCpuMs: 300,
    workerInvocationsPerSchool: 0.2,
    dispatcherCpuMsPerRun: 800,
    dispatcherInvocations: 2,
    dispatcherCpuMsFixed: 300,
    dispatcherCpuMsPerQueued: 0.05,
    dispatcherQueriesPerRun: 366,
    perSchool: {
      dynamoReadRequests: 9,
      dynamoWriteRequests: 3,
      dynamoReadItems: 12,
      dynamoWriteItems: 6,
      dynamoReadKiB: 30,
      dynamoWriteKiB: 8,
      s3Puts: 2,
      s3BytesWritten: 45_000,
      sqsRequests: 0.1,
      mails: 1,
      mailRecipients: 2,
    },
  };
  return { ...base, ...over, perSchool: { ...base.perSchool, ...perSchool } };
};
const scaled = (by: number): Partial<NationalUnits['perSchool']> =>
  Object.fromEntries(Object.entries(units().perSchool).map(([k, v]) => [k, v * by]));
const cost = (m: ReturnType<typeof capacityModel>, item: string) =>
  m.costs.delivery.find((l) => l.item === item)?.usd ?? Number.NaN;
// Fast enough that the workers, not the mails, set the pace.
const plentyOfMail = { mailSendRate: 10_000 };

describe('capacityModel', () => {
  it('takes longer when the worker needs twice the CPU', () => {
    const once = capacityModel(units(), plentyOfMail);
    const twice = capacityModel(units({ workerCpuMsPerSchool: 80 }), plentyOfMail);
    expect(twice.perSchoolWallMs).toBeGreaterThan(once.perSchoolWallMs);
    expect(twice.projectedCloudMinutes).toBeGreaterThan(once.projectedCloudMinutes);
  });

  it('lets the mails bound the deliveries: the confirmation is part of the job', () => {
    const m = capacityModel(units());
    expect(m.deliverySchoolsPerSecond).toBe(Math.min(m.workerSchoolsPerSecond, m.mailSchoolsPerSecond));
    expect(m.projectedCloudMinutes).toBeGreaterThanOrEqual(m.mailTrailMinutes);
    expect(m.projectedCloudMinutes).toBeGreaterThan(m.workerOnlyMinutes);
    // More workers do not send faster than the share: the trail stays.
    expect(capacityModel(units(), { concurrency: 200 }).mailTrailMinutes).toBeGreaterThanOrEqual(
      m.mailTrailMinutes * 0.99,
    );
  });

  it('names SES as binding at 14 mails/s, and another limit once the rate is high', () => {
    const low = capacityModel(units(), { mailSendRate: 14 });
    expect(low.bindingLimit.name).toMatch(/SES sending rate/);
    expect(low.bindingLimit.utilisation).toBeGreaterThan(1);
    const high = capacityModel(units(), plentyOfMail);
    expect(high.bindingLimit.name).not.toMatch(/SES/);
    expect(high.mailTrailMinutes).toBeLessThan(low.mailTrailMinutes);
  });

  it('flags a batch that waits for its mails past the worker timeout', () => {
    const m = capacityModel(units(), { concurrency: 1000, mailSendRate: 14 });
    const batch = m.limits.find((l) => l.name.startsWith('Worker batch'));
    expect(batch?.projectedUtilisation).toBeGreaterThan(1);
    expect(m.markdown).toMatch(/Worker batch[^|]*\(exceeded\)|exceeded/);
  });

  it('scales the cost with the counts', () => {
    const one = capacityModel(units());
    const double = capacityModel(units({}, scaled(2)));
    expect(cost(double, 'S3 PUTs')).toBeCloseTo(2 * cost(one, 'S3 PUTs'), 12);
    expect(cost(double, 'SES')).toBeCloseTo(2 * cost(one, 'SES'), 12);
    expect(double.costEurPerSchoolYear).toBeGreaterThan(one.costEurPerSchoolYear);
    const twiceTheSchools = capacityModel(units(), { schools: 18_000 });
    const ratio = twiceTheSchools.costEurNationalDay / one.costEurNationalDay;
    expect(ratio).toBeGreaterThan(1.9);
    expect(ratio).toBeLessThan(2.1);
    expect(twiceTheSchools.fixedEurPerSchoolYear).toBeCloseTo(one.fixedEurPerSchoolYear / 2, 10);
  });

  it("keeps the dispatcher's fixed part fixed, and says what the sign-in costs apart from the rest", () => {
    const small = capacityModel(units(), { schools: 100 });
    const large = capacityModel(units(), { schools: 10_000 });
    const run = (m: typeof small) =>
      m.limits.find((l) => l.name.startsWith('Dispatcher'))?.demandProjected ?? 0;
    // A hundred times the schools: more than the same run, far less than a hundred runs.
    expect(run(large)).toBeGreaterThan(run(small));
    expect(run(large)).toBeLessThan(100 * run(small));
    const m = capacityModel(units());
    expect(m.costEurPerSchoolYearWithoutSignIn).toBeGreaterThan(0);
    expect(m.costEurPerSchoolYearWithoutSignIn).toBeLessThan(m.costEurPerSchoolYear);
    expect(m.markdown).toContain('sign-in (Cognito');
  });

  it('asks for an SES rate at which the confirmations fit the target', () => {
    const { request } = capacityModel(units());
    const asked = capacityModel(units(), {
      mailSendRate: request.sesRate,
      concurrency: request.workerConcurrency,
    });
    expect(asked.mailTrailMinutes).toBeLessThanOrEqual(request.targetMinutes);
    expect(request.lambdaConcurrency).toBeGreaterThanOrEqual(request.workerConcurrency + 100);
  });

  it('writes a markdown that names the binding limit and the read date', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'msv-capacity-')), 'out', 'capacity.md');
    const m = writeCapacity(units(), file);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(m.markdown);
    expect(text).toContain(`Binds first: ${m.bindingLimit.name}`);
    expect(text).toContain(READ_ON);
    expect(text).toContain('2026-12-02');
    expect(text).toContain('What to request before June');
  });

  it('refuses a concurrency of zero', () => {
    expect(() => capacityModel(units(), { concurrency: 0 })).toThrow(RangeError);
  });
});

describe('pacedRecipientRate', () => {
  it('sends whole mails per 1.1 s window: 1.4 mails/s for one worker is one mail per window', () => {
    expect(pacedRecipientRate(14, 0.5, 5, 1)).toBeCloseTo((1 / 1.1) * 5, 10);
    // Below one mail a window each, the share is kept, less the window's tenth.
    expect(pacedRecipientRate(14, 0.5, 50, 1)).toBeCloseTo(7 / 1.1, 10);
  });
});
