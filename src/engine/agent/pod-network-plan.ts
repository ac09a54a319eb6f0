import { ANN } from '../controller/annotations.js';
import type { Subnet } from '../cluster/kinds/kubeovn-types.js';
import type { CniResultBody, CniRoute } from '../../cni/protocol.js';

/** What the agent configures inside a pod for one interface, computed from annotations (no I/O). */
export interface PodNetworkPlan {
  readonly subnet: string;
  readonly mac: string;
  /** `10.16.0.5/16` (one per family). */
  readonly addresses: readonly string[];
  /** Gateways per family, in the order of `addresses`. */
  readonly gateways: readonly string[];
  readonly routes: readonly CniRoute[];
  readonly mtu: number;
  readonly gatewayCheck: boolean;
  readonly ipList: string;
}

export class PodPlanError extends Error {
  override readonly name = 'PodPlanError';
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

function prefixOf(cidr: string): number {
  const slash = cidr.indexOf('/');
  const n = Number(cidr.slice(slash + 1));
  if (slash < 0 || !Number.isInteger(n)) throw new PodPlanError(`cidr "${cidr}" has no prefix length`);
  return n;
}

const isV6 = (ip: string) => ip.includes(':');

/** Parses the `ovn.kubernetes.io/routes` annotation: `[{"dst":"<cidr>","gw":"<ip>"}]`. */
export function parseRoutesAnnotation(text: string | undefined, where: string): CniRoute[] {
  if (!text) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new PodPlanError(`${where}: annotation ${ANN_ROUTES} is not JSON: ${text}`);
  }
  if (!Array.isArray(raw)) throw new PodPlanError(`${where}: annotation ${ANN_ROUTES} must be a JSON list of {dst, gw}`);
  return raw.map((r: unknown, i) => {
    const { dst, gw } = (r ?? {}) as { dst?: unknown; gw?: unknown };
    if (gw !== undefined && typeof gw !== 'string') throw new PodPlanError(`${where}: ${ANN_ROUTES}[${i}].gw must be a string`);
    if (dst !== undefined && typeof dst !== 'string') throw new PodPlanError(`${where}: ${ANN_ROUTES}[${i}].dst must be a string`);
    if (!gw && !dst) throw new PodPlanError(`${where}: ${ANN_ROUTES}[${i}] has neither dst nor gw`);
    return { dst: dst || (gw && isV6(gw) ? '::/0' : '0.0.0.0/0'), ...(gw ? { gw } : {}) };
  });
}

export const ANN_ROUTES = 'ovn.kubernetes.io/routes';

export interface PlanInputs {
  readonly podKey: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly subnet: Subnet | undefined;
  /** The node's labels (underlay MTU: `<pn>.provider-network.kubernetes.io/mtu`). */
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly defaultMtu: number;
  /** Interface gets the default route (eth0 by default). */
  readonly defaultRoute: boolean;
}

/** MTU: subnet.spec.mtu, else the provider network's for underlay, else the agent default. */
export function podMtu(subnet: Subnet | undefined, providerNetwork: string | undefined, nodeLabels: Readonly<Record<string, string>>, defaultMtu: number): number {
  if (subnet?.spec.mtu) return subnet.spec.mtu;
  const underlay = Boolean(subnet?.spec.vlan) && !subnet?.spec.logicalGateway && !subnet?.spec.u2oInterconnection;
  if (underlay && providerNetwork) {
    const label = Number(nodeLabels[`${providerNetwork}.provider-network.kubernetes.io/mtu`]);
    if (Number.isInteger(label) && label > 0) return label;
  }
  return defaultMtu;
}

export function buildPodNetworkPlan(input: PlanInputs): PodNetworkPlan {
  const a = input.annotations;
  const where = `pod ${input.podKey}`;
  const ips = (a[ANN.ipAddress] ?? '').split(',').filter(Boolean);
  const cidrs = (a[ANN.cidr] ?? '').split(',').filter(Boolean);
  const gws = (a[ANN.gateway] ?? '').split(',').filter(Boolean);
  const mac = a[ANN.macAddress] ?? '';
  if (ips.length === 0) throw new PodPlanError(`${where}: annotation ${ANN.ipAddress} is empty`);
  if (!MAC.test(mac)) throw new PodPlanError(`${where}: annotation ${ANN.macAddress} "${mac}" is not a MAC address`);
  const addresses = ips.map((ip) => {
    const cidr = cidrs.find((c) => isV6(c) === isV6(ip));
    if (!cidr) throw new PodPlanError(`${where}: annotation ${ANN.cidr} "${a[ANN.cidr] ?? ''}" has no CIDR for ${ip}`);
    return `${ip.split('/')[0]}/${prefixOf(cidr)}`;
  });
  const gateways = ips.map((ip) => gws.find((g) => isV6(g) === isV6(ip)) ?? '').filter(Boolean);
  const routes: CniRoute[] = [];
  if (input.defaultRoute) for (const gw of gateways) routes.push({ dst: isV6(gw) ? '::/0' : '0.0.0.0/0', gw });
  for (const r of parseRoutesAnnotation(a[ANN_ROUTES], where)) {
    const i = routes.findIndex((x) => x.dst === r.dst);
    if (i >= 0) routes[i] = r;
    else routes.push(r);
  }
  return {
    subnet: a[ANN.logicalSwitch] ?? '',
    mac: mac.toLowerCase(),
    addresses,
    gateways,
    routes,
    mtu: podMtu(input.subnet, a[ANN.providerNetwork], input.nodeLabels, input.defaultMtu),
    gatewayCheck: input.defaultRoute && gateways.length > 0 && !input.subnet?.spec.disableGatewayCheck,
    ipList: ips.map((ip) => ip.split('/')[0]).join(','),
  };
}

/** The CNI result for a configured interface: host veth (0) and the pod interface (1). */
export function resultFor(plan: PodNetworkPlan, hostVeth: { name: string; mac: string }, ifName: string, netnsPath: string): CniResultBody {
  return {
    interfaces: [
      { name: hostVeth.name, mac: hostVeth.mac },
      { name: ifName, mac: plan.mac, mtu: plan.mtu, sandbox: netnsPath },
    ],
    ips: plan.addresses.map((address) => {
      const gateway = plan.gateways.find((g) => isV6(g) === isV6(address));
      return { address, interface: 1, ...(gateway ? { gateway } : {}) };
    }),
    routes: plan.routes.map((r) => ({ ...r })),
    dns: {},
  };
}
