import type { KindInfo, KubeObject } from '../types.js';
import { invalid } from './api-errors.js';
import { generationRelevant } from './object-metadata.js';

/**
 * The object an update stores, from the stored one and the one the client sent, as the API server builds it:
 * through the status path only `status` changes; through the main path everything but `status` (for kinds
 * with a status subresource) and the server-owned metadata (uid, creationTimestamp, deletionTimestamp,
 * generation), and `generation` goes up when anything outside metadata (and status) changed.
 */
export function updatedObject(
  info: KindInfo,
  current: KubeObject,
  requested: KubeObject,
  path: 'main' | 'status',
  prune: (obj: KubeObject) => KubeObject,
): KubeObject {
  if (path === 'status') {
    const next = { ...current, status: requested.status };
    if (requested.status === undefined) delete next.status;
    return next;
  }
  const next = prune(requested);
  if (info.hasStatus) {
    if (current.status === undefined) delete next.status;
    else next.status = current.status;
  }
  next.metadata = {
    ...requested.metadata,
    namespace: current.metadata.namespace,
    uid: current.metadata.uid,
    creationTimestamp: current.metadata.creationTimestamp,
    deletionTimestamp: current.metadata.deletionTimestamp,
    generation: current.metadata.generation,
    resourceVersion: current.metadata.resourceVersion,
  };
  if (!info.namespaced) delete next.metadata.namespace;
  if (!current.metadata.deletionTimestamp) delete next.metadata.deletionTimestamp;
  if (generationRelevant(next, info.hasStatus) !== generationRelevant(current, info.hasStatus)) {
    next.metadata.generation = (current.metadata.generation ?? 1) + 1;
  }
  return next;
}

/** As the API server: once an object is being deleted, finalizers may only be removed, never added. */
export function checkNoNewFinalizers(info: KindInfo, current: KubeObject, next: KubeObject): void {
  if (!current.metadata.deletionTimestamp) return;
  const added = (next.metadata.finalizers ?? []).filter((f) => !(current.metadata.finalizers ?? []).includes(f));
  if (!added.length) return;
  throw invalid(info, next.metadata.name, [
    { field: 'metadata.finalizers', reason: 'FieldValueForbidden', message: `metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}` },
  ]);
}
