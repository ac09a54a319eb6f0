/**
 * Writes one planned change with optimistic concurrency. An update re-reads the object: if its spec is no
 * longer the one the plan was made from, that is a conflict (someone else edited it); otherwise only the
 * planned fields are merge-patched, carrying the resourceVersion just read, so a write that slips in between
 * is a 409 Conflict too. Status-only writes by the controller do not count as conflicts.
 */
import { isDeepStrictEqual } from 'node:util';
import { isApiError } from '../engine/cluster/api-error.js';
import type { ClusterApi, KubeObject } from '../engine/cluster/types.js';
import { ActionConflictError } from './action-errors.js';
import type { ObjectChange } from './action-types.js';
import { diffFields, mergePatchBetween } from './object-diff.js';

function specOf(o: KubeObject | undefined): Record<string, unknown> {
  return (o?.spec ?? {}) as Record<string, unknown>;
}

async function readUnchanged(cluster: ClusterApi, change: ObjectChange): Promise<KubeObject | undefined> {
  const current = await cluster.get(change.kind, change.name, change.before?.metadata.namespace);
  if (!current) return undefined;
  if (!isDeepStrictEqual(specOf(current), specOf(change.before))) {
    const fields = diffFields(change.before?.spec, current.spec, 'spec');
    throw new ActionConflictError(change.kind, change.name, fields, `was changed by someone else since the plan (${fields.join('; ')})`);
  }
  return current;
}

async function applyUpdate(cluster: ClusterApi, change: ObjectChange): Promise<KubeObject> {
  const current = await readUnchanged(cluster, change);
  if (!current) throw new ActionConflictError(change.kind, change.name, [], 'was deleted since the plan');
  const spec = mergePatchBetween(specOf(change.before), specOf(change.after));
  try {
    return await cluster.patch(change.kind, change.name, { metadata: { resourceVersion: current.metadata.resourceVersion }, spec }, current.metadata.namespace);
  } catch (err) {
    if (isApiError(err, 'Conflict')) throw new ActionConflictError(change.kind, change.name, [], 'was changed by someone else while writing');
    throw err;
  }
}

async function applyCreate(cluster: ClusterApi, change: ObjectChange): Promise<KubeObject> {
  try {
    return await cluster.create(change.after!);
  } catch (err) {
    if (isApiError(err, 'AlreadyExists')) throw new ActionConflictError(change.kind, change.name, [], 'was created by someone else since the plan');
    throw err;
  }
}

async function applyDelete(cluster: ClusterApi, change: ObjectChange): Promise<undefined> {
  const current = await readUnchanged(cluster, change);
  if (!current) return undefined; // already gone: what the plan wanted
  try {
    await cluster.delete(change.kind, change.name, current.metadata.namespace);
  } catch (err) {
    if (!isApiError(err, 'NotFound')) throw err;
  }
  return undefined;
}

/**
 * Writes one change and returns the object as written (undefined for a delete); throws `ActionConflictError`
 * on a concurrent edit, `ApiError` when the API refuses.
 */
export async function applyObjectChange(cluster: ClusterApi, change: ObjectChange): Promise<KubeObject | undefined> {
  if (change.op === 'create') return applyCreate(cluster, change);
  if (change.op === 'update') return applyUpdate(cluster, change);
  return applyDelete(cluster, change);
}
