import { planVpcRoutes } from '../../actions/index.js';
import type { Vpc } from '../../engine/cluster/kinds/kubeovn-types.js';
import { planAndShow, storeSnapshot } from '../action-flow.js';
import { openForm } from '../form/form-keys.js';
import type { KeyPress } from '../key-name.js';
import { bodyHeight } from '../layout.js';
import { flash, type TuiStore } from '../store.js';
import { draftOf, hasEdits, routeRows, toggleRow } from './route-draft.js';
import { policyRouteForm, staticRouteForm } from './route-forms.js';

/** Opens the route editor on a VPC: its static and policy routes, edited as a draft until planned. */
export function openRouteEditor(store: TuiStore, vpc: Vpc): void {
  store.setState({ mode: 'routes', routeDraft: draftOf(vpc) });
}

export const ROUTE_EDITOR_HINTS = '<s> add static route  <p> add policy route  <x> remove/restore  <enter> plan  <esc> discard edits';

/** Plans the draft: the VPC's route lists replaced by the edited ones. */
function planDraft(store: TuiStore): void {
  const draft = store.getState().routeDraft;
  if (!draft) return;
  if (!hasEdits(draft)) return flash(store, 'routes: no edits to plan (s / p add a route, x removes one)');
  const input = { vpc: draft.vpc, staticRoutes: draft.staticRoutes, policyRoutes: draft.policyRoutes };
  planAndShow(store, `routes of ${draft.vpc}`, (ctx) => planVpcRoutes(ctx, input));
}

/** Keys of the route editor; every handler reads the draft from the store. */
export function routeEditorKey(store: TuiStore, press: KeyPress): void {
  const draft = store.getState().routeDraft;
  if (!draft) return store.setState({ mode: 'normal' });
  const rows = routeRows(draft);
  const move = (cursor: number) => store.setState({ routeDraft: { ...draft, cursor: Math.max(0, Math.min(rows.length - 1, cursor)) } });
  switch (press.name) {
    case 'esc':
      store.setState({ mode: 'normal', routeDraft: undefined });
      return flash(store, hasEdits(draft) ? 'route edits discarded, nothing written' : 'routes: closed');
    case 'j':
    case 'down':
      return move(draft.cursor + 1);
    case 'k':
    case 'up':
      return move(draft.cursor - 1);
    case 'pgdn':
      return move(draft.cursor + bodyHeight(store.getState()));
    case 'pgup':
      return move(draft.cursor - bodyHeight(store.getState()));
    case 's':
      return openForm(store, staticRouteForm(draft, storeSnapshot(store)));
    case 'p':
      return openForm(store, policyRouteForm(draft, storeSnapshot(store)));
    case 'x':
    case 'backspace': {
      const row = rows[Math.min(draft.cursor, rows.length - 1)];
      if (row) store.setState({ routeDraft: { ...toggleRow(draft, row), cursor: draft.cursor } });
      return;
    }
    case 'enter':
    case 'ctrl-s':
      return planDraft(store);
  }
}
