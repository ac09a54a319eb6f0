import { findView } from '../views/view-registry.js';
import type { TableRow, ViewDef } from '../views/view-types.js';
import { filterRows } from './row-filter.js';
import { currentPage, type TuiState } from './store.js';

export interface PageRows {
  readonly view: ViewDef;
  readonly all: readonly TableRow[];
  readonly rows: readonly TableRow[];
}

/**
 * The top page's rows, memoized on what they depend on (the view's caches, its scope, NB, the filter): cursor
 * moves reuse them, so a keystroke costs only the visible window.
 */
export function createPageRowsSelector(): (state: TuiState) => PageRows {
  let last: { deps: unknown[]; all: readonly TableRow[]; filter: string; result: PageRows } | undefined;
  return (state) => {
    const page = currentPage(state);
    const view = findView(page.view) ?? findView('subnet')!;
    const deps = [view, page.scope?.vpc, page.scope?.subnet, view.readsNb ? state.nb.version : 0, ...view.reads.map((k) => state.objects[k])];
    let all = last && same(last.deps, deps) ? last.all : undefined;
    if (all && last && last.filter === page.filter) return last.result;
    all ??= view.rows({ objects: state.objects, ...(page.scope ? { scope: page.scope } : {}), ...(state.nb.lookup ? { nb: state.nb.lookup } : {}) });
    const result = { view, all, rows: filterRows(all, page.filter) };
    last = { deps, all, filter: page.filter, result };
    return result;
  };
}

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
