import type { KubeObject } from '../engine/cluster/types.js';
import type { NbLookup } from '../tui/store.js';

/** One table row: its cells as text, and the object it shows (for the detail pane, YAML and edit). */
export interface TableRow {
  readonly key: string;
  readonly cells: readonly string[];
  readonly object?: KubeObject;
  /** Rows of a tree view carry their depth; tables leave it out. */
  readonly depth?: number;
}

export interface ViewScope {
  readonly vpc?: string;
  readonly subnet?: string;
}

export interface RowsInput {
  readonly objects: Readonly<Record<string, ReadonlyMap<string, KubeObject>>>;
  readonly scope?: ViewScope;
  readonly nb?: NbLookup;
}

/** A view: its columns, how to build its rows from the caches (pure), and where Enter leads. */
export interface ViewDef {
  readonly name: string;
  readonly title: string;
  /** Names `:` accepts besides `name`. */
  readonly aliases: readonly string[];
  readonly columns: readonly string[];
  /** Kinds whose source state decides whether the table is trustworthy. */
  readonly kinds: readonly string[];
  /** Every kind `rows` reads (its own and the ones it joins): rows are rebuilt only when one of them changes. */
  readonly reads: readonly string[];
  /** `rows` reads NB (through `input.nb`): rebuilt on NB changes too. */
  readonly readsNb?: boolean;
  rows(input: RowsInput): TableRow[];
  /** The page Enter opens from `row`, if any. */
  drill?(row: TableRow): { view: string; scope: ViewScope } | undefined;
}

export function listOf<T extends KubeObject>(input: RowsInput, kind: string): T[] {
  return [...(input.objects[kind]?.values() ?? [])] as T[];
}

export function byName<T extends KubeObject>(input: RowsInput, kind: string): Map<string, T> {
  return (input.objects[kind] ?? new Map()) as Map<string, T>;
}

/** `True`/`False`/`-` of a condition type. */
export function conditionStatus(obj: KubeObject, type: string): string {
  const status = obj.status as { conditions?: { type: string; status: string }[] } | undefined;
  return status?.conditions?.find((c) => c.type === type)?.status ?? '-';
}

export function yesNo(value: boolean | undefined): string {
  return value ? 'yes' : 'no';
}
