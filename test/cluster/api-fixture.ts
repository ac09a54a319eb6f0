import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemoryCluster, type MemoryCluster, type MemoryClusterOptions } from '../../src/engine/cluster/memory/memory-cluster.js';
import { startApiServer, type ApiServer } from '../../src/engine/cluster/http/api-server.js';
import { runCommand, type RunResult } from '../../src/engine/proc/run-command.js';

export interface ApiFixture {
  readonly dir: string;
  readonly store: MemoryCluster;
  readonly server: ApiServer;
  readonly kubeconfigPath: string;
  /** Runs the real kubectl against the server; resolves with its output whatever the exit code. */
  kubectl(args: readonly string[], options?: { env?: NodeJS.ProcessEnv; input?: string }): Promise<RunResult>;
  /** Closes the server and the store and removes the temp dir (call from `after`). */
  close(): Promise<void>;
}

/**
 * One in-memory store served over https with a kubeconfig, shared by a test file; `close()` tears it down
 * (server closed, store closed, temp dir removed).
 */
export async function startApiFixture(storeOptions: MemoryClusterOptions = {}): Promise<ApiFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'kovn-api-'));
  const store = await openMemoryCluster(storeOptions);
  const kubeconfigPath = join(dir, 'kubeconfig');
  const server = await startApiServer({ store, kubeconfigPath });
  const close = async () => {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const kubectl = (args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) =>
    runCommand(['/usr/bin/kubectl', '--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'kube-cache'), ...args], {
      env: { ...process.env, HOME: dir, ...options.env },
      input: options.input,
      timeoutMs: 60_000,
      okCodes: Array.from({ length: 256 }, (_, i) => i),
    });
  return { dir, store, server, kubeconfigPath, kubectl, close };
}

/** Polls until `check` holds (generous timeout, never a timing assertion). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}
