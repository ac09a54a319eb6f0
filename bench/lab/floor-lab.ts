import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import type { AnyTables } from '../../src/ovn/ovsdb/operations.js';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { labNames, LINK, type LabNames } from '../../src/engine/lab/lab-naming.js';
import { labLayout } from '../../src/engine/lab/lab-layout.js';
import { createFabric } from '../../src/engine/lab/fabric.js';
import { startControlPlane, type ControlPlane } from '../../src/engine/lab/control-plane.js';
import { nodeDir, startLabNode, type LabNodeHandle } from '../../src/engine/lab/lab-node.js';
import { ensureTunnelNeighbours } from '../../src/engine/lab/tunnel-neighbours.js';
import { createNetns, createVethPair, deleteNetns, listNetns } from '../../src/engine/lab/netns/network-namespaces.js';
import { ipIn } from '../../src/engine/lab/netns/ip-command.js';

/**
 * The floor: the OVN daemons alone, started as the recipe does (fabric, NB/SB/northd, per node ovsdb-server +
 * vswitchd + ovn-controller, br-int made here), pods added the recipe's way (namespace, veth, one NB port, one
 * OVS port) — no store, no controller, no agent, no CNI process.
 */
export interface FloorLab {
  readonly nodes: readonly LabNodeHandle[];
  readonly names: LabNames;
  pids(): number[];
  /** Recipe step 6 for pod `m` on node `n`; resolves when the ports are written. */
  addPod(node: number, m: number): Promise<{ netns: string; ip: string }>;
  stop(): Promise<void>;
}

const SWITCH = 'pods';

export async function startFloorLab(stateDir: string, nodeCount: number): Promise<FloorLab> {
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  const names = labNames(stateDir);
  const nodes: LabNodeHandle[] = [];
  let control: ControlPlane | undefined;
  let nb: OvsdbClient<AnyTables> | undefined;
  const stop = async () => {
    await nb?.close().catch(() => {});
    for (const n of nodes.reverse()) await n.stopDaemons();
    await control?.stop();
    for (const ns of listNetns(names.netnsPrefix)) await deleteNetns(ns);
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    await createFabric(names);
    control = await startControlPlane(labLayout(stateDir));
    nb = await OvsdbClient.connect<AnyTables>(control.nb.remote, { database: 'OVN_Northbound' });
    const first = nb.batch();
    first.insert('Logical_Switch', { name: SWITCH, other_config: { subnet: '10.16.0.0/16' } });
    await first.commit();
    for (let i = 1; i <= nodeCount; i++) {
      nodes.push(await startLabNode({ names, index: i, dir: nodeDir(stateDir, i), sbRemote: control.sb.remote, encapType: 'geneve', withIntegrationBridge: true }));
    }
    await ensureTunnelNeighbours(nodes.map((n) => ({ netns: n.netns, ip: n.ip, unixctlPath: n.vswitchd.unixctlPath })));
  } catch (err) {
    await stop();
    throw err;
  }
  const nbClient = nb;
  const plane = control;
  return {
    nodes,
    names,
    pids: () => [plane.nb.pid, plane.sb.pid, plane.northd.pid, ...nodes.flatMap((n) => [n.ovsdb.pid, n.vswitchd.pid, n.controller.pid])],
    async addPod(n, m) {
      const node = nodes[n - 1];
      const netns = names.podNetns('floor', `n${n}p${m}`);
      const ip = `10.16.${n}.${m}`;
      const mac = `0a:58:0a:10:${n.toString(16).padStart(2, '0')}:${m.toString(16).padStart(2, '0')}`;
      const host = `p${m}h`;
      const lsp = `floor-n${n}-p${m}`;
      await createNetns(netns);
      await createVethPair({ netns: node.netns, name: host }, { netns, name: 'eth0' }, 1400);
      await ipIn(netns, 'link', 'set', 'eth0', 'address', mac);
      await ipIn(netns, 'addr', 'add', `${ip}/16`, 'dev', 'eth0');
      const nbBatch = nbClient.batch();
      const port = nbBatch.insert('Logical_Switch_Port', { name: lsp, addresses: [`${mac} ${ip}`] });
      nbBatch.mutate('Logical_Switch', [['name', '==', SWITCH]], [['ports', 'insert', [port]]]);
      await nbBatch.commit();
      const ovs = await OvsdbClient.connect<AnyTables>(node.dbRemote, { database: 'Open_vSwitch', reconnect: false });
      try {
        const ovsBatch = ovs.batch();
        const iface = ovsBatch.insert('Interface', { name: host, external_ids: { 'iface-id': lsp } });
        const ovsPort = ovsBatch.insert('Port', { name: host, interfaces: [iface] });
        ovsBatch.mutate('Bridge', [['name', '==', LINK.integrationBridge]], [['ports', 'insert', [ovsPort]]]);
        await ovsBatch.commit();
      } finally {
        await ovs.close();
      }
      return { netns, ip };
    },
    stop,
  };
}

/** One ping with a short timeout, repeated until it answers; the seconds it took, or Infinity. */
export async function secondsToPing(netns: string, ip: string, timeoutMs = 30_000): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    const r = await runCommand(['ip', 'netns', 'exec', netns, 'ping', '-c1', '-W0.2', ip], { timeoutMs: 5_000, okCodes: [0, 1, 2] });
    if (r.exitCode === 0) return (performance.now() - start) / 1000;
  }
  return Infinity;
}

export const floorStateDir = (base: string) => join(base, 'floor');
