/**
 * Work a workflow starts without waiting for it (messages, alerts, projections). Work may start more work, so
 * settling waits until a pass adds nothing new; a workflow settles before it completes so nothing is cut off.
 */
export class Background {
  private readonly work: Promise<unknown>[] = [];

  add = (promise: Promise<unknown>): void => {
    this.work.push(promise);
  };

  async settle(): Promise<void> {
    let settled = 0;
    while (settled < this.work.length) {
      const count = this.work.length;
      await Promise.all(this.work.slice(settled));
      settled = count;
    }
  }
}
