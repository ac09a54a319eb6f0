import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../../src/engine/cluster/http/api-server.js';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import { connectKubeCluster, type KubeCluster } from '../../src/engine/cluster/kube/kube-cluster.js';

/** The embedded store behind its Kubernetes-compatible HTTPS endpoint on loopback, and a KubeCluster talking to it. */
export interface KubeEndpoint {
  readonly store: MemoryCluster;
  readonly server: ApiServer;
  readonly dir: string;
  readonly kubeconfigPath: string;
  readonly kube: KubeCluster;
  close(): Promise<void>;
}

export const CONTEXT = 'kovn-test';

export async function startKubeEndpoint(): Promise<KubeEndpoint> {
  const dir = mkdtempSync(join(tmpdir(), 'kovn-kube-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const store = await openMemoryCluster();
  let server: ApiServer | undefined;
  try {
    server = await startApiServer({ store, kubeconfigPath, contextName: CONTEXT });
    const kube = connectKubeCluster({ kubeconfigPath, context: CONTEXT });
    const started = server;
    return {
      store,
      server: started,
      dir,
      kubeconfigPath,
      kube,
      close: async () => {
        try {
          kube.close();
          await started.close();
          await store.close();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await server?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Polls `predicate` until it holds (no timing assertions: the timeout only bounds a hung test). */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
