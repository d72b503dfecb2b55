/** The order journey's timers. Production defaults; see ../policy.ts for how overrides are layered. */
export const orderPolicy = {
  /** Warehouse must hand the first parcel to a carrier within this time of confirmation. */
  shipBySla: '2 days',
  /** Delivery is promised within this time of confirmation; later -> proactive delay message. */
  promisedDelivery: '7 days',
  /** When a signature is required and the delivery scan has none, wait this long for the proof of delivery. */
  signatureGrace: '1 hour',
  /**
   * After asking the warehouse to reship a lost or damaged parcel, the replacement must ship within this long;
   * otherwise operators are alerted and retry (ask again) or settle the reship by hand (update operatorStep).
   */
  reshipConfirmWithin: '3 days',
};

export type OrderPolicy = typeof orderPolicy;
