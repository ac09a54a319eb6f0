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
        let failure: unknown;
        let failed = false;
        do {
          this.#again = false;
          // A request made during a failed pass still gets its pass; the callers see the last failure.
          try {
            await this.pass();
            failed = false;
          } catch (error) {
            failure = error;
            failed = true;
          }
        } while (this.#again && !this.stopped());
        if (failed) throw failure;
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
