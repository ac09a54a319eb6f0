import { existsSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { labLayout, type LabStatus } from './lab-layout.js';
import { startControlPlane, type ControlPlane } from './control-plane.js';
import { clusterStoreDir, openMemoryCluster, type MemoryCluster } from '../cluster/memory/memory-cluster.js';
import { startLabEndpoint } from '../cluster/http/lab-endpoint.js';
import type { ApiServer } from '../cluster/http/api-server.js';
import { runController, type RunningController } from '../headless/run-controller.js';

function writeStatus(path: string, status: LabStatus): void {
  // Written whole and renamed, so a reader never sees half a file.
  writeFileSync(`${path}.tmp`, `${JSON.stringify(status, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** What a lab cannot do on this machine, said plainly in its status. */
function labLimits(): string[] {
  const limits = ['nodes and pods: this build runs the control plane only (NB, SB, northd, API endpoint, controller)'];
  if (process.getuid?.() !== 0) limits.push('not root: network namespaces for nodes and pods need root');
  return limits;
}

/**
 * The lab's long-running process: central OVN, the embedded store behind its Kubernetes endpoint, and the
 * controller. Everything it starts is its child and is stopped on SIGTERM; `status.json` says how far it got.
 */
export async function runLabDaemon(stateDir: string): Promise<number> {
  const layout = labLayout(stateDir);
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(layout.daemonPid, `${process.pid}\n`);
  const startedAt = new Date().toISOString();
  const base = {
    pid: process.pid,
    startedAt,
    mode: 'control-plane' as const,
    nb: `unix:${layout.nbSocket}`,
    sb: `unix:${layout.sbSocket}`,
    kubeconfig: layout.kubeconfig,
    limits: labLimits(),
  };
  let control: ControlPlane | undefined;
  let store: MemoryCluster | undefined;
  let endpoint: ApiServer | undefined;
  let controller: RunningController | undefined;
  const processes = () => (control ? [
    { name: 'ovsdb-server (NB)', pid: control.nb.pid },
    { name: 'ovsdb-server (SB)', pid: control.sb.pid },
    { name: 'ovn-northd', pid: control.northd.pid },
  ] : []);
  const report = (phase: LabStatus['phase'], message?: string) =>
    writeStatus(layout.status, {
      ...base,
      phase,
      ...(message ? { message } : {}),
      ...(endpoint ? { apiUrl: endpoint.url } : {}),
      ...(controller ? { metricsPort: controller.health.port } : {}),
      processes: processes(),
    });

  const shutdown = async () => {
    await controller?.stop().catch(() => {});
    await endpoint?.close().catch(() => {});
    await store?.close().catch(() => {});
    await control?.stop().catch(() => {});
  };
  try {
    report('starting', 'starting OVN NB, SB and northd');
    control = await startControlPlane(layout);
    report('starting', 'opening the cluster store and its API endpoint');
    store = await openMemoryCluster({ stateDir: clusterStoreDir(stateDir) });
    endpoint = await startLabEndpoint({ store, stateDir, contextName: 'kovn-lab' });
    report('starting', 'starting the controller');
    controller = await runController({ cluster: store, nbRemote: control.nb.remote, election: false, log: (l) => process.stderr.write(`${new Date().toISOString()} ${l}\n`) });
    report('ready');
  } catch (err) {
    report('failed', err instanceof Error ? err.message : String(err));
    await shutdown();
    return 1;
  }

  const stopped = new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await Promise.race([stopped, controller.lost]);
  report('stopping');
  await shutdown();
  if (existsSync(layout.status)) rmSync(layout.status);
  rmSync(layout.daemonPid, { force: true });
  return 0;
}
