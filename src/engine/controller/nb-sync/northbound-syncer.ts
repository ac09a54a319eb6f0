import { EventEmitter } from 'node:events';
import type { OvsdbClient } from '../../../ovn/ovsdb/client.js';
import { Replica } from '../../../ovn/ovsdb/replica.js';
import type { TableMap } from '../../../ovn/ovsdb/operations.js';
import type { DesiredNorthbound } from '../nb-model.js';
import { NB_REPLICA_TABLES, planNorthbound, type PlanConflict } from './northbound-plan.js';

export interface SyncResult {
  /** Row changes written by this pass (0 when NB already matched). */
  readonly changes: number;
  readonly conflicts: readonly PlanConflict[];
  readonly durationMs: number;
  /** Of which: writing the transaction and waiting for the replica to show it. */
  readonly writeMs: number;
}

export interface NorthboundSyncerEvents {
  synced: [result: SyncResult];
  error: [err: Error];
}

/**
 * Keeps the Northbound equal to the desired rows: on request (debounced, so a burst of reconciles shares one
 * pass) it computes the desired state, diffs it against the monitored replica and writes one transaction.
 * Level-triggered: a failed pass, a restart or a lost connection is repaired by the next pass.
 */
export class NorthboundSyncer extends EventEmitter<NorthboundSyncerEvents> {
  private replica: Replica<TableMap> | undefined;
  private running = false;
  private pending = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private passWaiters: Array<{ resolve: (r: SyncResult) => void; reject: (e: Error) => void }> = [];
  private lastPlanMs = 0;

  constructor(
    private readonly client: OvsdbClient<TableMap>,
    private readonly computeDesired: () => DesiredNorthbound,
    private readonly debounceMs = 10,
  ) {
    super();
  }

  async start(): Promise<void> {
    this.replica = await Replica.start(this.client, NB_REPLICA_TABLES as never);
    // Someone else changed what we own (or the replica resynced after a reconnect): converge again.
    this.replica.on('change', () => {
      if (!this.running) this.request();
    });
  }

  get replicaOf(): Replica<TableMap> {
    if (!this.replica) throw new Error('NorthboundSyncer not started');
    return this.replica;
  }

  /** Whether the Northbound (as the replica shows it) has switch port `name` with exactly this addresses entry. */
  holdsPort(name: string, addresses: string): boolean {
    const row = this.replica?.table('Logical_Switch_Port').byName(name) as { addresses?: string[] } | undefined;
    return row?.addresses?.includes(addresses) ?? false;
  }

  /** Asks for a pass soon; many requests in a burst make one pass. */
  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    if (this.timer) return;
    // Under load, wait at least as long as the last pass took to plan: a burst then costs few passes, each
    // carrying many changes, and planning never takes more than about half of a core. (Only planning counts:
    // waiting for the server's reply costs no CPU here, and a busy server would otherwise delay every pass.)
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pass();
    }, Math.max(this.debounceMs, this.lastPlanMs));
  }

  /** Requests a pass and resolves with its result (or rejects with its error). */
  syncNow(): Promise<SyncResult> {
    const p = new Promise<SyncResult>((resolve, reject) => this.passWaiters.push({ resolve, reject }));
    this.request();
    return p;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.replica?.stop();
  }

  private async pass(): Promise<void> {
    if (!this.replica || this.stopped) return;
    this.running = true;
    const waiters = this.passWaiters;
    this.passWaiters = [];
    const started = performance.now();
    try {
      const batch = this.client.batch();
      const plan = planNorthbound(this.computeDesired(), this.replica, batch);
      const writeStarted = performance.now();
      if (batch.size > 0) {
        batch.comment(`kovn: ${plan.changes} changes`);
        const committed = await batch.commit();
        await this.waitForReplica(committed.results.map((r) => r.uuid).filter((u): u is string => u !== undefined));
      }
      const now = performance.now();
      const result = { changes: plan.changes, conflicts: plan.conflicts, durationMs: now - started, writeMs: now - writeStarted };
      this.lastPlanMs = writeStarted - started;
      this.emit('synced', result);
      for (const w of waiters) w.resolve(result);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (this.listenerCount('error') > 0) this.emit('error', error);
      for (const w of waiters) w.reject(error);
      // Level-triggered: try again shortly.
      if (!this.stopped) setTimeout(() => this.request(), 200).unref();
    } finally {
      this.running = false;
      if (this.pending) {
        this.pending = false;
        this.request();
      }
    }
  }

  /**
   * Waits until the replica holds the rows this pass inserted, so the next pass does not insert them again.
   * Child rows are found in their own tables; a timeout only delays the next pass's view, it loses nothing.
   */
  private async waitForReplica(insertedUuids: readonly string[]): Promise<void> {
    const replica = this.replica!;
    const tables = Object.keys(NB_REPLICA_TABLES) as (keyof typeof NB_REPLICA_TABLES)[];
    const present = (uuid: string) => tables.some((t) => replica.table(t).get(uuid) !== undefined);
    const missing = new Set(insertedUuids.filter((u) => !present(u)));
    if (missing.size === 0) return;
    await new Promise<void>((resolve) => {
      const check = () => {
        for (const u of missing) if (present(u)) missing.delete(u);
        if (missing.size === 0) done();
      };
      const done = () => {
        clearTimeout(timeout);
        replica.off('change', check);
        resolve();
      };
      const timeout = setTimeout(done, 5000);
      replica.on('change', check);
    });
  }
}
