/**
 * `external_ids:ovn-bridge-mappings` on the node's Open_vSwitch row: `<network>:<bridge>[,…]`, read by
 * ovn-controller to find the bridge behind a localnet port's `network_name`. Other tools may keep entries there
 * too, so the agent rewrites only its own. Pure.
 */

export const BRIDGE_MAPPINGS_KEY = 'ovn-bridge-mappings';

export interface BridgeMapping {
  readonly network: string;
  readonly bridge: string;
}

export function parseBridgeMappings(text: string | undefined): BridgeMapping[] {
  return (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.indexOf(':');
      return colon < 0 ? { network: entry, bridge: '' } : { network: entry.slice(0, colon), bridge: entry.slice(colon + 1) };
    });
}

export function formatBridgeMappings(mappings: readonly BridgeMapping[]): string {
  return mappings.map((m) => `${m.network}:${m.bridge}`).join(',');
}

/**
 * The mappings with ours replaced by `wanted` (network → bridge): an entry is ours when its bridge is one the
 * agent owns (`ownedBridges`) or its network is one the agent maps (a network maps to one bridge, as in
 * Kube-OVN, which overwrites it). Entries of others keep their order; ours follow, sorted by network.
 */
export function mergeBridgeMappings(current: string | undefined, wanted: ReadonlyMap<string, string>, ownedBridges: ReadonlySet<string>): string {
  const others = parseBridgeMappings(current).filter((m) => !ownedBridges.has(m.bridge) && !wanted.has(m.network));
  const ours = [...wanted].sort(([a], [b]) => a.localeCompare(b)).map(([network, bridge]) => ({ network, bridge }));
  return formatBridgeMappings([...others, ...ours]);
}
