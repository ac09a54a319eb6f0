import { createHash } from 'node:crypto';
import type { Vpc } from '../cluster/kinds/kubeovn-types.js';
import type { AppliedSubnet } from './build-cluster-view.js';
import type { VpcExternalView } from './desired/cluster-view.js';
import { prefixLength } from './desired/address-family.js';
import type { NodeObject } from './core-objects.js';
import { ANN } from './annotations.js';
import type { AppliedEip } from './ovn-nat-state.js';
import { vpcExternalEipName } from './ovn-nat-state.js';

/** Nodes that may host external gateway ports carry this label with the value `true` (as in Kube-OVN). */
export const EXTERNAL_GW_LABEL = 'ovn.kubernetes.io/external-gw';

/**
 * The chassis of the nodes labelled `ovn.kubernetes.io/external-gw=true` (read from their
 * `ovn.kubernetes.io/chassis` annotation), highest priority first. Ordered by sha256(vpc + chassis) as Kube-OVN
 * does, so different VPCs put their active gateway on different nodes. kovn reads only the node label; Kube-OVN's
 * ConfigMap `ovn-external-gw-config` (the default VPC's gateway nodes, NIC and addresses) is not read.
 */
export function externalGatewayChassis(vpc: string, nodes: readonly NodeObject[]): string[] {
  const chassis = nodes
    .filter((n) => n.metadata.labels?.[EXTERNAL_GW_LABEL] === 'true' && !n.metadata.deletionTimestamp)
    .map((n) => n.metadata.annotations?.[ANN.chassis] ?? '')
    .filter((c) => c !== '');
  const rank = (c: string) => createHash('sha256').update(vpc + c).digest('hex');
  return [...new Set(chassis)].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}

/** What about a node decides whether it hosts external gateway ports: its label, chassis, and being there. */
export function externalGatewayIdentity(node: { metadata: { labels?: Record<string, string>; annotations?: Record<string, string>; deletionTimestamp?: string } }): string {
  const m = node.metadata;
  return `${m.labels?.[EXTERNAL_GW_LABEL] ?? ''}|${m.annotations?.[ANN.chassis] ?? ''}|${m.deletionTimestamp ? 'deleting' : ''}`;
}

export interface ExternalAccessInput {
  /** The default VPC gets no external port (see vpc-external.ts). */
  readonly defaultVpc: string;
  readonly externalGatewaySwitch: string;
  readonly subnets: readonly AppliedSubnet[];
  readonly nodes: readonly NodeObject[];
  readonly eips: ReadonlyMap<string, AppliedEip>;
}

/**
 * A custom VPC's external port as OVN should have it, or undefined while `enableExternal` is off or something it
 * needs is missing: the external subnet accepted as an underlay subnet, the VPC's `lrp` OvnEip holding an address, at
 * least one external gateway chassis. Both the NB pass and the NAT rules' validation read this one answer.
 */
export function vpcExternalView(vpc: Vpc, input: ExternalAccessInput): VpcExternalView | undefined {
  if (vpc.spec?.enableExternal !== true || vpc.metadata.name === input.defaultVpc) return undefined;
  return externalPortView(vpc, input.externalGatewaySwitch, input);
}

/** `spec.extraExternalSubnets` that are connected: only next to the default external port, each needing the same. */
export function vpcExtraExternalViews(vpc: Vpc, input: ExternalAccessInput): VpcExternalView[] {
  if (!vpcExternalView(vpc, input)) return [];
  return extraExternalSubnets(vpc, input.externalGatewaySwitch)
    .map((name) => externalPortView(vpc, name, input))
    .filter((v): v is VpcExternalView => v !== undefined);
}

/** The extra external subnets a VPC names, without repeats and without the default one. */
export function extraExternalSubnets(vpc: Vpc, externalGatewaySwitch: string): string[] {
  return [...new Set((vpc.spec?.extraExternalSubnets ?? []).map((s) => s.trim()).filter((s) => s !== '' && s !== externalGatewaySwitch))];
}

function externalPortView(vpc: Vpc, subnetName: string, input: ExternalAccessInput): VpcExternalView | undefined {
  const subnet = input.subnets.find((s) => s.subnet.metadata.name === subnetName);
  // The same test as the VPC reconcile's (vpc-external.ts): a logical-gateway subnet is not an external network.
  if (!subnet?.underlay || subnet.subnet.spec.logicalGateway === true) return undefined;
  const eip = input.eips.get(vpcExternalEipName(vpc.metadata.name, subnetName));
  if (!eip || eip.type !== 'lrp' || eip.subnet !== subnetName) return undefined;
  const cidr = subnet.info.cidrBlock.split(',').find((c) => !c.includes(':'));
  const gateway = subnet.info.gateway.split(',').find((g) => g !== '' && !g.includes(':'));
  const chassis = externalGatewayChassis(vpc.metadata.name, input.nodes);
  if (!cidr || chassis.length === 0) return undefined;
  return {
    subnet: subnetName,
    networks: [`${eip.v4}/${prefixLength(cidr)}`],
    mac: eip.mac,
    gateways: gateway ? [gateway] : [],
    chassis,
  };
}
