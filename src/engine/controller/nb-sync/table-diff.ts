import { datumEqual } from './datum-equal.js';

/** A row kovn owns as the replica holds it: its uuid and its columns as plain values. */
export interface CurrentRow {
  readonly uuid: string;
  readonly row: Readonly<Record<string, unknown>>;
}

export interface TableDiff {
  /** Rows to create: identity key and the columns to write. */
  readonly inserts: { key: string; row: Record<string, unknown> }[];
  /** Rows to change in place: only the columns whose value differs. */
  readonly updates: { key: string; uuid: string; changed: Record<string, unknown> }[];
  /** Rows nothing wants any more. */
  readonly deletes: { key: string; uuid: string }[];
}

/**
 * Compares the desired rows of one table (by identity key, each with the columns kovn manages) with the rows
 * kovn owns there now. Columns not named in the desired row are not kovn's to manage and are never compared.
 * Duplicate current rows for one key (left by a crash between two writers) are all deleted but the first.
 */
export function diffTable(
  desired: ReadonlyMap<string, Record<string, unknown>>,
  current: ReadonlyMap<string, readonly CurrentRow[]>,
): TableDiff {
  const diff: TableDiff = { inserts: [], updates: [], deletes: [] };
  for (const [key, row] of desired) {
    const [existing, ...duplicates] = current.get(key) ?? [];
    for (const d of duplicates) diff.deletes.push({ key, uuid: d.uuid });
    if (!existing) {
      diff.inserts.push({ key, row });
      continue;
    }
    const changed: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) {
      if (!datumEqual(value, existing.row[column])) changed[column] = value;
    }
    if (Object.keys(changed).length > 0) diff.updates.push({ key, uuid: existing.uuid, changed });
  }
  for (const [key, rows] of current) {
    if (!desired.has(key)) for (const r of rows) diff.deletes.push({ key, uuid: r.uuid });
  }
  return diff;
}

export function isEmptyDiff(d: TableDiff): boolean {
  return d.inserts.length === 0 && d.updates.length === 0 && d.deletes.length === 0;
}
