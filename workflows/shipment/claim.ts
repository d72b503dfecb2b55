import { activityProfiles } from '../shared/activity-profiles';
import type { ActivityPolicy } from '../shared/policy';

/**
 * A new parcel's claim on its carrier + tracking number (activities/shipment/tracking-numbers.ts). `orderId` is the
 * order the parcel belongs to; `handedOverAt` dates the new generation (scans dated earlier are an older parcel's);
 * `claimKey` derives from the claiming workflow so a retried claim gets the same answer. A `return` parcel is always
 * a parcel of its own: any earlier owner of the number means a new generation.
 */
export interface ShipmentClaim {
  carrier: string;
  trackingNumber: string;
  orderId: string;
  handedOverAt: string;
  claimKey: string;
  direction?: 'outbound' | 'return';
}

/**
 * The shipment id a parcel claims in MySQL: `shipment-<carrier>-<trackingNumber>` for a number nobody owns, `-g<n>`
 * when the carrier recycled it. Used by the order (parcels the warehouse handed over) and by returns (the return
 * label's parcel).
 */
export function claimShipmentId(activities: ActivityPolicy, claim: ShipmentClaim): Promise<string> {
  const { database } = activityProfiles(activities);
  return database.assignShipmentId.executeWithOptions({ summary: `Choose the shipment for ${claim.carrier} ${claim.trackingNumber}` }, [claim]);
}
