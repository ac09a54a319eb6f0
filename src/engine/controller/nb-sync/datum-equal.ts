/**
 * Equality of OVSDB column values as plain TS values. OVSDB sets are unordered, so arrays compare as sets;
 * maps compare by entries (Record or Map); an absent optional value, an empty set and an empty map are all
 * "nothing".
 */
export function datumEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return setEqual(a, b);
  if (Array.isArray(a) && a.length === 1) return datumEqual(a[0], b);
  if (Array.isArray(b) && b.length === 1) return datumEqual(a, b[0]);
  if (isMapLike(a) && isMapLike(b)) return mapEqual(entries(a), entries(b));
  return a === b;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  if (typeof v === 'object' && !(v instanceof Array)) return Object.keys(v).length === 0 && v.constructor === Object;
  return false;
}

function isMapLike(v: unknown): v is Record<string, unknown> | Map<string, unknown> {
  return v instanceof Map || (typeof v === 'object' && v !== null && !Array.isArray(v) && v.constructor === Object);
}

function entries(v: Record<string, unknown> | Map<string, unknown>): Map<string, unknown> {
  return v instanceof Map ? new Map([...v].map(([k, x]) => [String(k), x])) : new Map(Object.entries(v));
}

function mapEqual(a: Map<string, unknown>, b: Map<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (!b.has(k) || String(b.get(k)) !== String(v)) return false;
  return true;
}

function setEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  const sa = a.map(String).sort();
  const sb = b.map(String).sort();
  return sa.every((x, i) => x === sb[i]);
}
