/** What a lifecycle's view says about operators: why it needs attention, and whether it does. */
export interface AttentionView {
  attentionReasons: string[];
  needsAttention: boolean;
}

/** Adds a reason (once) and flags the view: the NeedsAttention search attribute follows it. */
export function flagAttention(view: AttentionView, reason: string): void {
  if (!view.attentionReasons.includes(reason)) view.attentionReasons.push(reason);
  view.needsAttention = true;
}

/** Drops a reason; the view stays flagged while any other reason is left. */
export function unflagAttention(view: AttentionView, reason: string): void {
  view.attentionReasons = view.attentionReasons.filter((r) => r !== reason);
  view.needsAttention = view.attentionReasons.length > 0;
}
