/** Shapes every lifecycle speaks in: addresses, lines of goods, timeline entries. */

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** A quantity of one SKU (a parcel's content, stock to release, a reship). */
export interface LineItem {
  sku: string;
  quantity: number;
}

/** A line of an order as bought: what the customer paid for each unit. */
export interface OrderLine extends LineItem {
  unitPriceMinor: number;
  /** False for a final-sale line, which cannot be returned. Unset means returnable. */
  returnable?: boolean;
}

export interface TimelineEntry {
  at: string;
  what: string;
  source: 'storefront' | 'warehouse' | 'carrier' | 'aftercart' | 'operator';
  detail?: string;
  /** Id of the API key that made this change (a fingerprint, never the key), when a key made it. */
  by?: string;
}
