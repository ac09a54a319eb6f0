import { join } from 'node:path';
import { OvsdbClient } from '../../ovn/ovsdb/client.js';
import type { OvnSouthboundTables } from '../../ovn/schema/generated/ovn-sb.js';
import type { ClusterApi } from '../cluster/types.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { LAB_ADDRESS, LINK, type LabNames } from './lab-naming.js';
import { ipIn } from './netns/ip-command.js';
import { nodePortName } from '../controller/ovn-names.js';
import { createFabric } from './fabric.js';
import { nodeDir, startLabNode, type LabNodeHandle } from './lab-node.js';
import { startExternalNetwork, type ExternalNetwork } from './external-network.js';
import { ensureTunnelNeighbours } from './tunnel-neighbours.js';
import { registerLabNode } from './lab-node-objects.js';
import { deleteNetns, listNetns } from './netns/network-namespaces.js';
import type { LabAgent, LabAgentOptions, NodeAgentModule } from './node-agent-loader.js';

export interface DataPlaneOptions {
  readonly stateDir: string;
  readonly names: LabNames;
  readonly nodeCount: number;
  readonly encapType: 'geneve' | 'vxlan';
  readonly sbRemote: string;
  readonly cluster: ClusterApi;
  /** The node agent; without it nodes get br-int from the lab and pods cannot be wired. */
  readonly agentModule?: NodeAgentModule;
  readonly progress: (line: string) => void;
}

export interface LabDataPlaneNode {
  readonly node: LabNodeHandle;
  readonly cniSocket: string;
  agent?: LabAgent;
  readonly agentOptions: LabAgentOptions;
}

/** What `kovn lab restart` can restart on a node. */
export const RESTARTABLE = ['agent', 'ovs-vswitchd', 'ovn-controller'] as const;
export type RestartableComponent = (typeof RESTARTABLE)[number];

export interface LabDataPlane {
  readonly nodes: readonly LabDataPlaneNode[];
  readonly external: ExternalNetwork;
  /** Every daemon pid the data plane runs (for status and `lab down`). */
  processes(): { name: string; pid: number }[];
  /** Restarts one component of one node under its running pods (they must keep working). */
  restart(nodeName: string, component: RestartableComponent): Promise<void>;
  stop(): Promise<void>;
}

export const cniSocketOf = (dir: string) => join(dir, 'cni.sock');

/** The br-fabric tap outlives vswitchd (it is persistent), but make sure it still has the node address and is up. */
async function restoreTunnelAddress(node: LabNodeHandle): Promise<void> {
  await ipIn(node.netns, 'addr', 'replace', `${node.ip}/${LAB_ADDRESS.fabricPrefixLength}`, 'dev', LINK.tunnelBridge);
  await ipIn(node.netns, 'link', 'set', LINK.tunnelBridge, 'up');
}

/** Polls SB until `missing()` finds nothing; fails naming what is still missing. */
async function waitInSouthbound(sbRemote: string, what: string, missing: (sb: OvsdbClient<OvnSouthboundTables>) => Promise<string[]>, timeoutMs = 30_000): Promise<void> {
  const sb = await OvsdbClient.connect<OvnSouthboundTables>(sbRemote, { database: 'OVN_Southbound', reconnect: false });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = await missing(sb);
      if (left.length === 0) return;
      if (Date.now() > deadline) throw new Error(`${what} after ${timeoutMs / 1000}s: ${left.join(', ')}`);
      await sleep(20);
    }
  } finally {
    await sb.close();
  }
}

/** Every node has a Chassis row in SB (its ovn-controller registered). */
const waitForChassis = (sbRemote: string, names: readonly string[]) =>
  waitInSouthbound(sbRemote, 'chassis not registered in SB', async (sb) => {
    const [result] = await sb.transact([{ op: 'select', table: 'Chassis', where: [], columns: ['name'] }]);
    const have = new Set((result.rows ?? []).map((r) => String(r.name)));
    return names.filter((n) => !have.has(n));
  });

/** Every node's ovn0 is bound to its chassis: the controller wrote its join port and the agent plugged it in. */
const waitForNodePorts = (sbRemote: string, names: readonly string[]) =>
  waitInSouthbound(sbRemote, 'node ports (ovn0) not bound in SB', async (sb) => {
    const [result] = await sb.transact([{ op: 'select', table: 'Port_Binding', where: [], columns: ['logical_port', 'chassis'] }]);
    const bound = new Set((result.rows ?? []).filter((r) => Array.isArray(r.chassis) ? r.chassis.length > 0 : Boolean(r.chassis)).map((r) => String(r.logical_port)));
    return names.filter((n) => !bound.has(nodePortName(n)));
  });

/**
 * Fabric, nodes (namespace + ovsdb-server + vswitchd + ovn-controller + node agent), the external switch, Node
 * objects, and seeded tunnel neighbours. On any failure everything made so far is torn down.
 */
export async function startDataPlane(options: DataPlaneOptions): Promise<LabDataPlane> {
  const { names, progress } = options;
  const nodes: LabDataPlaneNode[] = [];
  let external: ExternalNetwork | undefined;
  const stop = async () => {
    for (const n of nodes) await n.agent?.stop().catch(() => {});
    for (const n of [...nodes].reverse()) await n.node.stopDaemons();
    await external?.stop();
    for (const ns of listNetns(names.netnsPrefix).reverse()) await deleteNetns(ns);
  };
  try {
    progress('creating the fabric');
    await createFabric(names);
    const startNode = async (index: number) => {
      progress(`node${index}: namespace, ovsdb-server, ovs-vswitchd, ovn-controller`);
      const dir = nodeDir(options.stateDir, index);
      const cniSocket = cniSocketOf(dir);
      const agentOptions = (node: { name: string; netns: string; dbRemote: string; ip: string }): LabAgentOptions => ({
        nodeName: node.name,
        cluster: options.cluster,
        ovsRemote: node.dbRemote,
        netns: node.netns,
        ovsRunDir: dir,
        cniSocket,
        sbRemote: options.sbRemote,
        encapType: options.encapType,
        encapIp: node.ip,
        tunnelInterface: LINK.tunnelBridge,
        datapathType: 'netdev',
        systemId: node.name,
        mtu: 1400,
      });
      const agentModule = options.agentModule;
      const node = await startLabNode({
        names,
        index,
        dir,
        sbRemote: options.sbRemote,
        encapType: options.encapType,
        withIntegrationBridge: !agentModule,
        progress,
        ...(agentModule ? { beforeVswitchd: (n) => agentModule.configureChassis(agentOptions(n)) } : {}),
      });
      const entry: LabDataPlaneNode = { node, cniSocket, agentOptions: agentOptions(node) };
      nodes.push(entry);
      await registerLabNode(options.cluster, { name: node.name, internalIP: node.ip });
      if (agentModule) {
        progress(`${node.name}: starting the node agent`);
        entry.agent = new agentModule.NodeAgent(entry.agentOptions);
        await entry.agent.start();
      }
    };
    // Nodes start side by side (most of each start is waiting on its daemons); any failure fails the lab.
    const started = await Promise.allSettled(Array.from({ length: options.nodeCount }, (_, i) => startNode(i + 1)));
    nodes.sort((a, b) => a.node.index - b.node.index);
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    progress('starting the external switch (VLAN 100 and untagged hosts)');
    external = await startExternalNetwork(names, join(options.stateDir, 'ext'), nodes.map((n) => ({ index: n.node.index, netns: n.node.netns })));
    progress('waiting for every chassis in SB');
    await waitForChassis(options.sbRemote, nodes.map((n) => n.node.name));
    if (options.agentModule) {
      progress('waiting for every node port (ovn0) to be bound');
      await waitForNodePorts(options.sbRemote, nodes.map((n) => n.node.name));
    }
    progress('seeding tunnel neighbour caches');
    await ensureTunnelNeighbours(nodes.map((n) => ({ netns: n.node.netns, ip: n.node.ip, unixctlPath: n.node.vswitchd.unixctlPath })));
  } catch (err) {
    await stop();
    throw err;
  }
  const ext = external;
  const tunnelEndpoints = () => nodes.map((n) => ({ netns: n.node.netns, ip: n.node.ip, unixctlPath: n.node.vswitchd.unixctlPath }));
  async function restart(nodeName: string, component: RestartableComponent): Promise<void> {
    const entry = nodes.find((n) => n.node.name === nodeName);
    if (!entry) throw new Error(`no lab node "${nodeName}" (have: ${nodes.map((n) => n.node.name).join(', ')})`);
    const { node } = entry;
    if (component === 'agent') {
      if (!options.agentModule) throw new Error('this lab runs no node agent');
      await entry.agent?.stop();
      entry.agent = new options.agentModule.NodeAgent(entry.agentOptions);
      await entry.agent.start();
    } else if (component === 'ovn-controller') {
      await node.controller.restart();
    } else {
      await node.vswitchd.restart();
      await node.vswitchd.waitReconfigured();
      await restoreTunnelAddress(node);
      // A new vswitchd starts with an empty tunnel-neighbour cache, and its peers' entries for it may be stale.
      await ensureTunnelNeighbours(tunnelEndpoints());
    }
  }
  return {
    nodes,
    external: ext,
    restart,
    processes: () => [
      ...nodes.flatMap(({ node }) => [
        { name: `${node.name} ovsdb-server`, pid: node.ovsdb.pid },
        { name: `${node.name} ovs-vswitchd`, pid: node.vswitchd.pid },
        { name: `${node.name} ovn-controller`, pid: node.controller.pid },
      ]),
      { name: 'ext ovsdb-server', pid: ext.ovsdb.pid },
      { name: 'ext ovs-vswitchd', pid: ext.vswitchd.pid },
    ],
    stop,
  };
}
