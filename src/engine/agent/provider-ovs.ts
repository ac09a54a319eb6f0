/**
 * The OVS side of provider networks in the node's Open_vSwitch database: bridges `br-<provider>` with the NIC as
 * a port and an internal port that takes over the NIC's addresses, and `ovn-bridge-mappings`. Every bridge the
 * agent makes carries external_ids vendor=kovn, provider-network=<name>, nic=<interface>, so a restarted agent
 * (or one whose ProviderNetwork was deleted meanwhile) finds its own bridges in the database itself.
 */
import { VENDOR } from './node-agent-options.js';
import type { OvsClient } from './ovs-ports.js';
import { BRIDGE_MAPPINGS_KEY, mergeBridgeMappings } from './provider-bridge-mappings.js';

export const PROVIDER_NETWORK_ID = 'provider-network';
export const PROVIDER_NIC_ID = 'nic';

export interface ProviderBridgeRow {
  readonly uuid: string;
  readonly name: string;
  readonly provider: string;
  /** The NIC the agent attached (external_ids:nic). */
  readonly nic: string;
  /** Names of the bridge's ports. */
  readonly portNames: readonly string[];
  readonly hwaddr: string | undefined;
}

export interface ProviderBridgeSpec {
  readonly provider: string;
  readonly bridge: string;
  readonly nic: string;
  /** The NIC's MAC: the internal port keeps the address the neighbours know for the host's IP. */
  readonly mac: string | undefined;
  /** The NIC's MTU, for the internal port. */
  readonly mtu: number | undefined;
  readonly datapathType: string;
}

// Select results arrive decoded with the schema: maps as plain objects, sets as arrays, uuids as strings.
const asMap = (value: unknown) => (value ?? {}) as Record<string, string>;
const asUuids = (value: unknown) => (Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : []);

interface OvsLayout {
  bridges: { uuid: string; name: string; externalIds: Record<string, string>; otherConfig: Record<string, string>; ports: string[] }[];
  portName: Map<string, string>;
}

async function readLayout(ovs: OvsClient): Promise<OvsLayout> {
  const [bridges, ports] = await ovs.transact([
    { op: 'select', table: 'Bridge', where: [], columns: ['_uuid', 'name', 'external_ids', 'other_config', 'ports'] },
    { op: 'select', table: 'Port', where: [], columns: ['_uuid', 'name'] },
  ]);
  return {
    bridges: (bridges.rows ?? []).map((r) => ({
      uuid: r._uuid as string,
      name: r.name as string,
      externalIds: asMap(r.external_ids),
      otherConfig: asMap(r.other_config),
      ports: asUuids(r.ports),
    })),
    portName: new Map((ports.rows ?? []).map((r) => [r._uuid as string, r.name as string])),
  };
}

function providerBridgesOf(layout: OvsLayout): ProviderBridgeRow[] {
  return layout.bridges
    .filter((b) => b.externalIds.vendor === VENDOR && b.externalIds[PROVIDER_NETWORK_ID])
    .map((b) => ({
      uuid: b.uuid,
      name: b.name,
      provider: b.externalIds[PROVIDER_NETWORK_ID]!,
      nic: b.externalIds[PROVIDER_NIC_ID] ?? '',
      portNames: b.ports.map((p) => layout.portName.get(p) ?? '').filter(Boolean),
      hwaddr: b.otherConfig.hwaddr,
    }));
}

/** The provider bridges this agent made (vendor=kovn with a provider-network id). */
export async function listProviderBridges(ovs: OvsClient): Promise<ProviderBridgeRow[]> {
  return providerBridgesOf(await readLayout(ovs));
}

/**
 * Creates `br-<provider>` with its internal port and the NIC as a port, or brings an existing one in line (NIC
 * changed, MAC changed). Refuses, naming the bridge, when the NIC is already a port of another bridge or when a
 * bridge of that name exists that kovn did not make. One transaction; nothing half-made.
 */
export async function ensureProviderBridge(ovs: OvsClient, spec: ProviderBridgeSpec): Promise<void> {
  const layout = await readLayout(ovs);
  const holder = layout.bridges.find((b) => b.name !== spec.bridge && b.ports.some((p) => layout.portName.get(p) === spec.nic));
  if (holder) throw new Error(`interface ${spec.nic} is already a port of OVS bridge ${holder.name}; a provider network needs the NIC for itself`);
  const existing = layout.bridges.find((b) => b.name === spec.bridge);
  const externalIds = { vendor: VENDOR, [PROVIDER_NETWORK_ID]: spec.provider, [PROVIDER_NIC_ID]: spec.nic };
  const batch = ovs.batch();
  const addPort = (name: string, internal: boolean) => {
    const iface = batch.insert('Interface', {
      name,
      external_ids: { vendor: VENDOR },
      ...(internal ? { type: 'internal' } : {}),
      ...(internal && spec.mtu ? { mtu_request: spec.mtu } : {}),
    });
    return batch.insert('Port', { name, interfaces: [iface], external_ids: { vendor: VENDOR } });
  };
  if (!existing) {
    const ports = [addPort(spec.bridge, true), addPort(spec.nic, false)];
    const otherConfig: Record<string, string> = spec.mac ? { hwaddr: spec.mac } : {};
    const bridge = batch.insert('Bridge', { name: spec.bridge, ports, datapath_type: spec.datapathType, external_ids: externalIds, other_config: otherConfig });
    batch.mutate('Open_vSwitch', [], [['bridges', 'insert', [bridge]]]);
    await batch.commit();
    return;
  }
  if (existing.externalIds.vendor !== VENDOR || existing.externalIds[PROVIDER_NETWORK_ID] !== spec.provider) {
    throw new Error(`OVS bridge ${spec.bridge} exists and was not made by kovn for provider network ${spec.provider}; remove it or rename the provider network`);
  }
  const portNames = existing.ports.map((p) => [p, layout.portName.get(p) ?? ''] as const);
  // A NIC that changed (customInterfaces edited): the old one leaves the bridge, the new one joins.
  const stale = portNames.filter(([, name]) => name !== spec.bridge && name !== spec.nic && !name.startsWith('patch-')).map(([uuid]) => uuid);
  if (stale.length) batch.mutate('Bridge', [['name', '==', spec.bridge]], [['ports', 'delete', stale]]);
  if (!portNames.some(([, name]) => name === spec.nic)) batch.mutate('Bridge', [['name', '==', spec.bridge]], [['ports', 'insert', [addPort(spec.nic, false)]]]);
  if (existing.externalIds[PROVIDER_NIC_ID] !== spec.nic) batch.mutate('Bridge', [['name', '==', spec.bridge]], [
      // A map insert ignores a key that exists: delete it first.
      ['external_ids', 'delete', [PROVIDER_NIC_ID]],
      ['external_ids', 'insert', { [PROVIDER_NIC_ID]: spec.nic }],
    ]);
  if (spec.mac && existing.otherConfig.hwaddr !== spec.mac) {
    batch.update('Bridge', [['name', '==', spec.bridge]], { other_config: { ...existing.otherConfig, hwaddr: spec.mac } });
  }
  if (batch.size) await batch.commit();
}

/** Deletes a provider bridge (its ports and interfaces go with it; the NIC itself stays in the kernel). */
export async function deleteProviderBridge(ovs: OvsClient, bridgeName: string): Promise<void> {
  const layout = await readLayout(ovs);
  const bridge = layout.bridges.find((b) => b.name === bridgeName);
  if (bridge) await ovs.transact([{ op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['bridges', 'delete', [bridge.uuid]]] }]);
}

/**
 * Writes `ovn-bridge-mappings` so that it maps exactly `wanted` (network → bridge) among the agent's entries,
 * keeping other tools' entries. No write when nothing changes.
 */
export async function syncBridgeMappings(ovs: OvsClient, wanted: ReadonlyMap<string, string>, ownedBridges: ReadonlySet<string>): Promise<void> {
  const [result] = await ovs.transact([{ op: 'select', table: 'Open_vSwitch', where: [], columns: ['external_ids'] }]);
  const current = asMap(result.rows?.[0]?.external_ids)[BRIDGE_MAPPINGS_KEY];
  const next = mergeBridgeMappings(current, wanted, ownedBridges);
  if ((current ?? '') === next) return;
  // A map insert ignores a key that exists: delete it first (one transaction).
  const batch = ovs.batch().mutate('Open_vSwitch', [], [['external_ids', 'delete', [BRIDGE_MAPPINGS_KEY]]]);
  if (next) batch.mutate('Open_vSwitch', [], [['external_ids', 'insert', { [BRIDGE_MAPPINGS_KEY]: next }]]);
  await batch.commit();
}
