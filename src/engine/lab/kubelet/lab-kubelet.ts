import { appendFileSync, existsSync } from 'node:fs';
import type { ClusterApi, KubeObject } from '../../cluster/types.js';
import { isApiError } from '../../cluster/api-error.js';
import { Informer, objectKey } from '../../cluster/informer.js';
import { retryOnConflict } from '../../cluster/kube/retry-on-conflict.js';
import type { PodObject } from '../../controller/core-objects.js';
import type { LabNames } from '../lab-naming.js';
import { createNetns, deleteNetns } from '../netns/network-namespaces.js';
import { invokeCni, type CniCall } from './cni-invocation.js';
import { WorkQueue } from '../../controller/work-queue.js';
import { schedulePod } from './pod-scheduling.js';
import { failedSandboxStatus, runningPodStatus } from './pod-status.js';

/** Holds a pod object until the lab has torn its network down (CNI DEL, namespace deleted). */
export const LAB_POD_FINALIZER = 'kovn.io/lab-pod-network';

export interface LabKubeletNode {
  readonly name: string;
  readonly netns: string;
  readonly ip: string;
  readonly cniSocket: string;
}

export interface LabKubeletOptions {
  readonly cluster: ClusterApi;
  readonly names: LabNames;
  readonly nodes: readonly LabKubeletNode[];
  readonly log: (line: string) => void;
  /** Pods wired at the same time (each CNI ADD is a process). */
  readonly concurrency?: number;
  /** Appends `{"pod","ms"}` per successful CNI ADD to this file (JSON lines; the benchmark reads it). */
  readonly cniTimingsFile?: string;
}

export interface LabKubelet {
  /** Resolves once no pod is being worked on (for tests and benchmarks). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

interface PodSpecFields {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  hostNetwork?: boolean;
}

const netnsPath = (name: string) => `/var/run/netns/${name}`;

/**
 * The lab plays kubelet and scheduler: it binds unscheduled pods to a lab node, gives each pod a network
 * namespace and wires it with the real CNI plugin, reports Running with the pod's IP, and on deletion runs CNI
 * DEL and deletes the namespace before it lets the object go (a finalizer holds it until then).
 */
export async function startLabKubelet(options: LabKubeletOptions): Promise<LabKubelet> {
  const { cluster, names, log } = options;
  const nodesByName = new Map(options.nodes.map((n) => [n.name, n]));
  const pods = new Informer<PodObject>(cluster, 'Pod');
  const nodeObjects = new Informer<KubeObject>(cluster, 'Node');
  /** Pod key → the uid whose sandbox the lab made (a re-created pod of the same name gets a new one). */
  const sandboxes = new Map<string, { uid: string; netns: string; node: LabKubeletNode; pod: PodObject }>();

  const cniCall = (command: CniCall['command'], pod: PodObject, node: LabKubeletNode, netns: string): CniCall => ({
    command,
    containerId: pod.metadata.uid ?? `${pod.metadata.namespace}-${pod.metadata.name}`,
    netnsPath: netnsPath(netns),
    ifName: 'eth0',
    podNamespace: pod.metadata.namespace ?? 'default',
    podName: pod.metadata.name,
    cniSocket: node.cniSocket,
  });

  async function teardown(key: string, current: PodObject | undefined): Promise<void> {
    const sandbox = sandboxes.get(key);
    // A pod removed without our finalizer (forced) is torn down with the object the sandbox was made for.
    const pod = current ?? sandbox?.pod;
    const nodeName = (pod?.spec as PodSpecFields | undefined)?.nodeName;
    const node = sandbox?.node ?? (nodeName ? nodesByName.get(nodeName) : undefined);
    const [ns, name] = key.split('/');
    const netns = sandbox?.netns ?? names.podNetns(ns, name);
    if (node && pod && !(pod.spec as PodSpecFields | undefined)?.hostNetwork) {
      await invokeCni(cniCall('DEL', pod, node, netns)).catch((err: unknown) => log(`CNI DEL ${key}: ${String(err)}`));
    }
    if (!(pod?.spec as PodSpecFields | undefined)?.hostNetwork) await deleteNetns(netns);
    sandboxes.delete(key);
  }

  async function update(pod: PodObject, change: (p: PodObject) => PodObject | undefined): Promise<void> {
    await retryOnConflict(async (attempt) => {
      const current = attempt === 1 ? pod : await cluster.get<PodObject>('Pod', pod.metadata.name, pod.metadata.namespace);
      if (!current) return;
      const next = change(structuredClone(current));
      if (next) await cluster.update(next);
    }, { attempts: 10 });
  }

  async function setStatus(pod: PodObject, status: Record<string, unknown>): Promise<void> {
    await retryOnConflict(async (attempt) => {
      const current = attempt === 1 ? pod : await cluster.get<PodObject>('Pod', pod.metadata.name, pod.metadata.namespace);
      if (!current || current.metadata.uid !== pod.metadata.uid) return;
      await cluster.updateStatus({ ...current, status });
    }, { attempts: 10 });
  }

  function podsPerNode(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const p of pods.list()) {
      const n = (p.spec as PodSpecFields | undefined)?.nodeName;
      if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    return counts;
  }

  async function reconcile(key: string): Promise<void> {
    const pod = pods.get(key);
    if (!pod) {
      if (sandboxes.has(key)) await teardown(key, undefined);
      return;
    }
    const spec = (pod.spec ?? {}) as PodSpecFields;
    const ours = pod.metadata.finalizers?.includes(LAB_POD_FINALIZER) ?? false;
    if (pod.metadata.deletionTimestamp) {
      if (!ours) return;
      await teardown(key, pod);
      await update(pod, (p) => {
        if (!p.metadata.finalizers?.includes(LAB_POD_FINALIZER)) return undefined;
        p.metadata.finalizers = p.metadata.finalizers.filter((f) => f !== LAB_POD_FINALIZER);
        return p;
      }).catch((err: unknown) => {
        if (!isApiError(err, 'NotFound')) throw err;
      });
      return;
    }
    // A sandbox of an older pod with the same name (StatefulSet re-created it) goes first.
    const existing = sandboxes.get(key);
    if (existing && existing.uid !== pod.metadata.uid) await teardown(key, existing.pod);

    if (!spec.nodeName || !ours) {
      const counts = podsPerNode();
      const choice = schedulePod(spec, options.nodes.map((n) => ({ name: n.name, labels: nodeObjects.get(n.name)?.metadata.labels ?? {}, pods: counts.get(n.name) ?? 0 })));
      if ('error' in choice) {
        await cluster.recordEvent({ involved: { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid }, type: 'Warning', reason: 'FailedScheduling', message: choice.error, source: 'kovn-lab' });
        return;
      }
      // Binding and finalizer in one write; the update event brings the pod back here.
      await update(pod, (p) => {
        p.spec = { ...(p.spec as object), nodeName: (p.spec as PodSpecFields | undefined)?.nodeName ?? choice.node };
        p.metadata.finalizers = [...new Set([...(p.metadata.finalizers ?? []), LAB_POD_FINALIZER])];
        return p;
      });
      return;
    }
    const node = nodesByName.get(spec.nodeName);
    if (!node) return;
    const status = pod.status as { phase?: string; podIP?: string } | undefined;
    // A host-network pod shares its node's namespace: no sandbox, no CNI, the node's address.
    if (spec.hostNetwork) {
      if (status?.phase !== 'Running') await setStatus(pod, runningPodStatus({ ips: [{ address: `${node.ip}/32` }] }, node.ip, undefined));
      return;
    }
    const sandbox = sandboxes.get(key);
    if (sandbox && status?.phase === 'Running') return;

    const netns = names.podNetns(pod.metadata.namespace ?? 'default', pod.metadata.name);
    if (!sandbox) {
      if (!existsSync(netnsPath(netns))) await createNetns(netns, { loopbackUp: false });
      sandboxes.set(key, { uid: pod.metadata.uid ?? '', netns, node, pod });
    }
    let result;
    try {
      const started = performance.now();
      result = await invokeCni(cniCall('ADD', pod, node, netns));
      if (options.cniTimingsFile) appendFileSync(options.cniTimingsFile, `${JSON.stringify({ pod: key, ms: Math.round((performance.now() - started) * 10) / 10 })}\n`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await setStatus(pod, failedSandboxStatus(message, node.ip)).catch(() => {});
      await cluster.recordEvent({ involved: { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid }, type: 'Warning', reason: 'FailedCreatePodSandBox', message, source: 'kovn-lab' }).catch(() => {});
      throw err;
    }
    await setStatus(pod, runningPodStatus(result, node.ip, (pod.status as { startTime?: string } | undefined)?.startTime));
  }

  const queue = new WorkQueue(reconcile, {
    workers: options.concurrency ?? 8,
    baseDelayMs: 250,
    maxDelayMs: 10_000,
    onError: (key, err, attempt) => {
      if (attempt === 1 || attempt % 5 === 0) log(`lab kubelet: pod ${key} (attempt ${attempt}): ${err instanceof Error ? err.message : String(err)}`);
    },
  });
  const enqueue = (p: PodObject) => queue.add(objectKey(p));
  pods.on('add', enqueue);
  pods.on('update', enqueue);
  pods.on('delete', enqueue);
  nodeObjects.start();
  pods.start();
  await nodeObjects.waitForSync();
  await pods.waitForSync();

  return {
    idle: () => queue.idle(),
    async stop() {
      queue.stop();
      pods.stop();
      nodeObjects.stop();
      await queue.idle();
    },
  };
}
