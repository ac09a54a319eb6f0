/**
 * Equality of OVSDB column values as plain TS values. OVSDB sets are unordered, so arrays compare as sets;
 * maps compare by entries (Record or Map); an absent optional value, an empty set and an empty map are all
 * "nothing". Called for every managed column of every row on every NB pass: keep it allocation-free on the
 * common path (equal values in the same order).
 */
export function datumEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const emptyA = isEmpty(a);
  const emptyB = isEmpty(b);
  if (emptyA || emptyB) return emptyA && emptyB;
  if (Array.isArray(a) && Array.isArray(b)) return setEqual(a, b);
  if (Array.isArray(a)) return a.length === 1 && datumEqual(a[0], b);
  if (Array.isArray(b)) return b.length === 1 && datumEqual(a, b[0]);
  if (typeof a === 'object' && typeof b === 'object') return mapEqual(a as object, b as object);
  return false;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  if (typeof v === 'object') {
    for (const _ in v) return false;
    return true;
  }
  return false;
}

function get(m: object, key: string): unknown {
  return m instanceof Map ? m.get(key) : (m as Record<string, unknown>)[key];
}

function keys(m: object): string[] {
  return m instanceof Map ? [...m.keys()].map(String) : Object.keys(m);
}

function mapEqual(a: object, b: object): boolean {
  const ka = keys(a);
  const kb = keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    const vb = get(b, k);
    if (vb === undefined || String(vb) !== String(get(a, k))) return false;
  }
  return true;
}

function setEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  let same = true;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      same = false;
      break;
    }
  }
  if (same) return true;
  const sa = a.map(String).sort();
  const sb = b.map(String).sort();
  return sa.every((x, i) => x === sb[i]);
}
