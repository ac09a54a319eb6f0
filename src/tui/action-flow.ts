import { ActionValidationError, formatPlan, snapshotOf, type ActionContext, type ClusterSnapshot, type Plan, type SnapshotKind } from '../actions/index.js';
import { flash, type TuiStore } from './store.js';

/** Actions read the informer-fed store instead of listing the cluster again. */
export function actionContext(store: TuiStore): ActionContext | undefined {
  const cluster = store.getState().cluster;
  if (!cluster) return undefined;
  return { cluster, read: async (kind: SnapshotKind) => [...(store.getState().objects[kind]?.values() ?? [])] };
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
 * is written before that.
 */
export function planAndShow(store: TuiStore, what: string, plan: (ctx: ActionContext) => Promise<Plan>): void {
  const ctx = actionContext(store);
  if (!ctx) return flash(store, `${what}: no cluster to write to`, 'error');
  flash(store, `${what}: planning…`);
  plan(ctx).then(
    (p) => {
      const lines = formatPlan(p).trimEnd().split('\n');
      store.setState({ mode: 'viewer', pendingPlan: p, viewer: { title: `plan: ${p.title}  — <a> apply, <esc> cancel`, lines, offset: 0 }, flash: { text: `${what}: review the plan, <a> applies it`, level: 'info' } });
    },
    (err: unknown) => flash(store, `${what}: ${actionErrorText(err)}`, 'error'),
  );
}

/** Applies the plan on screen and reports the controller's verdict on the flash line. */
export function applyPendingPlan(store: TuiStore): void {
  const plan = store.getState().pendingPlan;
  if (!plan) return;
  store.setState({ mode: 'normal', viewer: undefined, pendingPlan: undefined, flash: { text: `${plan.title}: applying…`, level: 'info' } });
  plan.apply().then(
    (o) => flash(store, `${plan.title}: ${o.ok ? 'done' : 'failed'} (${o.reason}) ${o.message}`, o.ok ? 'info' : 'error'),
    (err: unknown) => flash(store, `${plan.title}: ${actionErrorText(err)}`, 'error'),
  );
}

/** Asks for one line of input on the bottom line. */
export function ask(store: TuiStore, question: string, submit: (text: string) => void, check?: (text: string) => string): void {
  store.setState({ mode: 'prompt', input: '', prompt: { question, submit, ...(check ? { check } : {}) } });
}

/** The store's objects as an action snapshot (no API call), for as-you-type checks. */
export function storeSnapshot(store: TuiStore): ClusterSnapshot {
  const list = <T>(kind: string) => [...(store.getState().objects[kind]?.values() ?? [])] as unknown as T[];
  return snapshotOf({ subnets: list('Subnet'), vpcs: list('Vpc'), vlans: list('Vlan'), providerNetworks: list('ProviderNetwork'), nodes: list('Node'), pods: list('Pod') });
}
