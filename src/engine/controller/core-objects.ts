import type { KubeObject } from '../cluster/types.js';

/** The fields of core kinds the controller reads. Everything else passes through untouched. */

export interface PodObject extends KubeObject {
  spec?: { nodeName?: string; hostNetwork?: boolean; nodeSelector?: Record<string, string> };
  status?: { phase?: string; podIP?: string };
}

export interface NodeObject extends KubeObject {
  status?: {
    addresses?: { type: string; address: string }[];
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

export interface NamespaceObject extends KubeObject {
  metadata: KubeObject['metadata'];
}

export interface StatefulSetObject extends KubeObject {
  spec?: { replicas?: number; ordinals?: { start?: number } };
}

export function isNodeReady(node: NodeObject): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function nodeInternalIPs(node: NodeObject): string[] {
  return (node.status?.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address);
}

/** The StatefulSet that owns a pod, and the pod's ordinal (numeric suffix of its name). */
export function statefulSetOwner(pod: PodObject): { name: string; ordinal: number } | undefined {
  const owner = pod.metadata.ownerReferences?.find((o) => o.kind === 'StatefulSet');
  if (!owner) return undefined;
  const match = /-(\d+)$/.exec(pod.metadata.name);
  return match ? { name: owner.name, ordinal: Number(match[1]) } : undefined;
}

/** A pod that will not run again (its address can be released). */
export function isPodTerminated(pod: PodObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}
