/** A function's logger as the domain services' log port (shared/ports.ts ServiceLog). */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ServiceLog } from '../../shared/ports.js';

// Powertools takes its extra keys as one object; a copy, so a service's object is never held by the logger.
export const serviceLog = (logger: Logger): ServiceLog => ({
  info: (msg, extra = {}) => logger.info(msg, { ...extra }),
  error: (msg, extra = {}) => logger.error(msg, { ...extra }),
});
