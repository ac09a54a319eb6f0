import type { Subnet, Vpc } from '../cluster/kinds/kubeovn-types.js';
import type { SubnetInfo } from '../ipam/index.js';
import type { ClusterView, NodeView, PodPortView, SubnetView, UnderlayView, VpcView } from './desired/cluster-view.js';
import { routerPortMac } from './desired/router-port-mac.js';
import { ANN } from './annotations.js';
import type { NodeObject, PodObject } from './core-objects.js';
import { nodeInternalIPs } from './core-objects.js';
import { nodePortName, podPortName, routerPortName } from './ovn-names.js';
import type { AppliedEip } from './ovn-nat-state.js';
import type { NatRuleView } from './desired/cluster-view.js';
import { vpcExternalView, vpcExtraExternalViews } from './external-access.js';

/** A subnet the controller accepted: its formatted object, IPAM's view of it, and its resolved gateways. */
export interface AppliedSubnet {
  readonly subnet: Subnet;
  readonly info: SubnetInfo;
  readonly underlay?: UnderlayView;
  /** Join addresses egress of a centralized subnet goes through now. */
  readonly gatewayNexthops: readonly string[];
  /** The router's U2O interconnect addresses, once allocated. */
  readonly u2oInterconnectionIPs: readonly string[];
}

export interface ViewInput {
  readonly joinSubnet: string;
  readonly defaultVpc: string;
  readonly vpcs: readonly Vpc[];
  readonly subnets: readonly AppliedSubnet[];
  readonly nodes: readonly NodeObject[];
  readonly pods: readonly PodObject[];
  /** Accepted OvnEips and NAT rules; absent = none. */
  readonly ovnNat?: { readonly eips: ReadonlyMap<string, AppliedEip>; readonly rules: readonly NatRuleView[] };
  /** The subnet `enableExternal` connects VPCs to (Kube-OVN's `--external-gateway-switch`). */
  readonly externalGatewaySwitch?: string;
  /**
   * An address IPAM holds for a pod or node port (by IPAM key) whose annotations do not show one yet:
   * allocated at start, before its reconcile stored it (see primeAddresses).
   */
  readonly pendingAllocation?: (key: string) => PendingAllocation | undefined;
}

/** The parts of an IPAM allocation a port is made of. */
export interface PendingAllocation {
  readonly subnet: string;
  readonly mac: string;
  /** `v4`, `v6` or `v4,v6`. */
  readonly ipAddress: string;
}

function splitList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function vpcView(vpc: Vpc, defaultVpc: string): VpcView {
  return {
    name: vpc.metadata.name,
    isDefault: vpc.metadata.name === defaultVpc,
    staticRoutes: (vpc.spec?.staticRoutes ?? []).map((r) => ({
      policy: r.policy === 'policySrc' ? 'policySrc' : 'policyDst',
      cidr: r.cidr ?? '',
      nextHopIP: r.nextHopIP ?? '',
      routeTable: r.routeTable ?? '',
    })),
    policyRoutes: (vpc.spec?.policyRoutes ?? []).map((p) => ({
      priority: p.priority ?? 0,
      match: p.match ?? '',
      action: p.action ?? 'allow',
      nextHopIPs: splitList(p.nextHopIP),
    })),
    peerings: (vpc.spec?.vpcPeerings ?? [])
      .filter((p) => p.remoteVpc && p.localConnectIP)
      .map((p) => ({ remoteVpc: p.remoteVpc!, localConnectIP: p.localConnectIP! })),
  };
}

export function subnetView(applied: AppliedSubnet, defaultVpc: string): SubnetView {
  const { subnet, info } = applied;
  const name = subnet.metadata.name;
  const vpc = subnet.spec.vpc || defaultVpc;
  return {
    name,
    vpc,
    cidrs: splitList(info.cidrBlock),
    gateways: splitList(info.gateway),
    ...(applied.underlay ? { underlay: applied.underlay } : {}),
    logicalGateway: subnet.spec.logicalGateway === true,
    u2oInterconnectionIPs: applied.u2oInterconnectionIPs,
    gatewayType: subnet.spec.gatewayType === 'centralized' ? 'centralized' : 'distributed',
    gatewayNexthops: applied.gatewayNexthops,
    routerPortMac: info.routerMac || routerPortMac(routerPortName(vpc, name)),
  };
}

export function nodeView(node: NodeObject, pending?: PendingAllocation): NodeView {
  const ann = node.metadata.annotations ?? {};
  if (ann[ANN.allocated] !== 'true' && pending) {
    return { name: node.metadata.name, joinIPs: splitList(pending.ipAddress), joinMac: pending.mac, internalIPs: nodeInternalIPs(node) };
  }
  return {
    name: node.metadata.name,
    joinIPs: ann[ANN.allocated] === 'true' ? splitList(ann[ANN.ipAddress]) : [],
    ...(ann[ANN.macAddress] ? { joinMac: ann[ANN.macAddress] } : {}),
    internalIPs: nodeInternalIPs(node),
  };
}

/**
 * The switch port a pod's allocation annotations describe, or the one of its pending allocation while its
 * annotations show none, or undefined.
 */
export function podPortView(pod: PodObject, pending?: PendingAllocation): PodPortView | undefined {
  const ann = pod.metadata.annotations ?? {};
  const allocated = ann[ANN.allocated] === 'true';
  const address: PendingAllocation | undefined = allocated
    ? ann[ANN.logicalSwitch] && ann[ANN.macAddress]
      ? { subnet: ann[ANN.logicalSwitch], mac: ann[ANN.macAddress], ipAddress: ann[ANN.ipAddress] ?? '' }
      : undefined
    : pending;
  if (!address) return undefined;
  return {
    namespace: pod.metadata.namespace ?? 'default',
    pod: pod.metadata.name,
    subnet: address.subnet,
    mac: address.mac,
    ips: splitList(address.ipAddress),
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    portSecurity: ann[ANN.portSecurity] === 'true',
  };
}

/** Whether two views describe the same port (both absent counts as the same). */
export function samePodPortView(a: PodPortView | undefined, b: PodPortView | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.namespace === b.namespace &&
    a.pod === b.pod &&
    a.subnet === b.subnet &&
    a.mac === b.mac &&
    a.nodeName === b.nodeName &&
    a.portSecurity === b.portSecurity &&
    a.ips.length === b.ips.length &&
    a.ips.every((ip, i) => ip === b.ips[i])
  );
}

/** The facts the desired-state functions read, from what the controller has accepted. */
export function buildClusterView(input: ViewInput): ClusterView {
  const pods: PodPortView[] = [];
  for (const pod of input.pods) {
    if (pod.spec?.hostNetwork) continue;
    const view = podPortView(pod, input.pendingAllocation?.(podPortName(pod.metadata.name, pod.metadata.namespace ?? 'default')));
    if (view) pods.push(view);
  }
  return {
    vpcs: input.vpcs.map((v) => {
      const view = vpcView(v, input.defaultVpc);
      if (!input.externalGatewaySwitch) return view;
      const access = { defaultVpc: input.defaultVpc, externalGatewaySwitch: input.externalGatewaySwitch, subnets: input.subnets, nodes: input.nodes, eips: input.ovnNat?.eips ?? new Map() };
      const external = vpcExternalView(v, access);
      return external ? { ...view, external, extraExternals: vpcExtraExternalViews(v, access) } : view;
    }),
    subnets: input.subnets.map((s) => subnetView(s, input.defaultVpc)),
    nodes: input.nodes.map((n) => nodeView(n, input.pendingAllocation?.(nodePortName(n.metadata.name)))),
    pods,
    joinSubnet: input.joinSubnet,
    natRules: input.ovnNat?.rules ?? [],
  };
}
