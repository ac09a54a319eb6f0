import type { Subnet, Vpc } from '../cluster/kinds/kubeovn-types.js';
import type { SubnetInfo } from '../ipam/index.js';
import type { ClusterView, NodeView, PodPortView, SubnetView, UnderlayView, VpcView } from './desired/cluster-view.js';
import { routerPortMac } from './desired/router-port-mac.js';
import { ANN } from './annotations.js';
import type { NodeObject, PodObject } from './core-objects.js';
import { nodeInternalIPs } from './core-objects.js';
import { routerPortName } from './ovn-names.js';
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

export function nodeView(node: NodeObject): NodeView {
  const ann = node.metadata.annotations ?? {};
  return {
    name: node.metadata.name,
    joinIPs: ann[ANN.allocated] === 'true' ? splitList(ann[ANN.ipAddress]) : [],
    ...(ann[ANN.macAddress] ? { joinMac: ann[ANN.macAddress] } : {}),
    internalIPs: nodeInternalIPs(node),
  };
}

/** The switch port a pod's allocation annotations describe, or undefined while it has none. */
export function podPortView(pod: PodObject): PodPortView | undefined {
  const ann = pod.metadata.annotations ?? {};
  if (ann[ANN.allocated] !== 'true' || !ann[ANN.logicalSwitch] || !ann[ANN.macAddress]) return undefined;
  return {
    namespace: pod.metadata.namespace ?? 'default',
    pod: pod.metadata.name,
    subnet: ann[ANN.logicalSwitch],
    mac: ann[ANN.macAddress],
    ips: splitList(ann[ANN.ipAddress]),
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    portSecurity: ann[ANN.portSecurity] === 'true',
  };
}

/** The facts the desired-state functions read, from what the controller has accepted. */
export function buildClusterView(input: ViewInput): ClusterView {
  const pods: PodPortView[] = [];
  for (const pod of input.pods) {
    if (pod.spec?.hostNetwork) continue;
    const view = podPortView(pod);
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
    nodes: input.nodes.map(nodeView),
    pods,
    joinSubnet: input.joinSubnet,
    natRules: input.ovnNat?.rules ?? [],
  };
}
