/**
 * One delivery job: a school, its school year and the delivery date whose schedule fired. The dispatcher builds
 * every job through this schema and the worker parses every message with it, so the two cannot drift apart.
 */
import '../zod-locale.js';
import * as z from 'zod/mini';
import { schoolIdSchema, schoolYearSchema } from '../ids.js';
import { isIsoDate } from '../time/amsterdam.js';

/**
 * The delivery worker's timeout (infra/constructs/delivery-pipeline.ts deploys it): a batch of jobs has this long,
 * and an attempt's claim on a confirmation mail holds as long (shared/delivery/deliver-school.ts).
 */
export const DELIVERY_WORKER_TIMEOUT_SECONDS = 120;

/**
 * A job as the worker reads it. Unknown fields are dropped, not refused: during a deploy or a rollback, a worker
 * of one version reads jobs a dispatcher of the other wrote.
 */
export const deliveryJobSchema = z.object({
  schoolId: schoolIdSchema,
  schoolYear: schoolYearSchema,
  deliveryDate: z.string().check(z.refine(isIsoDate, { message: 'must be a real date, YYYY-MM-DD' })),
  /**
   * The request id of the run that queued the job (the dispatcher, the reconciliation), for the worker's logs.
   * Optional: jobs queued before it existed still parse.
   */
  correlationId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});
export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

/** A job as the dispatcher and the reconciliation write it: exactly the fields above. */
export const deliveryJobToSend = z.strictObject(deliveryJobSchema.shape);

/**
 * The jobs of a date's consents. A consent whose reference does not make a valid job (a damaged item) is returned
 * apart, so that the valid ones are still queued and the caller can fail loudly about the rest.
 */
export const jobsFor = (
  consents: ReadonlyArray<{ schoolId: string; schoolYear: string }>,
  deliveryDate: string,
  correlationId?: string,
): { jobs: DeliveryJob[]; invalid: Array<{ schoolId: string; schoolYear: string; problem: string }> } => {
  const jobs: DeliveryJob[] = [];
  const invalid: Array<{ schoolId: string; schoolYear: string; problem: string }> = [];
  for (const c of consents) {
    const parsed = deliveryJobToSend.safeParse({
      schoolId: c.schoolId,
      schoolYear: c.schoolYear,
      deliveryDate,
      ...(correlationId ? { correlationId } : {}),
    });
    if (parsed.success) jobs.push(parsed.data);
    else
      invalid.push({
        schoolId: c.schoolId,
        schoolYear: c.schoolYear,
        problem: z.prettifyError(parsed.error),
      });
  }
  return { jobs, invalid };
};
