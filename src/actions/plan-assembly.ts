/**
 * Turns an action's draft (the object changes, the snapshot before and after) into a `Plan`: the OVN part is
 * the difference between the controller's desired Northbound for both snapshots; `apply()` writes the changes
 * in order and waits for the controller's verdict.
 */
import { isApiError } from '../engine/cluster/api-error.js';
import { desiredNorthbound } from '../engine/controller/desired/desired-northbound.js';
import { ActionConflictError } from './action-errors.js';
import type { ActionContext, ObjectChange, Outcome, Plan } from './action-types.js';
import { awaitOutcome, type OutcomeWatch } from './await-outcome.js';
import { applyObjectChange } from './apply-change.js';
import { networkNames, type ClusterSnapshot } from './cluster-snapshot.js';
import { diffNorthbound } from './northbound-diff.js';
import { clusterViewOf } from './snapshot-cluster-view.js';

export interface PlanDraft {
  readonly title: string;
  readonly destructive?: boolean;
  /** Written in this order (e.g. the new Vlan before the Subnet that uses it). */
  readonly changes: readonly ObjectChange[];
  readonly before: ClusterSnapshot;
  readonly after: ClusterSnapshot;
  readonly warnings?: readonly string[];
  readonly watch: OutcomeWatch;
}

const DEFAULT_OUTCOME_TIMEOUT_MS = 30_000;

/** The Northbound lines a change from `before` to `after` causes (pure). */
export function ovnChangesBetween(before: ClusterSnapshot, after: ClusterSnapshot, ctx: Pick<ActionContext, 'names'>): string[] {
  const names = networkNames(ctx);
  return diffNorthbound(desiredNorthbound(clusterViewOf(before, names)), desiredNorthbound(clusterViewOf(after, names)));
}

/** The outcome of a refused write; `written` are the plan's earlier changes, which stay (say so). */
function failedWrite(err: unknown, written: readonly ObjectChange[]): Outcome {
  const kept = written.length > 0 ? ` (already written and kept: ${written.map((c) => `${c.op} ${c.kind}/${c.name}`).join(', ')})` : '';
  if (err instanceof ActionConflictError) return { ok: false, reason: 'Conflict', message: `${err.message}${kept}` };
  if (isApiError(err)) {
    const causes = err.causes.map((c) => c.message).filter((m) => m && !err.message.includes(m));
    return { ok: false, reason: err.reason, message: `${[err.message, ...causes].join('; ')}${kept}` };
  }
  throw err;
}

async function applyDraft(ctx: ActionContext, draft: PlanDraft): Promise<Outcome> {
  if (draft.changes.length === 0) return { ok: true, reason: 'Unchanged', message: 'nothing to change' };
  const startedAt = new Date();
  const written: ObjectChange[] = [];
  let generation: number | undefined;
  try {
    for (const change of draft.changes) {
      const object = await applyObjectChange(ctx.cluster, change);
      if (object && change.kind === draft.watch.kind && change.name === draft.watch.name) generation = object.metadata.generation;
      written.push(change);
    }
  } catch (err) {
    return failedWrite(err, written);
  }
  return awaitOutcome(ctx.cluster, draft.watch, startedAt, ctx.outcomeTimeoutMs ?? DEFAULT_OUTCOME_TIMEOUT_MS, generation);
}

export function assemblePlan(ctx: ActionContext, draft: PlanDraft): Plan {
  return {
    title: draft.title,
    destructive: draft.destructive ?? false,
    objectChanges: draft.changes,
    ovnChanges: ovnChangesBetween(draft.before, draft.after, ctx),
    warnings: [...(draft.warnings ?? []), ...(draft.changes.length === 0 ? ['nothing to change: the objects already say this'] : [])],
    apply: () => applyDraft(ctx, draft),
  };
}
