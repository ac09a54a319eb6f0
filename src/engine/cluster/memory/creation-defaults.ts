import type { KubeObject } from '../types.js';

/**
 * The status the API server gives some built-in kinds on creation (their create ignores the client's status):
 * a Namespace is Active, a Pod Pending.
 */
export function initialStatus(obj: KubeObject): unknown {
  if (obj.apiVersion !== 'v1') return undefined;
  if (obj.kind === 'Namespace') return { phase: 'Active' };
  if (obj.kind === 'Pod') return { phase: 'Pending' };
  return undefined;
}

/** Kinds whose create keeps the client's status: a kubelet registers its Node with addresses and capacity. */
export function keepsStatusOnCreate(obj: KubeObject): boolean {
  return obj.apiVersion === 'v1' && obj.kind === 'Node';
}
