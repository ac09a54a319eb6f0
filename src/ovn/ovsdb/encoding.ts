import { OvsdbEncodingError } from './errors.js';
import type { BaseType, ColumnType } from './schema.js';

/**
 * Plain TS values <-> OVSDB wire values (RFC 7047 §5.1). Callers write a set column as an array, a map column as
 * a Record (or Map), an optional (min 0, max 1) column as the value or undefined, a uuid as its string, and a
 * reference to a row inserted earlier in the same transaction as `namedUuid('name')`.
 */

/** A reference to a row inserted in the same transaction under `uuid-name`. */
export class NamedUuid {
  constructor(readonly name: string) {}
  toJSON(): unknown {
    return ['named-uuid', this.name];
  }
}

export function namedUuid(name: string): NamedUuid {
  return new NamedUuid(name);
}

/** What a uuid column accepts on write: a real uuid or a reference to a row inserted in the same transaction. */
export type UuidRef = string | NamedUuid;

export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** RFC 7047 <id>: what a uuid-name must look like. */
const ID_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function isUuid(text: string): boolean {
  return UUID_PATTERN.test(text);
}

export function isValidUuidName(name: string): boolean {
  return ID_PATTERN.test(name);
}

export type WireAtom = string | number | boolean | readonly [string, string];
export type WireValue = WireAtom | readonly ['set', readonly WireAtom[]] | readonly ['map', readonly (readonly [WireAtom, WireAtom])[]];

// `table` and `column` travel down as plain strings (only for error messages): no allocation per value.
function fail(table: string, column: string, reason: string, value: unknown): never {
  throw new OvsdbEncodingError(table, column, value, reason);
}

function encodeAtom(base: BaseType, value: unknown, table: string, column: string): WireAtom {
  switch (base.type) {
    case 'string':
      return typeof value === 'string' ? value : fail(table, column, 'expected a string', value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? value : fail(table, column, 'expected an integer', value);
    case 'real':
      return typeof value === 'number' && Number.isFinite(value) ? value : fail(table, column, 'expected a finite number', value);
    case 'boolean':
      return typeof value === 'boolean' ? value : fail(table, column, 'expected a boolean', value);
    case 'uuid':
      if (value instanceof NamedUuid) return ['named-uuid', value.name];
      if (typeof value === 'string' && UUID_PATTERN.test(value)) return ['uuid', value];
      return fail(table, column, 'expected a uuid string or namedUuid(...)', value);
  }
}

function encodeMapKey(base: BaseType, key: string, table: string, column: string): WireAtom {
  if (base.type === 'integer' || base.type === 'real') return encodeAtom(base, Number(key), table, column);
  if (base.type === 'boolean') return encodeAtom(base, key === 'true' ? true : key === 'false' ? false : key, table, column);
  return encodeAtom(base, key, table, column);
}

/** Encodes a whole column value. `relaxed` skips the min/max checks (mutations and conditions send subsets). */
export function encodeDatum(
  table: string,
  column: string,
  type: ColumnType,
  value: unknown,
  relaxed = false,
): WireValue {
  if (type.kind === 'map') {
    const valueType = type.value!;
    const pairs: [WireAtom, WireAtom][] = [];
    if (value instanceof Map) {
      for (const [k, v] of value) pairs.push([encodeAtom(type.key, k, table, column), encodeAtom(valueType, v, table, column)]);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof NamedUuid)) {
      const record = value as Record<string, unknown>;
      for (const k in record) {
        if (Object.hasOwn(record, k)) pairs.push([encodeMapKey(type.key, k, table, column), encodeAtom(valueType, record[k], table, column)]);
      }
    } else if (value !== undefined && value !== null) {
      fail(table, column, 'expected a map (plain object or Map)', value);
    }
    if (!relaxed) checkCount(type, pairs.length, value, table, column);
    return ['map', pairs];
  }
  if (type.kind === 'scalar' && !relaxed) {
    if (Array.isArray(value)) fail(table, column, 'expected a single value, not a list', value);
    return encodeAtom(type.key, value, table, column);
  }
  let atoms: WireAtom[];
  if (Array.isArray(value)) {
    atoms = new Array<WireAtom>(value.length);
    for (let i = 0; i < value.length; i++) atoms[i] = encodeAtom(type.key, value[i], table, column);
  } else if (value instanceof Set) atoms = [...value].map((v) => encodeAtom(type.key, v, table, column));
  else if (value === undefined || value === null) atoms = [];
  else atoms = [encodeAtom(type.key, value, table, column)];
  if (!relaxed) checkCount(type, atoms.length, value, table, column);
  return atoms.length === 1 ? atoms[0] : ['set', atoms];
}

function checkCount(type: ColumnType, count: number, value: unknown, table: string, column: string): void {
  if (count < type.min) fail(table, column, `needs at least ${type.min} value(s)`, value);
  if (count > type.max) fail(table, column, `takes at most ${type.max} value(s)`, value);
}

function decodeAtom(wire: unknown): string | number | boolean {
  // ["uuid", "…"] and ["named-uuid", "…"] both decode to their string.
  return Array.isArray(wire) ? (wire[1] as string) : (wire as string | number | boolean);
}

function wireElements(wire: unknown): unknown[] {
  if (Array.isArray(wire) && wire[0] === 'set') return wire[1] as unknown[];
  return [wire];
}

/** Decodes a wire value into the plain TS shape of its column kind. */
export function decodeDatum(type: ColumnType, wire: unknown): unknown {
  switch (type.kind) {
    case 'scalar':
      return decodeAtom(wire);
    case 'optional': {
      const elements = wireElements(wire);
      return elements.length === 0 ? undefined : decodeAtom(elements[0]);
    }
    case 'set':
      return wireElements(wire).map(decodeAtom);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of (wire as [string, [unknown, unknown][]])[1]) out[String(decodeAtom(k))] = decodeAtom(v);
      return out;
    }
  }
}

const ATOM_DEFAULTS = { integer: 0, real: 0, boolean: false, string: '', uuid: ZERO_UUID } as const;

/** The value a column holds when a row update omits it (update2 leaves default-valued columns out). */
export function defaultDatum(type: ColumnType): unknown {
  switch (type.kind) {
    case 'scalar':
      return ATOM_DEFAULTS[type.key.type];
    case 'optional':
      return undefined;
    case 'set':
      return [];
    case 'map':
      return {};
  }
}

/**
 * Applies an update2 "modify" diff: a scalar column gets the new value, a set column toggles each listed element
 * (present → removed, absent → added), a map column removes a pair listed with its current value, changes a key
 * listed with another value and adds a new key.
 */
export function applyDatumDiff(type: ColumnType, old: unknown, diff: unknown): unknown {
  switch (type.kind) {
    case 'scalar':
      return decodeAtom(diff);
    case 'optional': {
      const present = new Set(old === undefined ? [] : [old]);
      for (const e of wireElements(diff)) toggle(present, decodeAtom(e));
      return present.size === 0 ? undefined : present.values().next().value;
    }
    case 'set': {
      const present = new Set(old as unknown[]);
      for (const e of wireElements(diff)) toggle(present, decodeAtom(e));
      return [...present];
    }
    case 'map': {
      const out: Record<string, unknown> = { ...(old as Record<string, unknown>) };
      for (const [k, v] of (diff as [string, [unknown, unknown][]])[1]) {
        const key = String(decodeAtom(k));
        const value = decodeAtom(v);
        if (Object.hasOwn(out, key) && out[key] === value) delete out[key];
        else out[key] = value;
      }
      return out;
    }
  }
}

function toggle(set: Set<unknown>, element: unknown): void {
  if (set.has(element)) set.delete(element);
  else set.add(element);
}
