import type { TableRow, ViewDef } from '../views/view-types.js';
import type { TuiStore } from './store.js';

/** What a key handler may look at: read the store with `store.getState()`, never a captured render value. */
export interface KeyContext {
  readonly store: TuiStore;
  readonly view: ViewDef;
  readonly rows: readonly TableRow[];
  readonly selected: TableRow | undefined;
}

/**
 * A key binding is data: the hint bar, the `?` help and `--readonly` all come from these tables. Bindings that
 * `write` disappear in read-only mode; `dangerous` ones ask for confirmation and are never on a control chord.
 */
export interface KeyBinding {
  readonly key: string;
  /** Other names of the same key (`j` and `down`). */
  readonly aliases?: readonly string[];
  readonly description: string;
  readonly action: (ctx: KeyContext) => void;
  readonly dangerous?: boolean;
  readonly writes?: boolean;
  /** Shown in the hint bar (the rest only under `?`). */
  readonly hint?: boolean;
  /** Views the binding belongs to; all views when absent. */
  readonly views?: readonly string[];
}

/** The bindings in force for `view`: read-only mode drops every binding that writes. */
export function bindingsFor(all: readonly KeyBinding[], view: string, readonly: boolean): KeyBinding[] {
  return all.filter((b) => (!b.views || b.views.includes(view)) && !(readonly && b.writes));
}

export function findBinding(bindings: readonly KeyBinding[], key: string): KeyBinding | undefined {
  return bindings.find((b) => b.key === key || b.aliases?.includes(key));
}

/** Checks the rule that destructive bindings are never on a control chord (the k9s Ctrl-D complaint). */
export function unsafeBindings(all: readonly KeyBinding[]): KeyBinding[] {
  return all.filter((b) => b.dangerous && (b.key.startsWith('ctrl-') || b.aliases?.some((a) => a.startsWith('ctrl-'))));
}

export function hintText(bindings: readonly KeyBinding[]): string {
  return bindings
    .filter((b) => b.hint)
    .map((b) => `<${b.key}> ${b.description}`)
    .join('  ');
}
