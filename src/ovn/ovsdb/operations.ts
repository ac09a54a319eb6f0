import { encodeDatum, isValidUuidName, type NamedUuid, type WireValue } from './encoding.js';
import { OvsdbEncodingError } from './errors.js';
import type { ColumnType, DatabaseSchema, TableSchema } from './schema.js';

/**
 * Typed builders for RFC 7047 §5.2 operations. They hold plain TS values; the client encodes them against the
 * server's schema when the transaction is sent (one pass per row, one JSON.stringify per request).
 */

/** Tables of one database: table name → row type (as generated in src/ovn/schema/generated). */
export type TableMap = { [table: string]: object };
/** Any table with any columns: what untyped callers and the encoder work with. */
export type AnyTables = { [table: string]: Record<string, unknown> };

/** A row as written: any subset of columns; string (uuid) columns also take a namedUuid() reference. */
export type WriteRow<Row> = { [K in Exclude<keyof Row, '_uuid' | '_version'>]?: WriteValue<Row[K]> };
export type WriteValue<V> = V extends string
  ? V | NamedUuid
  : V extends readonly (infer E)[]
    ? readonly WriteValue<E>[]
    : V extends Record<string | number, infer M>
      ? Record<string, WriteValue<M>> | ReadonlyMap<string | number, WriteValue<M>>
      : V;

export type ConditionFunction = '<' | '<=' | '==' | '!=' | '>=' | '>' | 'includes' | 'excludes';
export type Mutator = '+=' | '-=' | '*=' | '/=' | '%=' | 'insert' | 'delete';

type ColumnOf<Row> = Extract<keyof Row, string> | '_uuid';
export type Condition<Row = Record<string, unknown>> = readonly [column: ColumnOf<Row>, fn: ConditionFunction, value: unknown];
export type Mutation<Row = Record<string, unknown>> = readonly [column: ColumnOf<Row>, mutator: Mutator, value: unknown];

export type Operation<T extends TableMap = TableMap> =
  | { [K in keyof T & string]: InsertOp<K, T[K]> | SelectOp<K, T[K]> | UpdateOp<K, T[K]> | MutateOp<K, T[K]> | DeleteOp<K, T[K]> | WaitOp<K, T[K]> }[keyof T & string]
  | { readonly op: 'comment'; readonly comment: string }
  | { readonly op: 'assert'; readonly lock: string }
  | { readonly op: 'commit'; readonly durable: boolean }
  | { readonly op: 'abort' };

export interface InsertOp<K extends string, Row> {
  readonly op: 'insert';
  readonly table: K;
  readonly row: WriteRow<Row>;
  readonly uuidName?: string;
}
export interface SelectOp<K extends string, Row> {
  readonly op: 'select';
  readonly table: K;
  readonly where: readonly Condition<Row>[];
  readonly columns?: readonly ColumnOf<Row>[];
}
export interface UpdateOp<K extends string, Row> {
  readonly op: 'update';
  readonly table: K;
  readonly where: readonly Condition<Row>[];
  readonly row: WriteRow<Row>;
}
export interface MutateOp<K extends string, Row> {
  readonly op: 'mutate';
  readonly table: K;
  readonly where: readonly Condition<Row>[];
  readonly mutations: readonly Mutation<Row>[];
}
export interface DeleteOp<K extends string, Row> {
  readonly op: 'delete';
  readonly table: K;
  readonly where: readonly Condition<Row>[];
}
export interface WaitOp<K extends string, Row> {
  readonly op: 'wait';
  readonly table: K;
  readonly where: readonly Condition<Row>[];
  readonly columns: readonly ColumnOf<Row>[];
  readonly until: '==' | '!=';
  readonly rows: readonly WriteRow<Row>[];
  readonly timeoutMs?: number;
}

/** Builders with table names and row types checked against one database's generated types. */
export function operationsFor<T extends TableMap>() {
  return {
    insert: <K extends keyof T & string>(table: K, row: WriteRow<T[K]>, uuidName?: string): InsertOp<K, T[K]> => ({
      op: 'insert',
      table,
      row,
      ...(uuidName === undefined ? {} : { uuidName }),
    }),
    select: <K extends keyof T & string>(
      table: K,
      where: readonly Condition<T[K]>[] = [],
      columns?: readonly ColumnOf<T[K]>[],
    ): SelectOp<K, T[K]> => ({ op: 'select', table, where, ...(columns ? { columns } : {}) }),
    update: <K extends keyof T & string>(table: K, where: readonly Condition<T[K]>[], row: WriteRow<T[K]>): UpdateOp<K, T[K]> => ({
      op: 'update',
      table,
      where,
      row,
    }),
    mutate: <K extends keyof T & string>(
      table: K,
      where: readonly Condition<T[K]>[],
      mutations: readonly Mutation<T[K]>[],
    ): MutateOp<K, T[K]> => ({ op: 'mutate', table, where, mutations }),
    delete: <K extends keyof T & string>(table: K, where: readonly Condition<T[K]>[]): DeleteOp<K, T[K]> => ({
      op: 'delete',
      table,
      where,
    }),
    wait: <K extends keyof T & string>(
      table: K,
      where: readonly Condition<T[K]>[],
      columns: readonly ColumnOf<T[K]>[],
      until: '==' | '!=',
      rows: readonly WriteRow<T[K]>[],
      timeoutMs?: number,
    ): WaitOp<K, T[K]> => ({ op: 'wait', table, where, columns, until, rows, ...(timeoutMs === undefined ? {} : { timeoutMs }) }),
    comment: (comment: string) => ({ op: 'comment', comment }) as const,
    assert: (lock: string) => ({ op: 'assert', lock }) as const,
  };
}

/** Untyped builders (any table, any column); the schema still checks everything at encode time. */
export const ops = operationsFor<AnyTables>();

/** Condition matching one row by uuid. */
export function byUuid(uuid: string | NamedUuid): readonly ['_uuid', '==', string | NamedUuid] {
  return ['_uuid', '==', uuid];
}

export function tableOf(schema: DatabaseSchema, table: string): TableSchema {
  const t = schema.tables.get(table);
  if (!t) throw new OvsdbEncodingError(table, '', undefined, `no such table in ${schema.name}`);
  return t;
}

function columnOf(table: TableSchema, column: string, value: unknown): ColumnType {
  const c = table.columns.get(column);
  if (!c) throw new OvsdbEncodingError(table.name, column, value, 'no such column');
  return c;
}

function encodeRow(table: TableSchema, row: object): Record<string, WireValue> {
  const out: Record<string, WireValue> = {};
  for (const column of Object.keys(row)) {
    const value = (row as Record<string, unknown>)[column];
    if (value === undefined && table.columns.get(column)?.kind !== 'optional') continue;
    out[column] = encodeDatum(table.name, column, columnOf(table, column, value), value);
  }
  return out;
}

/** Encodes conditions (plain values) for the wire; also used for monitor_cond `where` clauses. */
export function encodeWhere(table: TableSchema, where: readonly Condition<never>[]): unknown[] {
  return where.map(([column, fn, value]) => [column, fn, encodeDatum(table.name, column, columnOf(table, column, value), value, true)]);
}

function encodeMutation(table: TableSchema, [column, mutator, value]: Mutation<never>): unknown[] {
  const type = columnOf(table, column, value);
  // Deleting from a map takes either pairs (a map) or just keys (a set of the key type).
  if (type.kind === 'map' && mutator === 'delete' && (Array.isArray(value) || value instanceof Set)) {
    const keyType: ColumnType = { key: type.key, min: 0, max: Infinity, kind: 'set' };
    return [column, mutator, encodeDatum(table.name, column, keyType, value, true)];
  }
  return [column, mutator, encodeDatum(table.name, column, type, value, true)];
}

/** Encodes one operation for the wire. Throws OvsdbEncodingError naming table, column and value. */
export function encodeOperation(schema: DatabaseSchema, op: Operation<AnyTables>): Record<string, unknown> {
  switch (op.op) {
    case 'comment':
      return { op: 'comment', comment: op.comment };
    case 'assert':
      return { op: 'assert', lock: op.lock };
    case 'commit':
      return { op: 'commit', durable: op.durable };
    case 'abort':
      return { op: 'abort' };
  }
  const table = tableOf(schema, op.table);
  switch (op.op) {
    case 'insert': {
      const out: Record<string, unknown> = { op: 'insert', table: op.table, row: encodeRow(table, op.row) };
      if (op.uuidName !== undefined) {
        if (!isValidUuidName(op.uuidName)) {
          throw new OvsdbEncodingError(op.table, '', op.uuidName, 'uuid-name must match [a-zA-Z_][a-zA-Z0-9_]*');
        }
        out['uuid-name'] = op.uuidName;
      }
      return out;
    }
    case 'select':
      return { op: 'select', table: op.table, where: encodeWhere(table, op.where), ...(op.columns ? { columns: op.columns } : {}) };
    case 'update':
      return { op: 'update', table: op.table, where: encodeWhere(table, op.where), row: encodeRow(table, op.row) };
    case 'mutate':
      return {
        op: 'mutate',
        table: op.table,
        where: encodeWhere(table, op.where),
        mutations: op.mutations.map((m) => encodeMutation(table, m)),
      };
    case 'delete':
      return { op: 'delete', table: op.table, where: encodeWhere(table, op.where) };
    case 'wait':
      return {
        op: 'wait',
        table: op.table,
        where: encodeWhere(table, op.where),
        columns: op.columns,
        until: op.until,
        rows: op.rows.map((r) => encodeRow(table, r)),
        ...(op.timeoutMs === undefined ? {} : { timeout: op.timeoutMs }),
      };
  }
}
