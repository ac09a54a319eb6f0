import type { NatOutgoingSets } from './overlay-subnets.js';

/** The nftables table the agent owns in the node namespace; replaced as a whole, atomically. */
export const NFT_TABLE = 'kovn';

const isV6 = (cidr: string) => cidr.includes(':');
const CIDR = /^[0-9a-fA-F:.]+\/\d{1,3}$/;

function setDef(name: string, type: 'ipv4_addr' | 'ipv6_addr', cidrs: readonly string[]): string {
  for (const c of cidrs) if (!CIDR.test(c)) throw new Error(`natOutgoing: "${c}" is not a CIDR`);
  const elements = cidrs.length ? ` elements = { ${cidrs.join(', ')} }` : '';
  return `  set ${name} { type ${type}; flags interval;${elements} }`;
}

const IP = /^[0-9a-fA-F:.]+$/;

/** SNAT rules for this node's `node:egressIP` entries; they come before the masquerade rules, so they win. */
function egressRules(sets: NatOutgoingSets, ovn0: string, nodeName: string | undefined): string[] {
  return (sets.egress ?? [])
    .filter((e) => e.node === nodeName)
    // A malformed entry is the controller's to report on the Subnet (Ready=False, until it has judged it the
    // agent may see it): leaving it out keeps natOutgoing of every other subnet in place.
    .filter((e) => CIDR.test(e.cidr) && IP.test(e.ip))
    .map((e) => {
      const [family, cluster] = isV6(e.cidr) ? ['ip6', '@cluster6'] : ['ip', '@cluster4'];
      return `    oifname != "${ovn0}" ${family} saddr ${e.cidr} ${family} daddr != ${cluster} snat ${family} to ${e.ip}`;
    });
}

/**
 * `nft -f -` input that replaces table inet kovn in one transaction: masquerade traffic from natOutgoing subnets
 * to destinations outside every cluster subnet as it leaves the node (never on ovn0, where it enters OVN);
 * a centralized subnet that names this node with an egress IP (`gatewayNode: node:IP`) is SNATed to that IP
 * instead. The leading `table` line makes the `delete` valid when the table does not exist yet.
 */
export function natOutgoingRuleset(sets: NatOutgoingSets, ovn0: string, nodeName?: string): string {
  return [
    `table inet ${NFT_TABLE}`,
    `delete table inet ${NFT_TABLE}`,
    `table inet ${NFT_TABLE} {`,
    setDef('nat4', 'ipv4_addr', sets.nat.filter((c) => !isV6(c))),
    setDef('cluster4', 'ipv4_addr', sets.cluster.filter((c) => !isV6(c))),
    setDef('nat6', 'ipv6_addr', sets.nat.filter(isV6)),
    setDef('cluster6', 'ipv6_addr', sets.cluster.filter(isV6)),
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    ...egressRules(sets, ovn0, nodeName),
    `    oifname != "${ovn0}" ip saddr @nat4 ip daddr != @cluster4 masquerade`,
    `    oifname != "${ovn0}" ip6 saddr @nat6 ip6 daddr != @cluster6 masquerade`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Removes the table (nothing to masquerade, or the agent is uninstalled). */
export function natOutgoingRemoval(): string {
  return `table inet ${NFT_TABLE}\ndelete table inet ${NFT_TABLE}\n`;
}
