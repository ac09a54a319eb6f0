/**
 * After an apply: polls the main object until the controller has a verdict. Success is `Ready=True` (with the
 * message the controller writes for the new state, when the action knows it) or, for a delete, the object
 * gone. Failure is `Ready=False` written after the apply; its message names the field.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Condition } from '../engine/cluster/kinds/conditions.js';
import { findCondition, kubeTime } from '../engine/cluster/kinds/conditions.js';
import type { ClusterApi, KubeObject } from '../engine/cluster/types.js';
import type { Outcome } from './action-types.js';

/** What the action waits for after writing. */
export interface OutcomeWatch {
  readonly kind: string;
  readonly name: string;
  readonly expect: 'ready' | 'gone';
  /** The Ready message the controller writes for the new state (e.g. `underlay (vlan v1) subnet ready`). */
  readonly readyMessage?: string;
  /** Extra success check on the object (e.g. the active gateway is one of the new nodes). */
  readonly accept?: (object: KubeObject) => boolean;
}

/** Ready's `observedGeneration`, when the controller writes one, must reach the generation the apply wrote. */
function observedTooOld(ready: Condition, generation: number | undefined): boolean {
  return ready.observedGeneration !== undefined && generation !== undefined && ready.observedGeneration < generation;
}

const POLL_MS = 100;

function conditionsOf(o: KubeObject | undefined): Condition[] {
  return ((o?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []);
}

/** The events about the object written at or after `since` (RFC 3339, second precision). */
async function eventsSince(cluster: ClusterApi, watch: OutcomeWatch, since: string): Promise<string[]> {
  try {
    // Events about cluster-scoped objects (all kinds actions watch) live in `default`.
    const { items } = await cluster.list('Event', { namespace: 'default' });
    return items
      .filter((e) => {
        const involved = (e.involvedObject ?? {}) as { kind?: string; name?: string };
        const at = String(e.lastTimestamp ?? e.firstTimestamp ?? '');
        return involved.kind === watch.kind && involved.name === watch.name && at >= since;
      })
      .map((e) => `${String(e.type)} ${String(e.reason)}: ${String(e.message)}`);
  } catch {
    return []; // events are a courtesy; the verdict stands without them
  }
}

function verdict(watch: OutcomeWatch, object: KubeObject | undefined, since: string, generation?: number): Omit<Outcome, 'events'> | undefined {
  if (!object) {
    if (watch.expect === 'gone') return { ok: true, reason: 'Deleted', message: `${watch.kind} ${watch.name} deleted`, confirmed: true };
    return { ok: false, reason: 'NotFound', message: `${watch.kind} ${watch.name} disappeared after the apply` };
  }
  const conditions = conditionsOf(object);
  const ready = findCondition(conditions, 'Ready');
  if (!ready || observedTooOld(ready, generation)) return undefined;
  // Only a failure written after the apply is about this change; an older one may be what it fixes.
  if (ready.status === 'False' && (ready.lastUpdateTime ?? '') >= since) {
    const pending = watch.expect === 'gone' ? ' (the deletion is pending until then)' : '';
    return { ok: false, reason: ready.reason ?? 'NotReady', message: `${ready.message ?? ''}${pending}`, conditions };
  }
  if (watch.expect === 'gone' || ready.status !== 'True') return undefined;
  if (watch.readyMessage !== undefined && ready.message !== watch.readyMessage) return undefined;
  if (watch.accept && !watch.accept(object)) return undefined;
  const confirmed = ready.observedGeneration !== undefined || (ready.lastUpdateTime ?? '') >= since;
  const message = ready.message || `${watch.kind} ${watch.name} is ready`;
  return { ok: true, reason: 'Ready', message: confirmed ? message : `${message} (Ready predates this edit, which does not change it)`, confirmed, conditions };
}

/**
 * Waits up to `timeoutMs` for the controller's verdict on the watched object. `generation` is the object's
 * generation after the apply; it matters once the controller writes `observedGeneration` on Ready.
 */
export async function awaitOutcome(cluster: ClusterApi, watch: OutcomeWatch, startedAt: Date, timeoutMs: number, generation?: number): Promise<Outcome> {
  const since = kubeTime(startedAt);
  const end = Date.now() + timeoutMs;
  let last: KubeObject | undefined;
  for (;;) {
    last = await cluster.get(watch.kind, watch.name);
    const result = verdict(watch, last, since, generation);
    if (result) return { ...result, events: await eventsSince(cluster, watch, since) };
    if (Date.now() >= end) break;
    await sleep(POLL_MS);
  }
  const ready = findCondition(conditionsOf(last), 'Ready');
  const seen = ready ? `last Ready=${ready.status}${ready.reason ? ` ${ready.reason}` : ''}${ready.message ? `: ${ready.message}` : ''}` : 'no Ready condition yet';
  return {
    ok: false,
    reason: 'Timeout',
    message: `written, but the controller gave no verdict on ${watch.kind} ${watch.name} within ${timeoutMs / 1000}s (${seen}); is the controller running?`,
    conditions: conditionsOf(last),
    events: await eventsSince(cluster, watch, since),
  };
}
