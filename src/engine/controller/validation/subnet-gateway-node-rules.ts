/**
 * Centralized-gateway rules (§10.1 rows 32–33): a centralized subnet of the default VPC needs gateway nodes
 * that exist, and at least one of them Ready. Kube-OVN reports only "no gateway"; kovn names the missing node.
 */
import type { ValidationIssue } from './validation-issue.js';
import { issue } from './validation-issue.js';
import type { NodeFacts, SubnetInput, SubnetValidationContext } from './inputs.js';
import { readIp, splitList } from './address-text.js';
import { effectiveVpc, isOvnProvider } from './subnet-facts.js';
import { selectorMatches } from './label-selector-match.js';
import { Reason } from './reasons.js';

/** A DNS-1123 subdomain, what Kubernetes allows as a Node name. */
const nodeNamePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether text can be a Node name. */
export function isNodeName(text: string): boolean {
  return text.length <= 253 && nodeNamePattern.test(text);
}

/** One `gatewayNode` entry: `node` or `node:egressIP` (`;` between the IPs of a dual-stack node). */
export interface GatewayNodeEntry {
  readonly node: string;
  readonly egressIPs: readonly string[];
}

/** Splits `n1:172.18.0.2,n2` into entries; IPv6 egress IPs keep their colons (only the first `:` splits). */
export function parseGatewayNodes(text: string | undefined): GatewayNodeEntry[] {
  return splitList(text)
    .filter((item) => item !== '')
    .map((item) => {
      const colon = item.indexOf(':');
      if (colon < 0) return { node: item, egressIPs: [] };
      return { node: item.slice(0, colon).trim(), egressIPs: splitList(item.slice(colon + 1), ';') };
    });
}

function checkEntries(entries: readonly GatewayNodeEntry[], nodes: readonly NodeFacts[]): { issues: ValidationIssue[]; found: NodeFacts[] } {
  const issues: ValidationIssue[] = [];
  const found: NodeFacts[] = [];
  for (const entry of entries) {
    if (!isNodeName(entry.node)) {
      issues.push(issue('spec.gatewayNode', entry.node, Reason.InvalidGatewayNode, 'is not a node name (expected node or node:egressIP, comma separated)'));
      continue;
    }
    for (const ip of entry.egressIPs) {
      const address = readIp(ip);
      if (!address.ok) issues.push(issue('spec.gatewayNode', `${entry.node}:${ip}`, Reason.InvalidGatewayNode, `egress IP ${address.problem}`));
    }
    const node = nodes.find((n) => n.name === entry.node);
    if (node) found.push(node);
    else issues.push(issue('spec.gatewayNode', entry.node, Reason.GatewayNodeNotFound, `no Node "${entry.node}" exists`, `Node/${entry.node}`));
  }
  return { issues, found };
}

/** The centralized-gateway rules; nothing for distributed subnets, custom VPCs or plain underlay subnets. */
export function checkGatewayNodes(subnet: SubnetInput, ctx: SubnetValidationContext): ValidationIssue[] {
  const spec = subnet.spec;
  if (spec.gatewayType !== 'centralized' || !isOvnProvider(spec.provider)) return [];
  if (effectiveVpc(spec, ctx) !== ctx.defaultVpc) return [];
  // An underlay subnet routes through the physical gateway unless the OVN router is its gateway.
  if ((spec.vlan ?? '') !== '' && spec.logicalGateway !== true) return [];
  const entries = parseGatewayNodes(spec.gatewayNode);
  const selectors = spec.gatewayNodeSelectors ?? [];
  if (entries.length === 0 && selectors.length === 0) {
    return [issue('spec.gatewayNode', spec.gatewayNode ?? '', Reason.NoGatewayNode, 'a centralized subnet needs spec.gatewayNode or spec.gatewayNodeSelectors')];
  }
  const { issues, found } = checkEntries(entries, ctx.nodes);
  if (selectors.length > 0) {
    const selected = ctx.nodes.filter((node) => selectors.some((selector) => selectorMatches(selector, node.labels)));
    if (selected.length === 0) issues.push(issue('spec.gatewayNodeSelectors', selectors, Reason.GatewayNodeNotFound, 'match no Node'));
    found.push(...selected);
  }
  if (found.length > 0 && !found.some((node) => node.ready)) {
    const names = [...new Set(found.map((node) => node.name))].join(', ');
    issues.push(issue('spec.gatewayNode', spec.gatewayNode ?? '', Reason.NoReadyGatewayNode, `no gateway node is Ready (${names})`, `Node/${found[0].name}`));
  }
  return issues;
}
