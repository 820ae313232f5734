import { dynamoStore } from '../lib/ports/every-store.js';
import { sqsDeliveryQueue } from '../lib/ports/queue.js';
import { wire } from '../lib/wire.js';
import { needs } from './needs.js';
import { createReconcileHandler } from './reconcile-deliveries.js';

export const handler = createReconcileHandler(wire(needs, { store: dynamoStore, queue: sqsDeliveryQueue }));
