import { EventEmitter } from 'node:events';
import { applyDatumDiff, decodeDatum, defaultDatum } from './encoding.js';
import type { MonitorHandle, MonitorHandler, MonitorRequests, OvsdbClient, TableUpdates2 } from './client.js';
import type { Condition, TableMap } from './operations.js';
import type { ColumnType, DatabaseSchema, TableSchema } from './schema.js';

/** A row as the replica holds it: plain values plus its uuid. Never mutate it; the replica replaces rows on change. */
export type ReplicaRow<Row> = Row & { readonly _uuid: string };

export type RowChange<Row = Record<string, unknown>> =
  | { readonly kind: 'insert'; readonly table: string; readonly uuid: string; readonly new: ReplicaRow<Row> }
  | { readonly kind: 'modify'; readonly table: string; readonly uuid: string; readonly old: ReplicaRow<Row>; readonly new: ReplicaRow<Row> }
  | { readonly kind: 'delete'; readonly table: string; readonly uuid: string; readonly old: ReplicaRow<Row> };

/** What to keep of one table: a column list, `true` for every column, or columns plus a condition on rows. */
export type ReplicaTableSpec<Row> =
  | readonly (keyof Row & string)[]
  | true
  | { readonly columns?: readonly (keyof Row & string)[]; readonly where?: readonly Condition<Row>[] };

/** Which tables (and columns, and rows) to keep. */
export type ReplicaTables<T extends TableMap> = { readonly [K in keyof T & string]?: ReplicaTableSpec<T[K]> };

function specColumns(spec: ReplicaTableSpec<unknown> | undefined): readonly string[] | undefined {
  if (spec === true || spec === undefined) return undefined;
  if (Array.isArray(spec)) return spec as readonly string[];
  return (spec as { columns?: readonly string[] }).columns;
}

interface ColumnPlan {
  readonly name: string;
  readonly type: ColumnType;
}

/** One monitored table: rows by uuid, by name (when it has a `name` column) and by the schema's indexes. */
export class ReplicaTable<Row> {
  readonly name: string;
  readonly #rows = new Map<string, ReplicaRow<Row>>();
  readonly #byName: Map<string, Set<string>> | undefined;
  /** index columns joined by ',' → (key → uuid) */
  readonly #indexes = new Map<string, { columns: readonly string[]; rows: Map<string, string> }>();
  readonly columns: readonly ColumnPlan[];
  readonly #columnTypes: ReadonlyMap<string, ColumnType>;
  readonly #template: Record<string, unknown>;

  constructor(schema: TableSchema, columns: readonly string[]) {
    this.name = schema.name;
    this.columns = columns.map((name) => {
      const type = schema.columns.get(name);
      if (!type) throw new Error(`${schema.name}.${name}: no such column to replicate`);
      return { name, type };
    });
    this.#columnTypes = new Map(this.columns.map((c) => [c.name, c.type]));
    this.#template = {};
    for (const c of this.columns) this.#template[c.name] = Object.freeze(defaultDatum(c.type));
    this.#byName = columns.includes('name') ? new Map() : undefined;
    for (const index of schema.indexes) {
      if (index.every((c) => columns.includes(c))) this.#indexes.set([...index].sort().join(','), { columns: index, rows: new Map() });
    }
  }

  get size(): number {
    return this.#rows.size;
  }

  get(uuid: string): ReplicaRow<Row> | undefined {
    return this.#rows.get(uuid);
  }

  all(): ReplicaRow<Row>[] {
    return [...this.#rows.values()];
  }

  values(): IterableIterator<ReplicaRow<Row>> {
    return this.#rows.values();
  }

  /** The row with this `name` (the first one if several share it; NB does not index Logical_Switch.name). */
  byName(name: string): ReplicaRow<Row> | undefined {
    const uuids = this.#byName?.get(name);
    if (!uuids) return undefined;
    const first = uuids.values().next();
    return first.done ? undefined : this.#rows.get(first.value);
  }

  allByName(name: string): ReplicaRow<Row>[] {
    return [...(this.#byName?.get(name) ?? [])].map((u) => this.#rows.get(u)!);
  }

  /** Lookup through one of the schema's indexes, e.g. `{logical_port: 'lrp1', dst_ip: '10.0.0.1'}`. */
  byIndex(key: Partial<Row>): ReplicaRow<Row> | undefined {
    const columns = Object.keys(key).sort();
    const index = this.#indexes.get(columns.join(','));
    if (!index) throw new Error(`${this.name} has no monitored index on (${columns.join(', ')})`);
    const uuid = index.rows.get(indexKey(index.columns, key as Record<string, unknown>));
    return uuid === undefined ? undefined : this.#rows.get(uuid);
  }

  find(predicate: (row: ReplicaRow<Row>) => boolean): ReplicaRow<Row> | undefined {
    for (const row of this.#rows.values()) if (predicate(row)) return row;
    return undefined;
  }

  filter(predicate: (row: ReplicaRow<Row>) => boolean): ReplicaRow<Row>[] {
    const out: ReplicaRow<Row>[] = [];
    for (const row of this.#rows.values()) if (predicate(row)) out.push(row);
    return out;
  }

  /** Decodes an update2 `initial`/`insert` row (default-valued columns are left out on the wire). */
  decodeRow(uuid: string, wire: Record<string, unknown>): ReplicaRow<Row> {
    const row: Record<string, unknown> = { _uuid: uuid, ...this.#template };
    // Walk what the server sent (update2 leaves defaults out), not every column.
    for (const name in wire) {
      const type = this.#columnTypes.get(name);
      if (type) row[name] = decodeDatum(type, wire[name]);
    }
    return row as ReplicaRow<Row>;
  }

  applyModify(old: ReplicaRow<Row>, diff: Record<string, unknown>): ReplicaRow<Row> {
    const row: Record<string, unknown> = { ...old };
    for (const name in diff) {
      const type = this.#columnTypes.get(name);
      if (type) row[name] = applyDatumDiff(type, row[name], diff[name]);
    }
    return row as ReplicaRow<Row>;
  }

  put(row: ReplicaRow<Row>): void {
    const old = this.#rows.get(row._uuid);
    if (old) this.#unindex(old);
    this.#rows.set(row._uuid, row);
    const name = (row as Record<string, unknown>).name;
    if (this.#byName && typeof name === 'string') {
      let set = this.#byName.get(name);
      if (!set) this.#byName.set(name, (set = new Set()));
      set.add(row._uuid);
    }
    for (const index of this.#indexes.values()) index.rows.set(indexKey(index.columns, row as Record<string, unknown>), row._uuid);
  }

  remove(uuid: string): ReplicaRow<Row> | undefined {
    const old = this.#rows.get(uuid);
    if (!old) return undefined;
    this.#unindex(old);
    this.#rows.delete(uuid);
    return old;
  }

  #unindex(row: ReplicaRow<Row>): void {
    const name = (row as Record<string, unknown>).name;
    if (this.#byName && typeof name === 'string') {
      const set = this.#byName.get(name);
      set?.delete(row._uuid);
      if (set?.size === 0) this.#byName.delete(name);
    }
    for (const index of this.#indexes.values()) {
      const key = indexKey(index.columns, row as Record<string, unknown>);
      if (index.rows.get(key) === row._uuid) index.rows.delete(key);
    }
  }
}

function indexKey(columns: readonly string[], row: Record<string, unknown>): string {
  // One column has one type, so a string value can be its own key.
  if (columns.length === 1) {
    const value = row[columns[0]];
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
  return JSON.stringify(columns.map((c) => row[c]));
}

/**
 * The monitored tables of one database, kept in memory and current: reconcilers diff desired rows against it
 * without a round trip. Emits `change` with the RowChange[] of each server update (one event per update, so a
 * 10,000-row transaction is one event) and converges after a reconnect by diffing the resync against what it held.
 */
export class Replica<T extends TableMap = TableMap> extends EventEmitter<{ change: [changes: readonly RowChange[]] }> implements MonitorHandler {
  readonly #wanted: ReplicaTables<T>;
  readonly #tables = new Map<string, ReplicaTable<unknown>>();
  #handle: MonitorHandle | undefined;
  #syncs = 0;

  private constructor(wanted: ReplicaTables<T>) {
    super();
    this.#wanted = wanted;
  }

  /** Starts monitoring `tables` on `client`; resolves after the first full snapshot is loaded. */
  static async start<T extends TableMap>(client: OvsdbClient<T>, tables: ReplicaTables<T>): Promise<Replica<T>> {
    const replica = new Replica<T>(tables);
    const requests: MonitorRequests = {};
    for (const [table, spec] of Object.entries(tables) as [string, ReplicaTableSpec<unknown>][]) {
      const columns = specColumns(spec);
      const where = typeof spec === 'object' && !Array.isArray(spec) ? (spec as { where?: MonitorRequests[string]['where'] }).where : undefined;
      requests[table] = { ...(columns ? { columns } : {}), ...(where ? { where } : {}) };
    }
    replica.#handle = await client.monitor(requests, replica);
    return replica;
  }

  /** How many full snapshots were loaded (1 after start; more after reconnects without history). */
  get fullSyncs(): number {
    return this.#syncs;
  }

  /** Subscribes to change batches; returns the unsubscribe function. */
  onChange(listener: (changes: readonly RowChange[]) => void): () => void {
    this.on('change', listener);
    return () => this.off('change', listener);
  }

  table<K extends keyof T & string>(name: K): ReplicaTable<T[K]> {
    const table = this.#tables.get(name);
    if (!table) throw new Error(`table ${name} is not part of this replica`);
    return table as ReplicaTable<T[K]>;
  }

  async stop(): Promise<void> {
    await this.#handle?.cancel();
  }

  #ensureTables(schema: DatabaseSchema): void {
    if (this.#tables.size > 0) return;
    for (const [name, spec] of Object.entries(this.#wanted) as [string, ReplicaTableSpec<unknown>][]) {
      const tableSchema = schema.tables.get(name);
      if (!tableSchema) throw new Error(`table ${name} is not in ${schema.name}`);
      const names = specColumns(spec) ?? [...tableSchema.columns.keys()].filter((c) => c !== '_uuid' && c !== '_version');
      this.#tables.set(name, new ReplicaTable(tableSchema, names));
    }
  }

  /** MonitorHandler: a full snapshot. Rows that differ from what we held become insert/modify/delete events. */
  reset(updates: TableUpdates2, schema: DatabaseSchema): void {
    this.#ensureTables(schema);
    this.#syncs++;
    const changes: RowChange[] = [];
    for (const [name, table] of this.#tables) {
      const fresh = updates[name] ?? {};
      for (const uuid in fresh) {
        const update = fresh[uuid];
        const wire = update?.initial ?? update?.insert;
        if (!wire) continue;
        const row = table.decodeRow(uuid, wire);
        const old = table.get(uuid);
        if (!old) {
          table.put(row);
          changes.push({ kind: 'insert', table: name, uuid, new: row as ReplicaRow<Record<string, unknown>> });
        } else if (!sameRow(table, old, row)) {
          table.put(row);
          changes.push({ kind: 'modify', table: name, uuid, old: old as ReplicaRow<Record<string, unknown>>, new: row as ReplicaRow<Record<string, unknown>> });
        }
      }
      for (const old of table.all()) {
        if (!Object.hasOwn(fresh, old._uuid)) {
          table.remove(old._uuid);
          changes.push({ kind: 'delete', table: name, uuid: old._uuid, old: old as ReplicaRow<Record<string, unknown>> });
        }
      }
    }
    if (changes.length > 0) this.emit('change', changes);
  }

  /** MonitorHandler: a delta (update2/update3, or what monitor_cond_since returned when history was found). */
  update(updates: TableUpdates2, schema: DatabaseSchema): void {
    this.#ensureTables(schema);
    const changes: RowChange[] = [];
    for (const [name, rows] of Object.entries(updates)) {
      const table = this.#tables.get(name);
      if (!table) continue;
      for (const [uuid, update] of Object.entries(rows)) {
        if (!update) continue;
        const inserted = update.insert ?? update.initial;
        if (inserted) {
          const row = table.decodeRow(uuid, inserted);
          const old = table.get(uuid);
          table.put(row);
          changes.push(
            old
              ? { kind: 'modify', table: name, uuid, old: old as ReplicaRow<Record<string, unknown>>, new: row as ReplicaRow<Record<string, unknown>> }
              : { kind: 'insert', table: name, uuid, new: row as ReplicaRow<Record<string, unknown>> },
          );
        } else if (update.modify) {
          const old = table.get(uuid);
          if (!old) throw new Error(`modify of unknown row ${name} ${uuid}`);
          const row = table.applyModify(old, update.modify);
          table.put(row);
          changes.push({ kind: 'modify', table: name, uuid, old: old as ReplicaRow<Record<string, unknown>>, new: row as ReplicaRow<Record<string, unknown>> });
        } else if ('delete' in update) {
          const old = table.remove(uuid);
          if (old) changes.push({ kind: 'delete', table: name, uuid, old: old as ReplicaRow<Record<string, unknown>> });
        }
      }
    }
    if (changes.length > 0) this.emit('change', changes);
  }
}

function sameRow(table: ReplicaTable<unknown>, a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const column of table.columns) if (!sameDatum(a[column.name], b[column.name])) return false;
  return true;
}

/** Equality of decoded column values; sets compare regardless of order. */
export function sameDatum(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    const set = new Set(a);
    return b.every((x) => set.has(x));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
  }
  return false;
}
