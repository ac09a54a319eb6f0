/**
 * Which ProviderNetworks a node takes part in and with which NIC (Kube-OVN §8.3 step 1), and the names the agent
 * derives from a provider: its bridge and its node labels. Pure.
 */
import type { ProviderNetwork } from '../cluster/kinds/kubeovn-types.js';
import type { KubeObject } from '../cluster/types.js';
import { selectorMatches } from '../controller/validation/label-selector-match.js';

/** The OVS bridge of a provider network on every node (validation keeps it within 15 bytes). */
export function providerBridgeName(provider: string): string {
  return `br-${provider}`;
}

/** The node labels the agent sets for a provider network (Kube-OVN's keys). */
export function providerLabelKeys(provider: string): { ready: string; interface: string; mtu: string } {
  const prefix = `${provider}.provider-network.kubernetes.io`;
  return { ready: `${prefix}/ready`, interface: `${prefix}/interface`, mtu: `${prefix}/mtu` };
}

export type ProviderAssignment =
  | { readonly selected: true; readonly nic: string }
  | { readonly selected: false; readonly why: string };

/**
 * Whether `node` belongs to the provider network and which NIC it attaches: a `customInterfaces` entry that
 * lists the node wins over `defaultInterface`. `excludeNodes` and a `nodeSelector` that does not match leave
 * the node out; a provider being deleted leaves every node out.
 */
export function providerAssignment(pn: ProviderNetwork, node: Pick<KubeObject, 'metadata'>): ProviderAssignment {
  const name = node.metadata.name;
  if (pn.metadata.deletionTimestamp) return { selected: false, why: 'the provider network is being deleted' };
  if ((pn.spec.excludeNodes ?? []).includes(name)) return { selected: false, why: `node ${name} is in spec.excludeNodes` };
  if (pn.spec.nodeSelector && !selectorMatches(pn.spec.nodeSelector, node.metadata.labels ?? {})) {
    return { selected: false, why: `node ${name} does not match spec.nodeSelector` };
  }
  const custom = (pn.spec.customInterfaces ?? []).find((c) => c.interface && (c.nodes ?? []).includes(name));
  return { selected: true, nic: custom?.interface ?? pn.spec.defaultInterface };
}

/** Whether the node takes part in the provider network at all (for status: excluded nodes are not "not ready"). */
export function nodeTakesPart(pn: ProviderNetwork, node: Pick<KubeObject, 'metadata'>): boolean {
  return providerAssignment(pn, node).selected;
}
