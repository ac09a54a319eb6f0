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

type Fail = (reason: string, value: unknown) => never;

function encodeAtom(base: BaseType, value: unknown, fail: Fail): WireAtom {
  switch (base.type) {
    case 'string':
      if (typeof value !== 'string') fail('expected a string', value);
      return value as string;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail('expected an integer', value);
      return value as number;
    case 'real':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('expected a finite number', value);
      return value as number;
    case 'boolean':
      if (typeof value !== 'boolean') fail('expected a boolean', value);
      return value as boolean;
    case 'uuid':
      if (value instanceof NamedUuid) return ['named-uuid', value.name];
      if (typeof value === 'string' && UUID_PATTERN.test(value)) return ['uuid', value];
      return fail('expected a uuid string or namedUuid(...)', value);
  }
}

function encodeMapKey(base: BaseType, key: string, fail: Fail): WireAtom {
  if (base.type === 'integer' || base.type === 'real') return encodeAtom(base, Number(key), fail);
  if (base.type === 'boolean') return encodeAtom(base, key === 'true' ? true : key === 'false' ? false : key, fail);
  return encodeAtom(base, key, fail);
}

/** Encodes a whole column value. `relaxed` skips the min/max checks (mutations and conditions send subsets). */
export function encodeDatum(
  table: string,
  column: string,
  type: ColumnType,
  value: unknown,
  relaxed = false,
): WireValue {
  const fail: Fail = (reason, v) => {
    throw new OvsdbEncodingError(table, column, v, reason);
  };
  if (type.kind === 'map') {
    const valueType = type.value!;
    const pairs: [WireAtom, WireAtom][] = [];
    if (value instanceof Map) {
      for (const [k, v] of value) pairs.push([encodeAtom(type.key, k, fail), encodeAtom(valueType, v, fail)]);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof NamedUuid)) {
      for (const k of Object.keys(value)) {
        pairs.push([encodeMapKey(type.key, k, fail), encodeAtom(valueType, (value as Record<string, unknown>)[k], fail)]);
      }
    } else if (value === undefined || value === null) {
      // an absent map is the empty map
    } else {
      fail('expected a map (plain object or Map)', value);
    }
    if (!relaxed) checkCount(type, pairs.length, value, fail);
    return ['map', pairs];
  }
  if (type.kind === 'scalar' && !relaxed) {
    if (Array.isArray(value)) fail('expected a single value, not a list', value);
    return encodeAtom(type.key, value, fail);
  }
  let atoms: WireAtom[];
  if (Array.isArray(value)) atoms = value.map((v) => encodeAtom(type.key, v, fail));
  else if (value instanceof Set) atoms = [...value].map((v) => encodeAtom(type.key, v, fail));
  else if (value === undefined || value === null) atoms = [];
  else atoms = [encodeAtom(type.key, value, fail)];
  if (!relaxed) checkCount(type, atoms.length, value, fail);
  return atoms.length === 1 ? atoms[0] : ['set', atoms];
}

function checkCount(type: ColumnType, count: number, value: unknown, fail: Fail): void {
  if (count < type.min) fail(`needs at least ${type.min} value(s)`, value);
  if (count > type.max) fail(`takes at most ${type.max} value(s)`, value);
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
