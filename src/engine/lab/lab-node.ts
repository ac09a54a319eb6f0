import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createStandaloneDatabase, SCHEMAS } from '../daemons/ovsdb-tool.js';
import { startOvsdbServer, type OvsdbServerHandle } from '../daemons/ovsdb-server.js';
import { startOvsVswitchd, type OvsVswitchdHandle } from '../daemons/ovs-vswitchd.js';
import { startOvnController, type OvnControllerHandle } from '../daemons/ovn-controller.js';
import { LAB_ADDRESS, LINK, nodeName, type LabNames } from './lab-naming.js';
import { attachToFabric } from './fabric.js';
import { createNetns, createVethPair } from './netns/network-namespaces.js';
import { inNetns, ipIn } from './netns/ip-command.js';
import { writeNodeOvsConfig } from './node-ovs-config.js';

export interface LabNodeOptions {
  readonly names: LabNames;
  readonly index: number;
  /** The node's directory (DB, sockets, pidfiles, logs; OVS_RUNDIR and OVN_RUNDIR). */
  readonly dir: string;
  readonly sbRemote: string;
  readonly encapType: 'geneve' | 'vxlan';
  /** Runs between the first OVSDB write and vswitchd's start (the agent's configureChassis: br-int). */
  readonly beforeVswitchd?: (node: { name: string; netns: string; dbRemote: string; ip: string; dir: string }) => Promise<void>;
  /** No agent: create br-int here (the benchmark's floor path). */
  readonly withIntegrationBridge?: boolean;
  readonly progress?: (line: string) => void;
}

export interface LabNodeHandle {
  readonly index: number;
  readonly name: string;
  readonly netns: string;
  readonly dir: string;
  /** Fabric address on br-fabric: the tunnel endpoint and the node's InternalIP. */
  readonly ip: string;
  readonly dbRemote: string;
  readonly ovsdb: OvsdbServerHandle;
  readonly vswitchd: OvsVswitchdHandle;
  readonly controller: OvnControllerHandle;
  /** Stops ovn-controller, vswitchd and ovsdb-server (in that order); the namespace stays. */
  stopDaemons(): Promise<void>;
}

export function nodeDir(stateDir: string, index: number): string {
  return join(stateDir, `n${index}`);
}

/**
 * One lab node (recipe step 4): a namespace with an uplink to the fabric, its own ovsdb-server, ovs-vswitchd
 * (netdev) and ovn-controller as our children. The order matters: the DB is written before vswitchd starts,
 * the node IP goes on br-fabric once vswitchd has made its tap, ovn-controller starts last.
 */
export async function startLabNode(options: LabNodeOptions): Promise<LabNodeHandle> {
  const { names, index, dir } = options;
  const name = nodeName(index);
  const netns = names.nodeNetns(index);
  const ip = LAB_ADDRESS.nodeIp(index);
  const prefix = inNetns(netns);
  const say = options.progress ?? (() => {});
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  await createNetns(netns);
  await createVethPair({ netns, name: LINK.nodeUplink }, { netns: names.fabricNetns, name: LINK.fabricPeer(index) });
  await attachToFabric(names, LINK.fabricPeer(index));

  const dbPath = join(dir, 'conf.db');
  await createStandaloneDatabase(dbPath, SCHEMAS.Open_vSwitch);
  const started: { stop(): Promise<void> }[] = [];
  try {
    const ovsdb = await startOvsdbServer({ dir, name: 'db', dbPaths: [dbPath], commandPrefix: prefix });
    started.push(ovsdb);
    await writeNodeOvsConfig(ovsdb.remote, { systemId: name, sbRemote: options.sbRemote, encapType: options.encapType, encapIp: ip, withIntegrationBridge: options.withIntegrationBridge ?? false });
    await options.beforeVswitchd?.({ name, netns, dbRemote: ovsdb.remote, ip, dir });
    say(`${name}: starting ovs-vswitchd`);
    const vswitchd = await startOvsVswitchd({ dir, dbRemote: ovsdb.remote, commandPrefix: prefix });
    started.push(vswitchd);
    await vswitchd.waitReconfigured();
    await ipIn(netns, 'addr', 'add', `${ip}/${LAB_ADDRESS.fabricPrefixLength}`, 'dev', LINK.tunnelBridge);
    await ipIn(netns, 'link', 'set', LINK.tunnelBridge, 'up');
    const controller = await startOvnController({ dir, dbRemote: ovsdb.remote, ovsRunDir: vswitchd.runDir, commandPrefix: prefix });
    started.push(controller);
    return {
      index,
      name,
      netns,
      dir,
      ip,
      dbRemote: ovsdb.remote,
      ovsdb,
      vswitchd,
      controller,
      async stopDaemons() {
        await controller.stop().catch(() => {});
        await vswitchd.stop().catch(() => {});
        await ovsdb.stop().catch(() => {});
      },
    };
  } catch (err) {
    for (const s of started.reverse()) await s.stop().catch(() => {});
    throw err;
  }
}
