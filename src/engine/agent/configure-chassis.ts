import { OvsdbClient } from '../../ovn/ovsdb/client.js';
import type { OpenVSwitchTables } from '../../ovn/schema/generated/vswitch.js';
import type { NodeAgentOptions } from './node-agent-options.js';
import { BR_INT } from './node-agent-options.js';
import { resolveEncapIp } from './tunnel-address.js';

// Select results arrive decoded: maps as plain objects.
const decodeMap = (value: unknown) => (value ?? {}) as Record<string, string>;

/** The external_ids ovn-controller reads to become this node's chassis (pure). */
export function chassisExternalIds(options: NodeAgentOptions, encapIp: string): Record<string, string> {
  const systemId = options.systemId ?? options.nodeName;
  return {
    'system-id': systemId,
    hostname: options.nodeName,
    'ovn-remote': options.sbRemote,
    'ovn-encap-type': options.encapType ?? 'geneve',
    'ovn-encap-ip': encapIp,
    'ovn-bridge': BR_INT,
    'ovn-bridge-datapath-type': options.datapathType ?? 'system',
  };
}

/**
 * Writes the chassis settings into the node's Open_vSwitch DB (system-id, hostname, ovn-remote, ovn-encap-type,
 * ovn-encap-ip, ovn-bridge=br-int, ovn-bridge-datapath-type) and creates br-int (fail-mode secure,
 * other_config:disable-in-band=true, datapath_type). Runs before ovs-vswitchd and ovn-controller start; safe to
 * repeat (keys it does not own are kept).
 */
export async function configureChassis(options: NodeAgentOptions): Promise<void> {
  const encapIp = await resolveEncapIp(options);
  const client = await OvsdbClient.connect<OpenVSwitchTables>(options.ovsRemote, { database: 'Open_vSwitch', reconnect: false });
  try {
    const [root, bridges] = await client.transact([
      { op: 'select', table: 'Open_vSwitch', where: [], columns: ['_uuid', 'external_ids', 'other_config'] },
      { op: 'select', table: 'Bridge', where: [['name', '==', BR_INT]], columns: ['_uuid', 'other_config'] },
    ]);
    const row = root.rows?.[0];
    const datapathType = options.datapathType ?? 'system';
    const externalIds = { ...decodeMap(row?.external_ids), ...chassisExternalIds(options, encapIp) };
    // Two cores and a userspace datapath per node: one handler and one revalidator thread each are plenty (recipe).
    const otherConfig = { ...decodeMap(row?.other_config), ...(datapathType === 'netdev' ? { 'n-handler-threads': '1', 'n-revalidator-threads': '1' } : {}) };
    const batch = client.batch();
    const bridge = bridges.rows?.[0];
    const bridgeRow = { datapath_type: datapathType, fail_mode: 'secure' as const, other_config: { ...decodeMap(bridge?.other_config), 'disable-in-band': 'true' } };
    let newBridge;
    if (bridge) {
      batch.update('Bridge', [['name', '==', BR_INT]], bridgeRow);
    } else {
      const iface = batch.insert('Interface', { name: BR_INT, type: 'internal' });
      const port = batch.insert('Port', { name: BR_INT, interfaces: [iface] });
      newBridge = batch.insert('Bridge', { name: BR_INT, ports: [port], ...bridgeRow });
    }
    if (row) {
      batch.update('Open_vSwitch', [], { external_ids: externalIds, other_config: otherConfig });
      if (newBridge) batch.mutate('Open_vSwitch', [], [['bridges', 'insert', [newBridge]]]);
    } else {
      batch.insert('Open_vSwitch', { external_ids: externalIds, other_config: otherConfig, ...(newBridge ? { bridges: [newBridge] } : {}) });
    }
    await batch.commit();
  } finally {
    await client.close();
  }
}
