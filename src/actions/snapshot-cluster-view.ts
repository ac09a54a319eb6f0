/**
 * A snapshot → the controller's `ClusterView`, the input of `desiredNorthbound`. IPAM facts (CIDRs, gateways,
 * router MAC) come from the formatted spec, as the controller derives them; centralized next hops from the
 * controller's own gateway choice. Pure.
 */
import type { Subnet } from '../engine/cluster/kinds/kubeovn-types.js';
import type { SubnetInfo } from '../engine/ipam/index.js';
import { parseCidr } from '../engine/ipam/index.js';
import { buildClusterView, type AppliedSubnet } from '../engine/controller/build-cluster-view.js';
import type { ClusterView } from '../engine/controller/desired/cluster-view.js';
import { routerPortMac } from '../engine/controller/desired/router-port-mac.js';
import { routerPortName } from '../engine/controller/ovn-names.js';
import { formatSubnet } from '../engine/controller/validation/subnet-format.js';
import { vlanIdOf, vlanProvider } from '../engine/controller/validation/vlan-rules.js';
import { chooseGateways } from '../engine/controller/subnet-gateways.js';
import type { NetworkNames } from './action-types.js';
import type { ClusterSnapshot } from './cluster-snapshot.js';

function splitList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** The subnet with the spec the controller would write back (`formatSubnet`). */
export function formattedSubnet(subnet: Subnet, names: NetworkNames): Subnet {
  return { ...subnet, spec: formatSubnet(subnet, names).spec };
}

/** The controller rejected this version (`Validated=False`): it wrote no rows for it (or keeps older ones). */
function isRejected(subnet: Subnet): boolean {
  return subnet.status?.conditions?.some((c) => c.type === 'Validated' && c.status === 'False') ?? false;
}

/**
 * The subnet as the controller would apply it, or undefined when its addresses do not parse or the controller
 * rejected it (an edited object's status is dropped by the action, so its new version always counts).
 */
export function appliedSubnetOf(raw: Subnet, snapshot: ClusterSnapshot, names: NetworkNames): AppliedSubnet | undefined {
  if (isRejected(raw)) return undefined;
  const subnet = formattedSubnet(raw, names);
  const spec = subnet.spec;
  const cidrs = splitList(spec.cidrBlock);
  if (cidrs.length === 0 || cidrs.some((c) => !parseCidr(c))) return undefined;
  const name = subnet.metadata.name;
  const vpc = spec.vpc || names.defaultVpc;
  const info: SubnetInfo = {
    name,
    protocol: spec.protocol === 'Dual' ? 'Dual' : spec.protocol === 'IPv6' ? 'IPv6' : 'IPv4',
    cidrBlock: spec.cidrBlock ?? '',
    gateway: spec.gateway ?? '',
    excludeIps: spec.excludeIps ?? [],
    routerMac: routerPortMac(routerPortName(vpc, name)),
  };
  const vlan = spec.vlan ? snapshot.vlans.find((v) => v.metadata.name === spec.vlan) : undefined;
  const centralized = spec.gatewayType === 'centralized' && vpc === names.defaultVpc;
  const u2oIPs = spec.u2oInterconnection ? splitList(raw.status?.u2oInterconnectionIP) : [];
  return {
    subnet,
    info,
    ...(vlan ? { underlay: { vlan: vlan.metadata.name, vlanId: vlanIdOf(vlan), provider: vlanProvider(vlan) } } : {}),
    gatewayNexthops: centralized ? chooseGateways(subnet, snapshot.nodes).nexthops : [],
    u2oInterconnectionIPs: u2oIPs,
  };
}

/** The facts `desiredNorthbound` reads, for every object of the snapshot not being deleted. */
export function clusterViewOf(snapshot: ClusterSnapshot, names: NetworkNames): ClusterView {
  const live = <T extends { metadata: { deletionTimestamp?: string } }>(list: readonly T[]) => list.filter((o) => !o.metadata.deletionTimestamp);
  const subnets: AppliedSubnet[] = [];
  for (const s of live(snapshot.subnets)) {
    const applied = appliedSubnetOf(s, snapshot, names);
    if (applied) subnets.push(applied);
  }
  return buildClusterView({
    joinSubnet: names.joinSubnet,
    defaultVpc: names.defaultVpc,
    vpcs: live(snapshot.vpcs),
    subnets,
    nodes: snapshot.nodes,
    pods: snapshot.pods,
  });
}
