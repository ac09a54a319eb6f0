import type { Condition } from './operations.js';
import type { DatabaseSchema } from './schema.js';

/** table → row uuid → row change, as in RFC 7047 update2 (`initial`, `insert`, `modify`, `delete`). */
export type TableUpdates2 = Record<string, Record<string, RowUpdate2 | null>>;
export interface RowUpdate2 {
  readonly initial?: Record<string, unknown>;
  readonly insert?: Record<string, unknown>;
  readonly modify?: Record<string, unknown>;
  readonly delete?: unknown;
}

/**
 * Monitor request per table: the columns to watch (all when omitted) and an optional condition in plain values
 * (e.g. `[['name', '==', 'br-int']]`), encoded against the server's schema when the monitor is (re)started.
 */
export type MonitorRequests = Record<
  string,
  { readonly columns?: readonly string[]; readonly where?: readonly Condition<Record<string, unknown>>[] }
>;

/** Receives a monitor's data. `reset` replaces everything (first sync and full resyncs); `update` is a delta. */
export interface MonitorHandler {
  reset(updates: TableUpdates2, schema: DatabaseSchema): void;
  update(updates: TableUpdates2, schema: DatabaseSchema): void;
}

export interface MonitorHandle {
  readonly id: string;
  cancel(): Promise<void>;
}
