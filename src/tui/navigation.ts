import { findView } from '../views/view-registry.js';
import type { TableRow } from '../views/view-types.js';
import { tableHeight } from './layout.js';
import { currentPage, flash, updatePage, type TuiStore } from './store.js';

/** Moves the cursor to `target` (clamped to the rows). */
export function moveCursor(store: TuiStore, rowCount: number, target: number): void {
  const cursor = Math.max(0, Math.min(rowCount - 1, target));
  const offset = windowStart(cursor, pageSize(store), rowCount, currentPage(store.getState()).offset ?? 0);
  updatePage(store, { cursor, offset });
}

export function moveBy(store: TuiStore, rowCount: number, delta: number): void {
  moveCursor(store, rowCount, currentPage(store.getState()).cursor + delta);
}

export function pageSize(store: TuiStore): number {
  return tableHeight(store.getState());
}

/** The first visible row such that the cursor is on screen, keeping the previous window when it still fits. */
export function windowStart(cursor: number, height: number, rowCount: number, previous = 0): number {
  let start = Math.min(previous, Math.max(0, rowCount - height));
  if (cursor < start) start = cursor;
  if (cursor >= start + height) start = cursor - height + 1;
  return Math.max(0, start);
}

/** Enter: opens the page the row leads to (VPC → its subnets → their ports). */
export function drillIn(store: TuiStore, row: TableRow | undefined): void {
  if (!row) return;
  const view = findView(currentPage(store.getState()).view);
  const next = view?.drill?.(row);
  if (!next) {
    flash(store, `${view?.title ?? 'this view'}: nothing to open below ${row.key}`);
    return;
  }
  store.setState((s) => ({ pages: [...s.pages, { view: next.view, scope: next.scope, cursor: 0, filter: '' }] }));
}

/** Esc: clears the filter first, then pops the page stack. */
export function goBack(store: TuiStore): void {
  const state = store.getState();
  if (currentPage(state).filter) return updatePage(store, { filter: '', cursor: 0 });
  if (state.pages.length > 1) store.setState({ pages: state.pages.slice(0, -1) });
}

/** Opens a view as a new stack root (`:subnet` starts over, as in k9s). */
export function openView(store: TuiStore, name: string): boolean {
  const view = findView(name);
  if (!view) return false;
  store.setState({ pages: [{ view: view.name, cursor: 0, filter: '' }] });
  return true;
}
