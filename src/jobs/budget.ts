/**
 * The budget gate of a run (`maxCost`): an item starts only while what is known to be spent —
 * the job's recorded cost (every process's committed items), plus the cost of this run's items
 * finished but not yet committed — plus the reservations of this run's items in flight, plus
 * the new item's own reservation, stays within the budget; otherwise it waits for an item in
 * flight to finish. With nothing in flight an item starts whenever the known cost is under the
 * budget, so a run always gets there. Once the known cost reaches the budget the run stops
 * claiming and lets the items in flight finish: their calls are paid, so they are recorded.
 *
 * A reservation is the handler's estimate for the item (`costBound`), and at least the dearest
 * item this run has seen finish. The bound this gives: when every item costs at most its
 * reservation, one process ends at most one item's cost past the budget; W processes sharing
 * a job (each sees only the others' committed items) end at most W × concurrency items past it.
 */
export class BudgetGate {
  #reserved = 0;
  #inFlight = 0;
  #uncommitted = 0;
  #dearest = 0;
  #waiters: (() => void)[] = [];

  /** `recorded()`: the job's committed cost as last read; `max()`: its budget, if any. */
  constructor(
    private readonly recorded: () => number,
    private readonly max: () => number | undefined,
  ) {}

  /** Spent as far as this run knows: committed, and finished here but not yet committed. */
  get known(): number {
    return this.recorded() + this.#uncommitted;
  }

  /** The budget is reached: no item may start. */
  get reached(): boolean {
    const max = this.max();
    return max !== undefined && this.known >= max;
  }

  /**
   * Waits until an item of this estimate fits, and reserves it; resolves to the reservation, or
   * undefined when the budget is reached or `stopped()` turns true while waiting.
   */
  async reserve(estimate: number | null, stopped: () => boolean): Promise<number | undefined> {
    const amount = Math.max(estimate ?? 0, this.#dearest);
    for (;;) {
      if (stopped() || this.reached) return undefined;
      const max = this.max();
      if (
        max === undefined ||
        this.#inFlight === 0 ||
        this.known + this.#reserved + amount <= max
      ) {
        this.#inFlight++;
        this.#reserved += amount;
        return amount;
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /**
   * An item finished, having cost `cost` (not yet committed); `reserved` is what `reserve` gave
   * it, undefined for an item that started without the gate (a run without a budget).
   */
  finished(reserved: number | undefined, cost: number): void {
    if (reserved !== undefined) {
      this.#inFlight--;
      this.#reserved -= reserved;
    }
    this.#uncommitted += cost;
    if (cost > this.#dearest) this.#dearest = cost;
    if (this.#waiters.length > 0) this.wake();
  }

  /** Outcomes costing `cost` in all are now in the recorded cost. */
  committed(cost: number): void {
    this.#uncommitted -= cost;
    this.wake();
  }

  /** Lets waiting items look again (an item finished, the job was read, the run stops). */
  wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }
}
