/**
 * Status conditions in Kube-OVN's shape (`pkg/apis/kubeovn/v1/condition.go`): `Ready`, `Validated`, `Error`,
 * `Init`, each with a reason and message. Pure helpers: they return new arrays and never mutate their input.
 */

export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** The condition types Kube-OVN uses; others are allowed (ProviderNetwork keeps one `Ready` per node). */
export type StandardConditionType = 'Ready' | 'Validated' | 'Error' | 'Init';

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  observedGeneration?: number;
  /** Last time the condition was written. */
  lastUpdateTime?: string;
  /** Last time `status` changed (kept when only reason or message change). */
  lastTransitionTime?: string;
}

/** ProviderNetwork conditions are per node. */
export interface NodeCondition extends Condition {
  node: string;
}

export interface ConditionUpdate {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

/** RFC 3339 at second precision, as Kubernetes serializes metav1.Time. */
export function kubeTime(at: Date = new Date()): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `conditions` with `update` applied: a new condition is appended; an existing one of the same type gets the
 * new status, reason and message, and its `lastTransitionTime` changes only when the status changes.
 * Returns the same array (by identity) when nothing but timestamps would change, so callers can skip a write.
 */
export function setCondition<C extends Condition = Condition>(
  conditions: readonly C[] | undefined,
  update: NoInfer<ConditionUpdate & Partial<C>>,
  now: Date = new Date(),
): C[] {
  const list = conditions ?? [];
  const at = kubeTime(now);
  const matches = (c: C): boolean => c.type === update.type && (!('node' in update) || (c as Partial<NodeCondition>).node === (update as Partial<NodeCondition>).node);
  const index = list.findIndex(matches);
  if (index < 0) return [...list, { ...update, lastUpdateTime: at, lastTransitionTime: at } as C];
  const current = list[index];
  const unchanged =
    current.status === update.status &&
    (current.reason ?? '') === (update.reason ?? '') &&
    (current.message ?? '') === (update.message ?? '') &&
    (update.observedGeneration === undefined || current.observedGeneration === update.observedGeneration);
  if (unchanged) return list as C[];
  const next = {
    ...current,
    ...update,
    lastUpdateTime: at,
    lastTransitionTime: current.status === update.status ? (current.lastTransitionTime ?? at) : at,
  } as C;
  return list.map((c, i) => (i === index ? next : c));
}

/** `conditions` without the condition of `type` (same array when absent). */
export function removeCondition<C extends Condition>(conditions: readonly C[] | undefined, type: string): C[] {
  const list = conditions ?? [];
  return list.some((c) => c.type === type) ? list.filter((c) => c.type !== type) : (list as C[]);
}

export function findCondition<C extends Condition>(conditions: readonly C[] | undefined, type: string): C | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/**
 * Kube-OVN's convention for a reconcile result: `Ready=True` (and `Error` cleared to False) on success,
 * `Ready=False` + `Error=True` with the reason and message on failure. `observedGeneration` (the object's
 * `metadata.generation` the result is about) lets a client tell a fresh verdict from an old one.
 */
export function setReadyResult(
  conditions: readonly Condition[] | undefined,
  ok: boolean,
  reason: string,
  message: string,
  options: { observedGeneration?: number; now?: Date } = {},
): Condition[] {
  const now = options.now ?? new Date();
  const generation = options.observedGeneration === undefined ? {} : { observedGeneration: options.observedGeneration };
  if (ok) {
    const ready = setCondition(conditions, { type: 'Ready', status: 'True', reason, message, ...generation }, now);
    const error = findCondition(ready, 'Error');
    return error && error.status !== 'False' ? setCondition(ready, { type: 'Error', status: 'False', reason, message: '' }, now) : ready;
  }
  const notReady = setCondition(conditions, { type: 'Ready', status: 'False', reason, message, ...generation }, now);
  return setCondition(notReady, { type: 'Error', status: 'True', reason, message }, now);
}
