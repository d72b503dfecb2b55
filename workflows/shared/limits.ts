/**
 * The bounds of what the service accepts, in one place. The API's zod schemas use them (so the OpenAPI document
 * shows them as maxItems / maximum / maxLength) and the workflows enforce the ones that span several requests.
 * Each keeps a request, a workflow history, a search attribute or a MySQL row inside what its store takes; a
 * request past one gets a 400 problem document naming the field (a 409 for the per-order parcel count, which
 * depends on the parcels shipped before). Pure values: the workflow bundle imports this module.
 */
export const limits = {
  /** Lines (distinct SKUs) of one order. */
  linesPerOrder: 250,
  /** Units of one SKU on an order line or in a parcel. */
  quantityPerLine: 100_000,
  /**
   * Any amount in minor units: a unit price, a captured payment, an order's total (sum of quantity x unit price).
   * 10^12 is 10 billion in a two-decimal currency; far inside MySQL BIGINT and JavaScript's exact integers.
   */
  amountMinor: 1_000_000_000_000,
  /** Parcels in one `shipped` warehouse event. */
  parcelsPerEvent: 50,
  /** Parcels of one order over all its events (each parcel is a child workflow and a timeline entry). */
  parcelsPerOrder: 100,
  /** Carrier events in one webhook request, after normalization (a provider re-sends the whole history). */
  eventsPerWebhook: 250,
  /** Nesting depth of a webhook body (MariaDB keeps at most 32 levels in a JSON column, MySQL 100). */
  webhookDepth: 16,
  /** A webhook body kept for operators beyond this size is replaced by its size and SHA-256 (its events are kept). */
  keptPayloadBytes: 64 * 1024,
  /**
   * Bytes of one search attribute value as Temporal measures it (the JSON payload). Temporal's default per-value
   * limit is 2 KiB (limit.searchAttributesSizeOfValue); past it the workflow task fails and the journey freezes.
   */
  searchAttributeValueBytes: 1_900,
} as const;

/**
 * The longest prefix of `values` whose JSON encoding fits `limits.searchAttributeValueBytes`: keyword lists
 * (carriers, tracking numbers) of an order with many parcels. The order of values is kept, so the first parcels
 * stay findable; each parcel's own shipment workflow carries its own tracking number.
 */
export function fitSearchAttributeList(values: readonly string[], maxBytes: number = limits.searchAttributeValueBytes): string[] {
  const kept: string[] = [];
  let bytes = 2; // []
  for (const value of values) {
    const size = utf8Length(JSON.stringify(value)) + (kept.length > 0 ? 1 : 0);
    if (bytes + size > maxBytes) break;
    kept.push(value);
    bytes += size;
  }
  return kept;
}

/** UTF-8 length without TextEncoder or Buffer (neither is in the workflow sandbox's guaranteed globals). */
function utf8Length(text: string): number {
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    length += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return length;
}
