import { deliveryLinks } from '../lib/ports/deliveries.js';
import { dynamoStore } from '../lib/ports/table.js';
import { wire } from '../lib/wire.js';
import { createGetDeliveryHandler } from './get-delivery.js';
import { needs } from './needs.js';

export const handler = createGetDeliveryHandler(wire(needs, { store: dynamoStore, deliveryLinks }));
