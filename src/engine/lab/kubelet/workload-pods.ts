import { createHash, randomBytes } from 'node:crypto';
import type { KubeObject, OwnerReference } from '../../cluster/types.js';

/** The fields of Deployments and StatefulSets the lab reads. */
export interface WorkloadObject extends KubeObject {
  spec?: {
    replicas?: number;
    ordinals?: { start?: number };
    template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
  };
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' safe alphabet (no vowels, no look-alikes), as in generated names. */
function safeString(bytes: Buffer, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMS[bytes[i % bytes.length] % ALPHANUMS.length];
  return out;
}

/** `pod-template-hash`: stable for one template, different when it changes. */
export function templateHash(workload: WorkloadObject): string {
  return safeString(createHash('sha256').update(JSON.stringify(workload.spec?.template ?? {})).digest(), 10);
}

function ownerReference(workload: WorkloadObject): OwnerReference {
  return { apiVersion: 'apps/v1', kind: workload.kind, name: workload.metadata.name, uid: workload.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

function podFromTemplate(workload: WorkloadObject, name: string, extraLabels: Record<string, string>): KubeObject {
  const template = workload.spec?.template ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: workload.metadata.namespace ?? 'default',
      labels: { ...(template.metadata?.labels ?? {}), ...extraLabels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [ownerReference(workload)],
    },
    spec: structuredClone(template.spec ?? { containers: [{ name: 'main', image: 'kovn-lab' }] }),
  };
}

/** A Deployment's pod: `<name>-<template hash>-<5 random>` (the lab keeps no ReplicaSet in between). */
export function deploymentPod(deployment: WorkloadObject, random = randomBytes(5)): KubeObject {
  const hash = templateHash(deployment);
  return podFromTemplate(deployment, `${deployment.metadata.name}-${hash}-${safeString(random, 5)}`, { 'pod-template-hash': hash });
}

/** A StatefulSet's pod: the stable `<name>-<ordinal>`. */
export function statefulSetPod(sts: WorkloadObject, ordinal: number): KubeObject {
  const name = `${sts.metadata.name}-${ordinal}`;
  return podFromTemplate(sts, name, { 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(ordinal) });
}

/** The ordinals a StatefulSet wants: `[start, start + replicas)`. */
export function wantedOrdinals(sts: WorkloadObject): number[] {
  const start = sts.spec?.ordinals?.start ?? 0;
  const replicas = sts.spec?.replicas ?? 1;
  return Array.from({ length: Math.max(0, replicas) }, (_, i) => start + i);
}
