/**
 * Runs a pass at most once at a time: a request while one runs is answered by one more pass after it (however
 * many requests came), so level-triggered work never runs twice in parallel nor misses a change.
 */
export class CoalescedPass {
  #running: Promise<void> | undefined;
  #again = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly stopped: () => boolean = () => false,
  ) {}

  /** Resolves when the pass that covers this request is done; rejects with that pass's error. */
  run(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.pass();
        } while (this.#again && !this.stopped());
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  /** The pass in flight, if any (to wait for it on stop). */
  get inFlight(): Promise<void> | undefined {
    return this.#running;
  }
}
