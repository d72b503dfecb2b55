/** The baseline's only activity: does nothing, so its cost is Temporal's and the SDK's alone. */
export const baselineActivities = {
  async noop(): Promise<void> {
    return undefined;
  },
};
