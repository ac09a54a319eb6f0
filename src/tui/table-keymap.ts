import { describeLines, yamlLines } from '../views/describe-lines.js';
import type { KeyBinding, KeyContext } from './key-bindings.js';
import { drillIn, goBack, moveBy, moveCursor, pageSize } from './navigation.js';
import { currentPage, flash, type TuiStore } from './store.js';
import { actionBindings } from './action-keymap.js';

function openViewer(store: TuiStore, title: string, lines: readonly string[]): void {
  store.setState({ mode: 'viewer', viewer: { title, lines, offset: 0 } });
}

function requireSelection(ctx: KeyContext, what: string): ctx is KeyContext & { selected: { object: NonNullable<KeyContext['selected']>['object'] } } {
  if (ctx.selected?.object) return true;
  flash(ctx.store, `${what}: nothing selected`, 'error');
  return false;
}

const cursor = (ctx: KeyContext) => currentPage(ctx.store.getState()).cursor;

/** Keys of every table view (navigation, modes, YAML, describe, edit), then the action keys. */
export const tableKeymap: readonly KeyBinding[] = [
  { key: 'j', aliases: ['down'], description: 'down', action: (c) => moveBy(c.store, c.rows.length, 1) },
  { key: 'k', aliases: ['up'], description: 'up', action: (c) => moveBy(c.store, c.rows.length, -1) },
  { key: 'pgdn', aliases: ['ctrl-f'], description: 'page down', action: (c) => moveCursor(c.store, c.rows.length, cursor(c) + pageSize(c.store)) },
  { key: 'pgup', aliases: ['ctrl-b'], description: 'page up', action: (c) => moveCursor(c.store, c.rows.length, cursor(c) - pageSize(c.store)) },
  { key: 'g', aliases: ['home'], description: 'top', action: (c) => moveCursor(c.store, c.rows.length, 0) },
  { key: 'G', aliases: ['end'], description: 'bottom', action: (c) => moveCursor(c.store, c.rows.length, c.rows.length - 1) },
  {
    key: 'enter',
    description: 'open',
    hint: true,
    // Views with nothing below a row (nodes, Vlans, the tree …) open the row's description instead.
    action: (c) => {
      if (c.view.drill || !c.selected?.object) return drillIn(c.store, c.selected);
      openViewer(c.store, `describe ${c.selected.key}`, describeLines(c.selected.object, c.store.getState().nb));
    },
  },
  { key: 'esc', description: 'back', hint: true, action: (c) => goBack(c.store) },
  { key: ':', description: 'command', hint: true, action: (c) => c.store.setState({ mode: 'command', input: '' }) },
  { key: '/', description: 'filter', hint: true, action: (c) => c.store.setState({ mode: 'filter', input: currentPage(c.store.getState()).filter }) },
  { key: '?', description: 'help', hint: true, action: (c) => c.store.setState({ mode: 'help' }) },
  {
    key: 'd',
    description: 'describe',
    hint: true,
    action: (c) => {
      if (requireSelection(c, 'describe') && c.selected.object) openViewer(c.store, `describe ${c.selected.key}`, describeLines(c.selected.object, c.store.getState().nb));
    },
  },
  { key: 'p', description: 'detail pane', hint: true, action: (c) => c.store.setState((s) => ({ detailPane: !s.detailPane })) },
  {
    key: 'y',
    description: 'yaml',
    hint: true,
    action: (c) => {
      if (requireSelection(c, 'yaml') && c.selected.object) openViewer(c.store, `yaml ${c.selected.key}`, yamlLines(c.selected.object));
    },
  },
  {
    key: 'e',
    description: 'edit',
    writes: true,
    hint: true,
    action: (c) => {
      if (requireSelection(c, 'edit') && c.selected.object) c.store.setState({ editRequest: c.selected.object });
    },
  },
  ...actionBindings,
  { key: 'ctrl-c', description: 'quit', action: (c) => c.store.setState({ quit: true }) },
];
