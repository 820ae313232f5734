import { deliveryLinks } from '../lib/ports/deliveries.js';
import { tableStores } from '../lib/ports/table.js';
import { DynamoDeliveryStore } from '../lib/store/deliveries.js';
import { DynamoSchoolStore } from '../lib/store/schools.js';
import { wire } from '../lib/wire.js';
import { createGetDeliveryHandler } from './get-delivery.js';
import { needs } from './needs.js';

export const handler = createGetDeliveryHandler(
  wire(needs, {
    store: tableStores({ schools: DynamoSchoolStore, deliveries: DynamoDeliveryStore }),
    deliveryLinks,
  }),
);
