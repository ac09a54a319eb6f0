import { OvsdbClient } from '../../ovn/ovsdb/client.js';
import type { NamedUuid } from '../../ovn/ovsdb/encoding.js';
import type { TransactionBatch } from '../../ovn/ovsdb/transaction-batch.js';
import type { OpenVSwitchTables } from '../../ovn/schema/generated/vswitch.js';
import { LINK } from './lab-naming.js';

export interface NodeOvsConfig {
  readonly systemId: string;
  readonly sbRemote: string;
  readonly encapType: 'geneve' | 'vxlan';
  readonly encapIp: string;
  /** Also create br-int (the node agent does this in the lab; the benchmark's floor path does it here). */
  readonly withIntegrationBridge: boolean;
}

function addBridge(batch: TransactionBatch<OpenVSwitchTables>, name: string, failMode: 'secure' | 'standalone', extraPorts: readonly string[], otherConfig: Record<string, string> = {}): NamedUuid {
  const ports = [name, ...extraPorts].map((port) => {
    const iface = batch.insert('Interface', { name: port, ...(port === name ? { type: 'internal' } : {}) });
    return batch.insert('Port', { name: port, interfaces: [iface] });
  });
  return batch.insert('Bridge', { name, ports, datapath_type: 'netdev', fail_mode: failMode, other_config: otherConfig });
}

/**
 * The first write to a node's fresh Open_vSwitch database, before ovs-vswitchd starts (recipe step 4): the
 * chassis identity and tunnel settings ovn-controller reads, one handler/revalidator thread (2 cores shared by
 * every node), and br-fabric with the fabric uplink. The node IP goes on br-fabric's internal port once vswitchd has
 * created the tap.
 */
export async function writeNodeOvsConfig(dbRemote: string, config: NodeOvsConfig): Promise<void> {
  const client = await OvsdbClient.connect<OpenVSwitchTables>(dbRemote, { database: 'Open_vSwitch', reconnect: false });
  try {
    const batch = client.batch();
    const bridges = [addBridge(batch, LINK.tunnelBridge, 'standalone', [LINK.nodeUplink])];
    if (config.withIntegrationBridge) bridges.push(addBridge(batch, LINK.integrationBridge, 'secure', [], { 'disable-in-band': 'true' }));
    batch.insert('Open_vSwitch', {
      bridges,
      external_ids: {
        'system-id': config.systemId,
        hostname: config.systemId,
        'ovn-remote': config.sbRemote,
        'ovn-encap-type': config.encapType,
        'ovn-encap-ip': config.encapIp,
        'ovn-bridge': LINK.integrationBridge,
        'ovn-bridge-datapath-type': 'netdev',
      },
      other_config: { 'n-handler-threads': '1', 'n-revalidator-threads': '1' },
    });
    await batch.commit();
  } finally {
    await client.close();
  }
}

/** Switches a running node between Geneve and VXLAN (ovn-controller replaces its tunnel ports in about a second). */
export async function setNodeEncapType(dbRemote: string, encapType: 'geneve' | 'vxlan'): Promise<void> {
  const client = await OvsdbClient.connect<OpenVSwitchTables>(dbRemote, { database: 'Open_vSwitch', reconnect: false });
  try {
    await client.transact([
      { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['external_ids', 'delete', ['ovn-encap-type']]] },
      { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['external_ids', 'insert', { 'ovn-encap-type': encapType }]] },
    ]);
  } finally {
    await client.close();
  }
}
