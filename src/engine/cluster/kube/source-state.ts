/**
 * How fresh each kind's cached objects are, for the TUI header and tables ("syncing…", "forbidden", "disconnected")
 * instead of an empty or silently stale table.
 */

export type SourcePhase =
  /** Listing for the first time (or again after the cache was lost): no complete data yet. */
  | 'syncing'
  /** Listed and watching: the cache follows the server. */
  | 'ready'
  /** The server refuses this kind to our credentials (401/403); retried slowly. */
  | 'forbidden'
  /** The server is unreachable or failing (network, 5xx, kind not served); the cache keeps the last data. */
  | 'disconnected';

export interface SourceState {
  readonly kind: string;
  readonly phase: SourcePhase;
  /** Why, in words for the user (the server's message for errors). */
  readonly message: string;
  /** When the phase last changed (RFC 3339). */
  readonly since: string;
  /** When the next attempt is due, while forbidden or disconnected. */
  readonly retryAt?: string;
  /** HTTP code of the last failure, when there was one. */
  readonly code?: number;
}

export type SourceStateListener = (state: SourceState) => void;

/** The source states of every kind a session watches; observable with `subscribe`. */
export class SourceStates {
  private readonly states = new Map<string, SourceState>();
  private readonly listeners = new Set<SourceStateListener>();

  get(kind: string): SourceState | undefined {
    return this.states.get(kind);
  }

  all(): SourceState[] {
    return [...this.states.values()];
  }

  /** Records a state; listeners hear of it unless nothing but `since` would change. */
  set(kind: string, phase: SourcePhase, message: string, extra: { retryAt?: Date; code?: number } = {}): void {
    const current = this.states.get(kind);
    const retryAt = extra.retryAt?.toISOString();
    if (current && current.phase === phase && current.message === message && current.retryAt === retryAt && current.code === extra.code) return;
    const since = current && current.phase === phase ? current.since : new Date().toISOString();
    const state: SourceState = { kind, phase, message, since, ...(retryAt ? { retryAt } : {}), ...(extra.code ? { code: extra.code } : {}) };
    this.states.set(kind, state);
    for (const listener of [...this.listeners]) listener(state);
  }

  /** Calls `listener` on every change; returns the function that unsubscribes. */
  subscribe(listener: SourceStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The worst phase over all kinds, for a one-word health indicator. */
  overall(): SourcePhase | undefined {
    const order: SourcePhase[] = ['disconnected', 'forbidden', 'syncing', 'ready'];
    const phases = new Set(this.all().map((s) => s.phase));
    return order.find((p) => phases.has(p));
  }
}
