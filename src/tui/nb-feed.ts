import { connectNorthbound } from '../ovn/connect-databases.js';
import type { OvsdbClient } from '../ovn/ovsdb/client.js';
import { Replica } from '../ovn/ovsdb/replica.js';
import type { OvnNorthboundTables } from '../ovn/schema/generated/ovn-nb.js';
import type { NbLookup, NbRow, TuiStore } from './store.js';

const TABLES = ['Logical_Switch', 'Logical_Switch_Port', 'Logical_Router', 'Logical_Router_Port', 'Logical_Router_Policy', 'Logical_Router_Static_Route'] as const;

/**
 * Follows the Northbound tables the detail pane and the port table show, through a Replica; changes bump
 * `nb.version` at most once per tick. Without a remote (or when it cannot be reached) the store says why.
 */
export class NbFeed {
  private client: OvsdbClient<OvnNorthboundTables> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(
    private readonly store: TuiStore,
    private readonly tickMs = 50,
  ) {}

  async start(remote: string | undefined): Promise<void> {
    if (!remote) {
      this.set('unreachable', 'NB not reachable: no NB address is known for this cluster');
      return;
    }
    this.set('connecting', `connecting to NB at ${remote}`);
    try {
      this.client = await connectNorthbound(remote, { initialConnectTimeoutMs: 3000, leaderOnly: false });
      const replica = await Replica.start(this.client, Object.fromEntries(TABLES.map((t) => [t, true])));
      const lookup: NbLookup = {
        byName: (table, name) => replica.table(table as (typeof TABLES)[number]).byName(name) as NbRow | undefined,
        all: (table) => replica.table(table as (typeof TABLES)[number]).all() as unknown as NbRow[],
      };
      replica.onChange(() => (this.dirty = true));
      this.client.on('disconnected', () => this.set('unreachable', `NB at ${remote} disconnected; reconnecting`, lookup));
      this.client.on('connected', () => this.set('ready', `NB ${remote}`, lookup));
      this.set('ready', `NB ${remote}`, lookup);
      this.timer = setInterval(() => {
        if (!this.dirty) return;
        this.dirty = false;
        this.store.setState((s) => ({ nb: { ...s.nb, version: s.nb.version + 1 } }));
      }, this.tickMs);
      this.timer.unref();
    } catch (err) {
      this.set('unreachable', `NB not reachable at ${remote}: ${(err as Error).message}`);
    }
  }

  private set(state: 'connecting' | 'ready' | 'unreachable', message: string, lookup?: NbLookup): void {
    this.store.setState((s) => ({ nb: { state, message, version: s.nb.version + 1, ...(lookup ? { lookup } : {}) } }));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client?.close();
  }
}
