import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OvsdbClient } from '../../ovn/ovsdb/client.js';
import type { OpenVSwitchTables } from '../../ovn/schema/generated/vswitch.js';
import { createStandaloneDatabase, SCHEMAS } from '../daemons/ovsdb-tool.js';
import { startOvsdbServer, type OvsdbServerHandle } from '../daemons/ovsdb-server.js';
import { startOvsVswitchd, type OvsVswitchdHandle } from '../daemons/ovs-vswitchd.js';
import { LAB_ADDRESS, LINK, type LabNames } from './lab-naming.js';
import { createNetns, createVethPair } from './netns/network-namespaces.js';
import { inNetns, ipIn } from './netns/ip-command.js';

export interface ExternalNetwork {
  readonly netns: string;
  readonly ovsdb: OvsdbServerHandle;
  readonly vswitchd: OvsVswitchdHandle;
  stop(): Promise<void>;
}

/** Trunk ports carry untagged frames (VLAN 0) and VLAN 100. */
const TRUNK_VLANS = [0, 100];

/**
 * The "physical network" of the lab: this kernel has no 802.1Q (no VLAN devices, no vlan_filtering bridge), so
 * the VLAN-aware switch is a small OVS netdev switch in its own namespace (recipe section D). Access ports are
 * the external hosts: VLAN 100 → 10.100.0.254/24, untagged → 10.1.0.254/24. Nodes get trunk ports.
 */
export async function startExternalNetwork(names: LabNames, dir: string, nodeNetns: readonly { index: number; netns: string }[]): Promise<ExternalNetwork> {
  const ns = names.externalNetns;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await createNetns(ns);
  for (const node of nodeNetns) {
    await createVethPair({ netns: node.netns, name: LINK.nodeProvider }, { netns: ns, name: LINK.externalPeer(node.index) });
  }
  const dbPath = join(dir, 'conf.db');
  await createStandaloneDatabase(dbPath, SCHEMAS.Open_vSwitch);
  const ovsdb = await startOvsdbServer({ dir, name: 'db', dbPaths: [dbPath], commandPrefix: inNetns(ns) });
  try {
    const client = await OvsdbClient.connect<OpenVSwitchTables>(ovsdb.remote, { database: 'Open_vSwitch', reconnect: false });
    try {
      const batch = client.batch();
      const port = (name: string, row: { tag?: number; trunks?: number[] }, internal: boolean) =>
        batch.insert('Port', { name, interfaces: [batch.insert('Interface', { name, ...(internal ? { type: 'internal' } : {}) })], ...row });
      const ports = [
        port(LINK.externalBridge, {}, true),
        port(LINK.externalVlan100, { tag: 100 }, true),
        port(LINK.externalUntagged, { tag: 0 }, true),
        ...nodeNetns.map((n) => port(LINK.externalPeer(n.index), { trunks: TRUNK_VLANS }, false)),
      ];
      const bridge = batch.insert('Bridge', { name: LINK.externalBridge, ports, datapath_type: 'netdev', fail_mode: 'standalone' });
      batch.insert('Open_vSwitch', { bridges: [bridge], other_config: { 'n-handler-threads': '1', 'n-revalidator-threads': '1' } });
      await batch.commit();
    } finally {
      await client.close();
    }
    const vswitchd = await startOvsVswitchd({ dir, dbRemote: ovsdb.remote, commandPrefix: inNetns(ns) });
    try {
      await vswitchd.waitReconfigured();
      await ipIn(ns, 'addr', 'add', LAB_ADDRESS.vlan100Host, 'dev', LINK.externalVlan100);
      await ipIn(ns, 'link', 'set', LINK.externalVlan100, 'up');
      await ipIn(ns, 'addr', 'add', LAB_ADDRESS.untaggedHost, 'dev', LINK.externalUntagged);
      await ipIn(ns, 'link', 'set', LINK.externalUntagged, 'up');
    } catch (err) {
      await vswitchd.stop();
      throw err;
    }
    return {
      netns: ns,
      ovsdb,
      vswitchd,
      async stop() {
        await vswitchd.stop().catch(() => {});
        await ovsdb.stop().catch(() => {});
      },
    };
  } catch (err) {
    await ovsdb.stop();
    throw err;
  }
}
