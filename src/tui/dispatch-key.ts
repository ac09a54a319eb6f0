import { findView } from '../views/view-registry.js';
import { applyPendingPlan, discardPendingPlan } from './action-flow.js';
import { formKey } from './form/form-keys.js';
import { routeEditorKey } from './routes/route-editor-keys.js';
import { commandLineKey } from './line-editor.js';
import { bindingsFor, findBinding, type KeyBinding, type KeyContext } from './key-bindings.js';
import { bodyHeight } from './layout.js';
import { completeCommand, historyStep, runCommand } from './command-line.js';
import type { PageRows } from './page-rows.js';
import type { KeyPress } from './key-name.js';
import { currentPage, flash, updatePage, type TuiStore } from './store.js';
import { tableKeymap } from './table-keymap.js';

/** The table keys in force for the current view (read-only mode applied). */
export function activeBindings(store: TuiStore): KeyBinding[] {
  const state = store.getState();
  return bindingsFor(tableKeymap, findView(currentPage(state).view)?.name ?? '', state.readonly);
}

/**
 * Routes one key by mode (normal, `:` command, `/` filter, help, viewer, confirm, form, route editor). Everything reads and writes through the store, so a key that arrives before React
 * re-subscribed the input handler still sees the current state.
 */
export function dispatchKey(store: TuiStore, press: KeyPress, pageRows: (store: TuiStore) => PageRows): void {
  const state = store.getState();
  const key = press.name;
  if (key === 'ctrl-c') return store.setState({ quit: true });
  switch (state.mode) {
    case 'command':
      return commandKey(store, press);
    case 'filter':
      return filterKey(store, press);
    case 'help':
      if (key === 'esc' || key === '?' || key === 'q' || key === 'enter') store.setState({ mode: 'normal' });
      return;
    case 'viewer':
      return viewerKey(store, key);
    case 'form':
      return formKey(store, press);
    case 'routes':
      return routeEditorKey(store, press);
    case 'confirm':
      if (key === 'y' || key === 'Y') state.confirm?.run();
      store.setState({ mode: 'normal', confirm: undefined });
      if (key !== 'y' && key !== 'Y') flash(store, 'cancelled');
      return;
    default:
      return normalKey(store, key, pageRows);
  }
}

function normalKey(store: TuiStore, key: string, pageRows: (store: TuiStore) => PageRows): void {
  const binding = findBinding(activeBindings(store), key);
  if (!binding) {
    const all = findBinding(tableKeymap, key);
    if (all?.writes && store.getState().readonly) flash(store, `read-only mode: "${all.description}" is disabled`, 'error');
    return;
  }
  const { view, rows } = pageRows(store);
  const page = currentPage(store.getState());
  const ctx: KeyContext = { store, view, rows, selected: rows[Math.min(page.cursor, rows.length - 1)] };
  if (binding.dangerous) {
    const question = `${binding.description} ${ctx.selected?.key ?? ''}? press y to confirm, any other key cancels`;
    store.setState({ mode: 'confirm', confirm: { question, run: () => binding.action(ctx) } });
    return;
  }
  binding.action(ctx);
}

function commandKey(store: TuiStore, press: KeyPress): void {
  const { input, history } = store.getState();
  const key = press.name;
  if (key === 'enter') return runCommand(store, input);
  if (key === 'esc') return store.setState({ mode: 'normal', input: '' });
  if (key === 'tab') return store.setState({ input: completeCommand(input) });
  if (key === 'up' || key === 'down') return store.setState({ input: historyStep(history, input, key === 'up' ? -1 : 1) });
  const next = commandLineKey(input, press);
  if (next !== undefined) store.setState({ input: next });
}

function filterKey(store: TuiStore, press: KeyPress): void {
  const { input } = store.getState();
  const key = press.name;
  if (key === 'enter') return store.setState({ mode: 'normal' });
  if (key === 'esc') {
    store.setState({ mode: 'normal', input: '' });
    return updatePage(store, { filter: '', cursor: 0, offset: 0 });
  }
  const next = commandLineKey(input, press);
  if (next === undefined) return;
  store.setState({ input: next });
  updatePage(store, { filter: next, cursor: 0, offset: 0 });
}

function viewerKey(store: TuiStore, key: string): void {
  const { viewer } = store.getState();
  if (!viewer) return store.setState({ mode: 'normal' });
  const height = bodyHeight(store.getState());
  const max = Math.max(0, viewer.lines.length - height);
  const moves: Record<string, number> = { j: 1, down: 1, k: -1, up: -1, pgdn: height, pgup: -height, g: -Infinity, home: -Infinity, G: Infinity, end: Infinity };
  if (key === 'a' && store.getState().pendingPlan) return applyPendingPlan(store);
  if (key === 'esc' || key === 'q' || key === 'y' || key === 'd') {
    if (store.getState().pendingPlan) return discardPendingPlan(store);
    return store.setState({ mode: 'normal', viewer: undefined });
  }
  const delta = moves[key];
  if (delta !== undefined) store.setState({ viewer: { ...viewer, offset: Math.max(0, Math.min(max, viewer.offset + delta)) } });
}
