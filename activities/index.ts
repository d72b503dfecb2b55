import type { Config } from '../lib/config';
import type { Orm } from '../lib/database';
import { createPartners } from './adapters/partners';
import { createNotificationActivities } from './notifications/activities';
import { createOrderActivities } from './order/activities';
import { createShipmentActivities } from './shipment/activities';

export interface ActivityDeps {
  orm: Orm;
  config: Pick<Config, 'partners' | 'publicBaseUrl' | 'linkSigningSecret'>;
}

/** Every activity the worker registers, built from their dependencies (tests inject a real DB and fake partners). */
export function createActivities({ orm, config }: ActivityDeps) {
  const partners = createPartners(orm, config);
  return {
    ...createOrderActivities({ orm, partners }),
    ...createNotificationActivities({ orm, partners, config }),
    ...createShipmentActivities({ orm, partners }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
