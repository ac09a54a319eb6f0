import { OvsdbClient } from '../../ovn/ovsdb/client.js';
import { Replica } from '../../ovn/ovsdb/replica.js';
import type { OpenVSwitchTables } from '../../ovn/schema/generated/vswitch.js';

export interface UplinkRows {
  readonly bridges: readonly { name: string; ports: readonly string[] }[];
  readonly ports: ReadonlyMap<string, { name: string; interfaces: readonly string[] }>;
  readonly interfaces: ReadonlyMap<string, { name: string; type: string; link_state?: 'up' | 'down' }>;
}

/**
 * Why the node's uplink cannot carry traffic, or undefined when it can (or when it is not an OVS bridge, so OVS
 * knows nothing of it). The uplink bridge (br-phy in the lab) is down when none of its physical interfaces
 * (internal ports and patches do not count) reports link_state up; vswitchd updates link_state on link events.
 */
export function uplinkProblem(bridgeName: string, rows: UplinkRows): string | undefined {
  const bridge = rows.bridges.find((b) => b.name === bridgeName);
  if (!bridge) return undefined;
  const physical = bridge.ports
    .flatMap((p) => rows.ports.get(p)?.interfaces ?? [])
    .map((i) => rows.interfaces.get(i))
    .filter((i): i is NonNullable<typeof i> => i !== undefined && i.type !== 'internal' && i.type !== 'patch' && i.type !== 'geneve' && i.type !== 'vxlan');
  if (physical.length === 0) return undefined;
  if (physical.some((i) => i.link_state === 'up')) return undefined;
  return `uplink ${bridgeName} has no link (${physical.map((i) => `${i.name} ${i.link_state ?? 'unknown'}`).join(', ')})`;
}

/** A live view of the local Open_vSwitch bridges, ports and interfaces' link state (one monitor, no polling). */
export class UplinkWatch {
  #client: OvsdbClient<OpenVSwitchTables> | undefined;
  #replica: Replica<OpenVSwitchTables> | undefined;

  async start(ovsRemote: string): Promise<void> {
    this.#client = await OvsdbClient.connect<OpenVSwitchTables>(ovsRemote, { database: 'Open_vSwitch' });
    this.#replica = await Replica.start(this.#client, {
      Bridge: ['name', 'ports'],
      Port: ['name', 'interfaces'],
      Interface: ['name', 'type', 'link_state'],
    });
  }

  problem(bridgeName: string): string | undefined {
    const replica = this.#replica;
    if (!replica) return undefined;
    return uplinkProblem(bridgeName, {
      bridges: replica.table('Bridge').all(),
      ports: new Map(replica.table('Port').all().map((p) => [p._uuid, p])),
      interfaces: new Map(replica.table('Interface').all().map((i) => [i._uuid, i])),
    });
  }

  async stop(): Promise<void> {
    await this.#replica?.stop();
    await this.#client?.close();
    this.#replica = undefined;
    this.#client = undefined;
  }
}
