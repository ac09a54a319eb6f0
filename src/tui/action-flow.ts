import { ActionValidationError, formatPlan, snapshotOf, type ActionContext, type ClusterSnapshot, type Plan, type SnapshotKind } from '../actions/index.js';
import { flash, type TuiStore } from './store.js';

/** Actions read the informer-fed store instead of listing the cluster again. */
export function actionContext(store: TuiStore): ActionContext | undefined {
  const { cluster, outcomeTimeoutMs } = store.getState();
  if (!cluster) return undefined;
  const read = async (kind: SnapshotKind) => [...(store.getState().objects[kind]?.values() ?? [])];
  return { cluster, read, ...(outcomeTimeoutMs !== undefined ? { outcomeTimeoutMs } : {}) };
}

/** One error line for the flash: validation issues name field, value and conflicting object. */
export function actionErrorText(err: unknown): string {
  if (err instanceof ActionValidationError) {
    return `${err.kind} "${err.objectName}": ${err.issues.map((i) => `${i.message}${i.conflictsWith ? ` [${i.conflictsWith}]` : ''}`).join('; ')}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Plans an action and shows the plan (objects and OVN rows it changes) in the viewer; `a` applies it. Nothing
 * is written before that. Called from a form or the route editor, Esc on the plan (or a planning error) goes
 * back there with the values kept.
 */
export function planAndShow(store: TuiStore, what: string, plan: (ctx: ActionContext) => Promise<Plan>): void {
  const ctx = actionContext(store);
  const mode = store.getState().mode;
  const origin = mode === 'form' || mode === 'routes' ? mode : undefined;
  if (!ctx) return flash(store, `${what}: no cluster to write to`, 'error');
  flash(store, `${what}: planning…`);
  setFormStatus(store, origin, { text: 'planning…', level: 'info' });
  plan(ctx).then(
    (p) => {
      const lines = formatPlan(p).trimEnd().split('\n');
      store.setState({
        mode: 'viewer',
        pendingPlan: p,
        planOrigin: origin,
        viewer: { title: `plan: ${p.title}  — <a> apply, <esc> ${origin ? 'back to edit' : 'cancel'}`, lines, offset: 0 },
        flash: { text: `${what}: review the plan, <a> applies it`, level: 'info' },
      });
    },
    (err: unknown) => {
      flash(store, `${what}: ${actionErrorText(err)}`, 'error');
      setFormStatus(store, origin, { text: actionErrorText(err), level: 'error' });
    },
  );
}

function setFormStatus(store: TuiStore, origin: 'form' | 'routes' | undefined, status: { text: string; level: 'info' | 'error' }): void {
  const form = store.getState().form;
  if (origin === 'form' && form) store.setState({ form: { ...form, status } });
}

/** Esc on a plan: nothing written; back to the form or route editor it came from, else the table. */
export function discardPendingPlan(store: TuiStore): void {
  const { planOrigin, form, routeDraft } = store.getState();
  const back = (planOrigin === 'form' && form) || (planOrigin === 'routes' && routeDraft) ? planOrigin : 'normal';
  store.setState({ mode: back, viewer: undefined, pendingPlan: undefined, planOrigin: undefined });
  if (back === 'form' && form) store.setState({ form: { ...form, status: { text: 'plan discarded, nothing written: edit and plan again', level: 'info' } } });
  flash(store, 'plan discarded, nothing written');
}

/** Applies the plan on screen and reports the controller's verdict on the flash line. */
export function applyPendingPlan(store: TuiStore): void {
  const plan = store.getState().pendingPlan;
  if (!plan) return;
  store.setState({ mode: 'normal', viewer: undefined, pendingPlan: undefined, planOrigin: undefined, form: undefined, routeDraft: undefined, flash: { text: `${plan.title}: applying…`, level: 'info' } });
  plan.apply().then(
    (o) => flash(store, `${plan.title}: ${o.ok ? 'done' : 'failed'} (${o.reason}) ${o.message}`, o.ok ? 'info' : 'error'),
    (err: unknown) => flash(store, `${plan.title}: ${actionErrorText(err)}`, 'error'),
  );
}

/** The store's objects as an action snapshot (no API call), for as-you-type checks. */
export function storeSnapshot(store: TuiStore): ClusterSnapshot {
  const list = <T>(kind: string) => [...(store.getState().objects[kind]?.values() ?? [])] as unknown as T[];
  return snapshotOf({ subnets: list('Subnet'), vpcs: list('Vpc'), vlans: list('Vlan'), providerNetworks: list('ProviderNetwork'), nodes: list('Node'), pods: list('Pod') });
}
