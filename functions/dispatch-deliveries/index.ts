import { dynamoStore } from '../lib/ports/every-store.js';
import { sqsDeliveryQueue } from '../lib/ports/queue.js';
import { wire } from '../lib/wire.js';
import { createDispatchHandler } from './dispatch-deliveries.js';
import { needs } from './needs.js';

export const handler = createDispatchHandler(wire(needs, { store: dynamoStore, queue: sqsDeliveryQueue }));
