/** The feedback lifecycle's timers and thresholds. Production defaults; see ../policy.ts for how overrides are layered. */
export const feedbackPolicy = {
  /** After a domestic delivery, wait this long before asking (the goods have been tried). */
  askAfterDomestic: '3 days',
  /** After a cross-border delivery (or a return's end), wait longer: customs and longer trips settle first. */
  askAfterCrossBorder: '7 days',
  /** Between the ask and each reminder. */
  reminderInterval: '4 days',
  /** At most this many reminders after the first ask. */
  maxReminders: 2,
  /** Counted from the first ask: the request expires and the link stops taking answers. */
  expireAfter: '21 days',
  /** A product, delivery, packaging or service rating at or below this (1-5) is a low score. */
  lowRatingAtOrBelow: 2,
  /** An NPS answer (0-10) at or below this is a low score. */
  lowNpsAtOrBelow: 4,
};

export type FeedbackPolicy = typeof feedbackPolicy;
