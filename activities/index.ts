import type { Config } from '../lib/config';
import type { Orm } from '../lib/database';
import { createPartners } from './adapters/partners';
import { createCustomerActivities } from './customer/activities';
import { refundReporter } from './customer/signal';
import { createFeedbackActivities } from './feedback/activities';
import { createInventoryActivities } from './inventory/activities';
import { createNotificationActivities } from './notifications/activities';
import { createOperatorActivities } from './operators/activities';
import { createOrderActivities } from './order/activities';
import { createPaymentActivities } from './payments/activities';
import { createServiceActivities } from './service/activities';
import { createReturnActivities } from './returns/activities';
import { createShipmentActivities } from './shipment/activities';
import { createWarehouseActivities } from './warehouse/activities';

export interface ActivityDeps {
  orm: Orm;
  config: Pick<Config, 'partners' | 'publicBaseUrl' | 'linkSigningKeys' | 'policy' | 'temporal'>;
}

/** Every activity the worker registers, built from their dependencies (tests inject a real DB and fake partners). */
export function createActivities({ orm, config }: ActivityDeps) {
  const partners = createPartners(orm, config);
  return {
    ...createOrderActivities({ orm, partners }),
    ...createNotificationActivities({ orm, partners, config }),
    ...createShipmentActivities({ orm, partners }),
    ...createPaymentActivities({ orm, partners, onRefunded: refundReporter(orm, config) }),
    ...createInventoryActivities({ orm, partners }),
    ...createWarehouseActivities({ partners }),
    ...createOperatorActivities({ partners }),
    ...createCustomerActivities({ orm, partners, config }),
    ...createFeedbackActivities({ orm }),
    ...createServiceActivities({ orm, partners }),
    ...createReturnActivities({ orm, partners }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
