/** The service follow-up's clocks. Production defaults; see ../policy.ts for how overrides are layered. */
export const servicePolicy = {
  /** The helpdesk must answer the customer within this time of the case opening; later -> operators. */
  firstResponseSla: '8 hours',
  /** A case not resolved within this time of opening alerts operators (once); it stays open. */
  resolutionSla: '5 days',
  /** How long the one "was this resolved?" question waits for the customer's answer. */
  answerWait: '7 days',
};

export type ServicePolicy = typeof servicePolicy;
