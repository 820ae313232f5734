import { describe, expect, it } from 'vitest';
import { deliveryJobSchema, deliveryJobToSend, jobsFor } from '../../shared/delivery/delivery-job.js';

const job = { schoolId: '22KC00', schoolYear: '2025-2026', deliveryDate: '2026-06-16' };

describe('the delivery job', () => {
  it('is read leniently (a newer or older dispatcher may add a field) and written exactly', () => {
    expect(deliveryJobSchema.parse({ ...job, traceId: 'x' })).toEqual(job);
    expect(deliveryJobToSend.safeParse({ ...job, traceId: 'x' }).success).toBe(false);
    expect(deliveryJobSchema.safeParse({ ...job, deliveryDate: '2026-02-30' }).success).toBe(false);
    expect(deliveryJobSchema.safeParse({ ...job, schoolId: '22kc00' }).success).toBe(false);
  });

  it('is built for every valid reference, the damaged ones apart', () => {
    const out = jobsFor([job, { schoolId: 'x', schoolYear: '2025-2026' }], '2026-06-16', 'req-1');
    expect(out.jobs).toEqual([{ ...job, correlationId: 'req-1' }]);
    expect(out.invalid).toEqual([{ schoolId: 'x', schoolYear: '2025-2026', problem: expect.any(String) }]);
  });
});
