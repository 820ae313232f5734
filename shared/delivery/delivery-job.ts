/**
 * One delivery job: a school, its school year and the delivery date whose schedule fired. The dispatcher builds
 * every job through this schema and the worker parses every message with it, so the two cannot drift apart.
 */
import * as z from 'zod';
import { schoolIdSchema, schoolYearSchema } from '../ids.js';
import { isIsoDate } from '../time/amsterdam.js';

export const deliveryJobSchema = z.strictObject({
  schoolId: schoolIdSchema,
  schoolYear: schoolYearSchema,
  deliveryDate: z.string().refine(isIsoDate, { message: 'must be a real date, YYYY-MM-DD' }),
  /**
   * The request id of the run that queued the job (the dispatcher, the reconciliation), for the worker's logs.
   * Optional: jobs queued before it existed still parse.
   */
  correlationId: z.string().min(1).max(100).optional(),
});
export type DeliveryJob = z.infer<typeof deliveryJobSchema>;
