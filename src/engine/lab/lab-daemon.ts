import { existsSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { labLayout, type LabNodeStatus, type LabStatus } from './lab-layout.js';
import { startControlPlane, type ControlPlane } from './control-plane.js';
import { clusterStoreDir, openMemoryCluster, type MemoryCluster } from '../cluster/memory/memory-cluster.js';
import { startLabEndpoint } from '../cluster/http/lab-endpoint.js';
import type { ApiServer } from '../cluster/http/api-server.js';
import { runController, type RunningController } from '../headless/run-controller.js';
import { labNames } from './lab-naming.js';
import { startDataPlane, type LabDataPlane } from './lab-data-plane.js';
import { loadNodeAgent } from './node-agent-loader.js';
import { startLabKubelet, type LabKubelet } from './kubelet/lab-kubelet.js';
import { startWorkloadControllers, type WorkloadControllers } from './kubelet/workload-controllers.js';
import { serveRestartRequests } from './lab-requests.js';
import { CommandSpawner } from '../proc/command-spawner.js';
import { routeCommandsThrough } from '../proc/run-command.js';

export interface LabDaemonOptions {
  /** Lab nodes (namespaces with OVS/OVN); 0 = control plane only. */
  readonly nodes: number;
  readonly encap: 'geneve' | 'vxlan';
}

function writeStatus(path: string, status: LabStatus): void {
  // Written whole and renamed, so a reader never sees half a file.
  writeFileSync(`${path}.tmp`, `${JSON.stringify(status, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

const isRoot = () => process.getuid?.() === 0;

/** What a lab cannot do on this machine, said plainly in its status. */
function labLimits(options: LabDaemonOptions, agent: boolean): string[] {
  const limits: string[] = [];
  if (!isRoot()) limits.push('not root: network namespaces for nodes and pods need root, so this lab runs the control plane only (NB, SB, northd, API endpoint, controller)');
  else if (options.nodes === 0) limits.push('--nodes 0: control plane only (NB, SB, northd, API endpoint, controller)');
  else if (!agent) limits.push('the node agent is not in this build: nodes run OVS/OVN but pods cannot be wired (no CNI)');
  return limits;
}

const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

/**
 * The lab's long-running process: central OVN, the embedded store behind its Kubernetes endpoint, the
 * controller and, as root, the data plane (fabric, nodes with their agents, external switch) plus the lab's
 * kubelet and workload controllers. Everything it starts is its child and is stopped on SIGTERM;
 * `status.json` says how far it got.
 */
export async function runLabDaemon(stateDir: string, options: LabDaemonOptions = { nodes: 0, encap: 'geneve' }): Promise<number> {
  const layout = labLayout(stateDir);
  const names = labNames(stateDir);
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(layout.daemonPid, `${process.pid}\n`);
  const withNodes = isRoot() && options.nodes > 0;
  const agentModule = withNodes ? await loadNodeAgent() : undefined;
  const base = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    mode: withNodes ? ('full' as const) : ('control-plane' as const),
    labId: names.id,
    nb: `unix:${layout.nbSocket}`,
    sb: `unix:${layout.sbSocket}`,
    kubeconfig: layout.kubeconfig,
    limits: labLimits(options, agentModule !== undefined),
    ...(withNodes ? { encap: options.encap } : {}),
  };
  // The daemon holds the store, controller, agents and kubelet: forking it for every short command (several per
  // pod) blocked its event loop for milliseconds each. A small spawner process forks them instead.
  const spawner = new CommandSpawner({ log });
  routeCommandsThrough(spawner);
  let control: ControlPlane | undefined;
  let store: MemoryCluster | undefined;
  let endpoint: ApiServer | undefined;
  let controller: RunningController | undefined;
  let dataPlane: LabDataPlane | undefined;
  let kubelet: LabKubelet | undefined;
  let workloads: WorkloadControllers | undefined;
  const processes = () => [
    ...(spawner.pid ? [{ name: 'command spawner', pid: spawner.pid }] : []),
    ...(control
      ? [
          { name: 'ovsdb-server (NB)', pid: control.nb.pid },
          { name: 'ovsdb-server (SB)', pid: control.sb.pid },
          { name: 'ovn-northd', pid: control.northd.pid },
        ]
      : []),
    ...(dataPlane?.processes() ?? []),
  ];
  const nodes = (): LabNodeStatus[] =>
    (dataPlane?.nodes ?? []).map(({ node, cniSocket, agent }) => ({ name: node.name, netns: node.netns, ip: node.ip, dir: node.dir, ovsdb: node.dbRemote, cniSocket, agent: agent !== undefined }));
  const report = (phase: LabStatus['phase'], message?: string) =>
    writeStatus(layout.status, {
      ...base,
      phase,
      ...(message ? { message } : {}),
      ...(endpoint ? { apiUrl: endpoint.url } : {}),
      ...(controller ? { metricsPort: controller.health.port } : {}),
      processes: processes(),
      ...(dataPlane ? { nodes: nodes() } : {}),
    });

  const shutdown = async () => {
    await workloads?.stop().catch(() => {});
    await kubelet?.stop().catch(() => {});
    await dataPlane?.stop().catch((err: unknown) => log(`data plane stop: ${String(err)}`));
    await controller?.stop().catch(() => {});
    await endpoint?.close().catch(() => {});
    await store?.close().catch(() => {});
    await control?.stop().catch(() => {});
    routeCommandsThrough(undefined);
    await spawner.stop();
  };
  try {
    report('starting', 'starting OVN NB, SB and northd');
    control = await startControlPlane(layout);
    report('starting', 'opening the cluster store and its API endpoint');
    store = await openMemoryCluster({ stateDir: clusterStoreDir(stateDir) });
    endpoint = await startLabEndpoint({ store, stateDir, contextName: 'kovn-lab' });
    report('starting', 'starting the controller');
    controller = await runController({ cluster: store, nbRemote: control.nb.remote, election: false, log });
    if (withNodes) {
      const cluster = store;
      dataPlane = await startDataPlane({
        stateDir,
        names,
        nodeCount: options.nodes,
        encapType: options.encap,
        sbRemote: control.sb.remote,
        cluster,
        ...(agentModule ? { agentModule } : {}),
        progress: (line) => {
          log(line);
          report('starting', line);
        },
      });
      if (agentModule) {
        report('starting', 'starting the lab kubelet and workload controllers');
        kubelet = await startLabKubelet({ cluster, names, nodes: dataPlane.nodes.map((n) => ({ name: n.node.name, netns: n.node.netns, ip: n.node.ip, cniSocket: n.cniSocket })), log, cniTimingsFile: layout.cniTimings });
        workloads = await startWorkloadControllers(cluster, log);
      }
    }
    report('ready');
  } catch (err) {
    log(`lab failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    report('failed', err instanceof Error ? err.message : String(err));
    await shutdown();
    return 1;
  }

  const plane = dataPlane;
  const stopServing = serveRestartRequests(stateDir, async (request) => {
    if (!plane) throw new Error('this lab has no nodes');
    log(`restarting ${request.component} on ${request.node}`);
    await plane.restart(request.node, request.component);
    report('ready');
    log(`restarted ${request.component} on ${request.node}`);
  });
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await Promise.race([stopped, controller.lost]);
  stopServing();
  report('stopping');
  await shutdown();
  if (existsSync(layout.status)) rmSync(layout.status);
  rmSync(layout.daemonPid, { force: true });
  return 0;
}
