/**
 * The parts of an RFC 7047 database schema the client needs at run time: column types (to encode plain values and
 * decode wire values) and indexes (for the replica). Parsed from the server's own `get_schema` answer, so the
 * client always encodes for the schema the server actually runs.
 */

export type AtomicType = 'integer' | 'real' | 'boolean' | 'string' | 'uuid';

export interface BaseType {
  readonly type: AtomicType;
  /** Allowed values when the schema lists an enum. */
  readonly enum?: readonly (string | number | boolean)[];
  readonly refTable?: string;
}

/** scalar: exactly one value; optional: min 0 max 1; set: several values; map: key/value pairs. */
export type ColumnKind = 'scalar' | 'optional' | 'set' | 'map';

export interface ColumnType {
  readonly key: BaseType;
  readonly value?: BaseType;
  readonly min: number;
  /** Infinity for "unlimited". */
  readonly max: number;
  readonly kind: ColumnKind;
}

export interface TableSchema {
  readonly name: string;
  readonly columns: ReadonlyMap<string, ColumnType>;
  readonly indexes: readonly (readonly string[])[];
  readonly isRoot: boolean;
}

export interface DatabaseSchema {
  readonly name: string;
  readonly version: string;
  readonly tables: ReadonlyMap<string, TableSchema>;
}

const ATOMIC_TYPES = new Set(['integer', 'real', 'boolean', 'string', 'uuid']);

/** The implicit columns every table has. */
const UUID_COLUMN: ColumnType = { key: { type: 'uuid' }, min: 1, max: 1, kind: 'scalar' };

export function parseBaseType(raw: unknown, where: string): BaseType {
  if (typeof raw === 'string') {
    if (!ATOMIC_TYPES.has(raw)) throw new Error(`${where}: unknown atomic type ${JSON.stringify(raw)}`);
    return { type: raw as AtomicType };
  }
  if (typeof raw !== 'object' || raw === null) throw new Error(`${where}: bad base type ${JSON.stringify(raw)}`);
  const r = raw as Record<string, unknown>;
  const base = parseBaseType(r.type, where);
  let values: (string | number | boolean)[] | undefined;
  if (r.enum !== undefined) {
    const e = r.enum;
    values = Array.isArray(e) && e[0] === 'set' ? (e[1] as (string | number | boolean)[]) : [e as string];
  }
  return {
    type: base.type,
    ...(values ? { enum: values } : {}),
    ...(typeof r.refTable === 'string' ? { refTable: r.refTable } : {}),
  };
}

export function parseColumnType(raw: unknown, where: string): ColumnType {
  if (typeof raw === 'string') return { key: parseBaseType(raw, where), min: 1, max: 1, kind: 'scalar' };
  const r = raw as Record<string, unknown>;
  const key = parseBaseType(r.key, `${where} key`);
  const value = r.value === undefined ? undefined : parseBaseType(r.value, `${where} value`);
  const min = typeof r.min === 'number' ? r.min : 1;
  const max = r.max === 'unlimited' ? Infinity : typeof r.max === 'number' ? r.max : 1;
  const kind: ColumnKind = value ? 'map' : min === 1 && max === 1 ? 'scalar' : min === 0 && max === 1 ? 'optional' : 'set';
  return { key, ...(value ? { value } : {}), min, max, kind };
}

export function parseDatabaseSchema(raw: unknown): DatabaseSchema {
  if (typeof raw !== 'object' || raw === null) throw new Error(`schema is not an object: ${JSON.stringify(raw)}`);
  const r = raw as { name?: unknown; version?: unknown; tables?: Record<string, Record<string, unknown>> };
  if (typeof r.name !== 'string' || typeof r.tables !== 'object' || r.tables === null) {
    throw new Error('schema lacks "name" or "tables"');
  }
  const tables = new Map<string, TableSchema>();
  for (const [tableName, table] of Object.entries(r.tables)) {
    const columns = new Map<string, ColumnType>([
      ['_uuid', UUID_COLUMN],
      ['_version', UUID_COLUMN],
    ]);
    for (const [columnName, column] of Object.entries((table.columns ?? {}) as Record<string, { type: unknown }>)) {
      columns.set(columnName, parseColumnType(column.type, `${tableName}.${columnName}`));
    }
    tables.set(tableName, {
      name: tableName,
      columns,
      indexes: Array.isArray(table.indexes) ? (table.indexes as string[][]) : [],
      isRoot: table.isRoot === true,
    });
  }
  return { name: r.name, version: typeof r.version === 'string' ? r.version : '', tables };
}
