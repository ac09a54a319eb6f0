import type { ClusterApi, KubeObject } from '../../cluster/types.js';
import { isApiError } from '../../cluster/api-error.js';
import { Informer, objectKey } from '../../cluster/informer.js';
import { WorkQueue } from '../../controller/work-queue.js';
import { deploymentPod, statefulSetPod, templateHash, wantedOrdinals, type WorkloadObject } from './workload-pods.js';

export interface WorkloadControllers {
  stop(): Promise<void>;
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet'] as const;
type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

const isRunning = (p: KubeObject) => (p.status as { phase?: string } | undefined)?.phase === 'Running';

/**
 * The lab's Deployment and StatefulSet controllers: they keep each workload's pods at `spec.replicas` and report
 * replica counts. Deleting a workload deletes its pods through the store's garbage collector (owner references).
 */
export async function startWorkloadControllers(cluster: ClusterApi, log: (line: string) => void): Promise<WorkloadControllers> {
  const pods = new Informer<KubeObject>(cluster, 'Pod');
  const informers = {
    Deployment: new Informer<WorkloadObject>(cluster, 'Deployment'),
    StatefulSet: new Informer<WorkloadObject>(cluster, 'StatefulSet'),
  };

  /** Pods created but not yet seen by the informer (`ns/name` → owner uid): counted so a quick second pass does not create them twice. */
  const pendingCreates = new Map<string, string>();
  const ownedPods = (w: WorkloadObject) =>
    pods.list().filter((p) => p.metadata.namespace === w.metadata.namespace && p.metadata.ownerReferences?.some((o) => o.uid === w.metadata.uid && o.controller));

  const deleteQuietly = (p: KubeObject) =>
    cluster.delete('Pod', p.metadata.name, p.metadata.namespace).catch((err: unknown) => {
      if (!isApiError(err, 'NotFound')) throw err;
    });
  const createQuietly = (p: KubeObject) =>
    cluster.create(p).catch((err: unknown) => {
      if (!isApiError(err, 'AlreadyExists')) throw err;
    });

  async function reconcileDeployment(d: WorkloadObject): Promise<KubeObject[]> {
    const hash = templateHash(d);
    const live = ownedPods(d).filter((p) => !p.metadata.deletionTimestamp);
    // A changed template replaces the pods (the lab does no rolling update).
    const stale = live.filter((p) => p.metadata.labels?.['pod-template-hash'] !== hash);
    await Promise.all(stale.map(deleteQuietly));
    const seen = new Set(live.map((p) => p.metadata.name));
    const inFlight = [...pendingCreates].filter(([k, uid]) => uid === d.metadata.uid && !seen.has(k.split('/')[1])).length;
    const current = live.filter((p) => !stale.includes(p)).sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
    const want = d.spec?.replicas ?? 1;
    if (current.length > want) await Promise.all(current.slice(want).map(deleteQuietly));
    for (let i = current.length + inFlight; i < want; i++) {
      const pod = deploymentPod(d);
      pendingCreates.set(objectKey(pod), d.metadata.uid ?? '');
      await createQuietly(pod).catch((err: unknown) => {
        pendingCreates.delete(objectKey(pod));
        throw err;
      });
    }
    return current.slice(0, want);
  }

  async function reconcileStatefulSet(sts: WorkloadObject): Promise<KubeObject[]> {
    const wanted = new Set(wantedOrdinals(sts).map((o) => `${sts.metadata.name}-${o}`));
    const owned = ownedPods(sts);
    // Scale down from the highest ordinal, as the StatefulSet controller does.
    const extra = owned.filter((p) => !wanted.has(p.metadata.name) && !p.metadata.deletionTimestamp);
    await Promise.all(extra.map(deleteQuietly));
    const byName = new Map(pods.list().filter((p) => p.metadata.namespace === sts.metadata.namespace).map((p) => [p.metadata.name, p]));
    for (const ordinal of wantedOrdinals(sts)) {
      const name = `${sts.metadata.name}-${ordinal}`;
      // A pod still being torn down keeps its name: the update that removes it brings us back here.
      if (!byName.has(name)) await createQuietly(statefulSetPod(sts, ordinal));
    }
    return owned.filter((p) => wanted.has(p.metadata.name) && !p.metadata.deletionTimestamp);
  }

  async function reconcile(key: string): Promise<void> {
    const [kind, ...rest] = key.split('/') as [WorkloadKind, string, string];
    const workload = informers[kind].get(rest.join('/'));
    if (!workload || workload.metadata.deletionTimestamp) return;
    const live = kind === 'Deployment' ? await reconcileDeployment(workload) : await reconcileStatefulSet(workload);
    const ready = live.filter(isRunning).length;
    const status = { observedGeneration: workload.metadata.generation ?? 1, replicas: live.length, readyReplicas: ready, availableReplicas: ready, ...(kind === 'Deployment' ? { updatedReplicas: live.length } : { currentReplicas: live.length, updatedReplicas: live.length }) };
    const old = (workload.status ?? {}) as Record<string, unknown>;
    if (Object.entries(status).every(([k, v]) => old[k] === v)) return;
    const fresh = await cluster.get<WorkloadObject>(kind, workload.metadata.name, workload.metadata.namespace);
    if (fresh) await cluster.updateStatus({ ...fresh, status: { ...(fresh.status as object), ...status } });
  }

  const queue = new WorkQueue(reconcile, {
    workers: 2,
    baseDelayMs: 100,
    maxDelayMs: 5_000,
    onError: (key, err, attempt) => {
      if (attempt === 1 || attempt % 5 === 0) log(`lab workloads: ${key} (attempt ${attempt}): ${err instanceof Error ? err.message : String(err)}`);
    },
  });
  for (const kind of WORKLOAD_KINDS) {
    const enqueue = (w: WorkloadObject) => queue.add(`${kind}/${objectKey(w)}`);
    informers[kind].on('add', enqueue);
    informers[kind].on('update', enqueue);
  }
  const enqueueOwner = (p: KubeObject) => {
    const owner = p.metadata.ownerReferences?.find((o) => o.controller && (WORKLOAD_KINDS as readonly string[]).includes(o.kind));
    if (owner) queue.add(`${owner.kind}/${p.metadata.namespace}/${owner.name}`);
  };
  pods.on('add', (p) => {
    pendingCreates.delete(objectKey(p));
    enqueueOwner(p);
  });
  pods.on('update', enqueueOwner);
  pods.on('delete', enqueueOwner);
  pods.start();
  await pods.waitForSync();
  for (const kind of WORKLOAD_KINDS) informers[kind].start();
  await Promise.all(WORKLOAD_KINDS.map((k) => informers[k].waitForSync()));

  return {
    async stop() {
      queue.stop();
      pods.stop();
      for (const kind of WORKLOAD_KINDS) informers[kind].stop();
      await queue.idle();
    },
  };
}
