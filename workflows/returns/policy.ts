/** The return lifecycle's windows, thresholds and choices. Production defaults; see ../policy.ts for the layering. */
export const returnsPolicy = {
  /** A unit may be returned this long after the parcel that carried it was delivered. */
  returnWindow: '30 days',
  /** Requests worth up to this much (minor units, unit prices) are approved at once; above it an operator reviews. */
  autoApproveMaxMinor: 10000,
  /** A customer with this many return requests inside `excessiveReturnsWindow` is held for review. 0: never. */
  excessiveReturnsCount: 3,
  /** How far back `excessiveReturnsCount` looks. */
  excessiveReturnsWindow: '90 days',
  /** A request held for review that nobody decides within this time follows `reviewTimeoutDecision`. */
  reviewTimeout: '2 days',
  /** What a review nobody took decides; operators are told either way. */
  reviewTimeoutDecision: 'approve' as 'approve' | 'reject',
  /** When money moves: at approval (trusted customers), at the return parcel's first carrier scan, or at receipt. */
  refundAt: 'receipt' as 'approval' | 'first_scan' | 'receipt',
  /** A return label not used (no carrier scan, no receipt) within this time expires the return and frees its units. */
  labelValidFor: '14 days',
  /**
   * The warehouse's receipt is expected this long after the return parcel was delivered to it (or after its first
   * scan while it shows no delivery). Past it operators are told once and the return is flagged; it keeps waiting.
   */
  receiptExpectedWithin: '7 days',
  /** Percent of the unit price kept for units returned for a reason in `restockingFeeReasons`. */
  restockingFeePercent: 10,
  /** Reasons that carry the restocking fee (merchant errors never do). */
  restockingFeeReasons: 'changed_mind' as 'changed_mind' | 'changed_mind_or_size' | 'none',
};

export type ReturnsPolicy = typeof returnsPolicy;

export const returnsPolicyChoices = {
  reviewTimeoutDecision: ['approve', 'reject'],
  refundAt: ['approval', 'first_scan', 'receipt'],
  restockingFeeReasons: ['changed_mind', 'changed_mind_or_size', 'none'],
} as const;
