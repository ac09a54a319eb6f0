import type { GatewayNodeChoice, SubnetModeInput } from '../actions/index.js';

/** Thrown for prompt text that does not parse; the message says what was expected. */
export class PromptInputError extends Error {
  override readonly name = 'PromptInputError';
}

/** `vlan10` (an existing Vlan), or `vlan10:100:pn1` (create Vlan vlan10 with id 100 on provider pn1). */
export function parseUnderlayTarget(text: string): SubnetModeInput['mode'] {
  const [vlan, id, provider, ...rest] = text.trim().split(':');
  if (!vlan || rest.length) throw new PromptInputError(`expected VLAN or VLAN:ID:PROVIDER, not "${text}"`);
  if (id === undefined) return { vlan };
  if (!/^\d+$/.test(id) || !provider) throw new PromptInputError(`expected VLAN:ID:PROVIDER with a numeric id, not "${text}"`);
  return { vlan, createVlan: { id: Number(id), provider } };
}

/** `distributed`, or `centralized:node1,node2=10.0.0.5` (node, optionally with its egress IP). */
export function parseGateway(text: string): { gatewayType: 'distributed' | 'centralized'; nodes?: GatewayNodeChoice[] } {
  const t = text.trim();
  if (t === 'distributed') return { gatewayType: 'distributed' };
  const m = /^centralized(?::(.+))?$/.exec(t);
  if (!m) throw new PromptInputError(`expected "distributed" or "centralized:NODE[,NODE…]", not "${text}"`);
  if (!m[1]) return { gatewayType: 'centralized' };
  const nodes = m[1].split(',').map((n) => {
    const [name, egressIP] = n.trim().split('=');
    return { name, ...(egressIP ? { egressIP } : {}) };
  });
  return { gatewayType: 'centralized', nodes };
}

/** `NAME CIDR [VPC]`. */
export function parseNewSubnet(text: string): { name: string; cidrBlock: string; vpc?: string } {
  const [name, cidrBlock, vpc, ...rest] = text.trim().split(/\s+/);
  if (!name || !cidrBlock || rest.length) throw new PromptInputError(`expected NAME CIDR [VPC], not "${text}"`);
  return { name, cidrBlock, ...(vpc ? { vpc } : {}) };
}

/** `CIDR NEXTHOP` adds (or replaces) a static route; `-CIDR` removes the routes to CIDR. */
export function parseRouteEdit(text: string): { remove: boolean; cidr: string; nextHopIP?: string } {
  const [first, nextHopIP, ...rest] = text.trim().split(/\s+/);
  if (!first || rest.length) throw new PromptInputError(`expected CIDR NEXTHOP or -CIDR, not "${text}"`);
  if (first.startsWith('-')) return { remove: true, cidr: first.slice(1) };
  if (!nextHopIP) throw new PromptInputError(`expected CIDR NEXTHOP (the next hop is missing) in "${text}"`);
  return { remove: false, cidr: first, nextHopIP };
}
