import { isDeepStrictEqual } from 'node:util';
import type { ClusterApi, KubeObject, MergePatch } from '../cluster/types.js';
import { isApiError } from '../cluster/api-error.js';

/**
 * Read-modify-write of an object's status through the status subresource: re-reads and retries on a
 * conflict, and skips the write when the status would not change. Resolves to false if the object is gone.
 */
export async function writeStatus<T extends KubeObject>(
  api: ClusterApi,
  kind: string,
  name: string,
  namespace: string | undefined,
  mutate: (status: Record<string, unknown>, obj: T) => Record<string, unknown>,
): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const obj = await api.get<T>(kind, name, namespace);
    if (!obj) return false;
    const before = (obj.status ?? {}) as Record<string, unknown>;
    const after = mutate(structuredClone(before), obj);
    if (isDeepStrictEqual(before, after)) return true;
    try {
      await api.updateStatus({ ...obj, status: after });
      return true;
    } catch (err) {
      if (!isApiError(err, 'Conflict')) throw err;
    }
  }
  throw new Error(`${kind} ${name}: status kept conflicting after 5 attempts`);
}

/** Merge-patches an object's annotations (null removes a key); no write when nothing changes. */
export async function patchAnnotations(
  api: ClusterApi,
  obj: KubeObject,
  annotations: Record<string, string | null>,
): Promise<KubeObject> {
  const current = obj.metadata.annotations ?? {};
  const changed = Object.entries(annotations).some(([k, v]) => (v === null ? k in current : current[k] !== v));
  if (!changed) return obj;
  const patch: MergePatch = { metadata: { annotations } };
  return api.patch(obj.kind, obj.metadata.name, patch, obj.metadata.namespace);
}

/** Adds or removes a finalizer with a merge patch carrying the resourceVersion (a conflict retries). */
export async function setFinalizer(api: ClusterApi, obj: KubeObject, finalizer: string, present: boolean): Promise<void> {
  const list = obj.metadata.finalizers ?? [];
  if (list.includes(finalizer) === present) return;
  const finalizers = present ? [...list, finalizer] : list.filter((f) => f !== finalizer);
  await api.patch(obj.kind, obj.metadata.name, { metadata: { finalizers, resourceVersion: obj.metadata.resourceVersion } }, obj.metadata.namespace);
}
