import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ipArgv, isNotFound, podArgv, run } from './kernel-commands.js';
import { randomMac } from '../ipam/mac.js';
import type { PodNetworkPlan } from './pod-network-plan.js';

/**
 * Whether the kernel has IPv6 (it can be disabled at boot: then `addrgenmode` is refused, and there is no IPv6
 * chatter to silence either).
 */
const kernelHasIpv6 = existsSync('/proc/sys/net/ipv6');

/**
 * Creates the veth pair, turns TX checksum offload off on both ends (the userspace datapath cannot complete
 * CHECKSUM_PARTIAL packets: TCP/UDP would break while ping works), sets the host end's MTU and MAC, puts the
 * container end into the pod's namespace and brings the host end up. Returns the host end's MAC.
 * Spawns are the cost of a CNI ADD in a burst: in a named node namespace (the lab) all of it is one `ip -batch`
 * (its `netns exec` lines fork the small `ip`, not the agent); the host MAC is chosen here instead of read back;
 * a leftover host end of an earlier sandbox is removed only when the add finds it.
 */
export async function createVethPair(
  nodeNetns: string | undefined,
  names: { host: string; container: string },
  podNetnsPath: string,
  mtu: number,
): Promise<string> {
  const hostMac = randomMac();
  const spec = { names, podNetnsPath, mtu, hostMac, quietIpv6: kernelHasIpv6 };
  const batch = nodeNetns ? vethBatchInNodeNetns(spec, nodeNetns) : vethBatch(spec);
  try {
    await run(ipArgv(nodeNetns, ['-batch', '-']), batch);
  } catch (error) {
    if (!/File exists/i.test(String((error as { stderr?: string }).stderr ?? (error as Error).message))) throw error;
    await deleteHostVeth(nodeNetns, names.host);
    await run(ipArgv(nodeNetns, ['-batch', '-']), batch);
  }
  if (!nodeNetns) {
    await run(['ethtool', '-K', names.host, 'tx', 'off']);
    await run(podArgv(podNetnsPath, ['ethtool', '-K', names.container, 'tx', 'off']));
  }
  return hostMac;
}

export interface VethSpec {
  readonly names: { readonly host: string; readonly container: string };
  readonly podNetnsPath: string;
  readonly mtu: number;
  readonly hostMac: string;
  /**
   * The host end is only an OVS port: it gets no IPv6 link-local address, so its kernel sends the pod no router
   * solicitations, DAD probes or MLD reports.
   */
  readonly quietIpv6: boolean;
}

const quietHostEnd = (spec: VethSpec) => (spec.quietIpv6 ? [`link set dev ${spec.names.host} addrgenmode none`] : []);

/** `ip -batch` input that creates the pair (container end straight into the pod) and brings the host end up (pure). */
export function vethBatch(spec: VethSpec): string {
  const { names, podNetnsPath, mtu, hostMac } = spec;
  return [
    `link add ${names.host} address ${hostMac} mtu ${mtu} type veth peer name ${names.container} mtu ${mtu} netns ${podNetnsPath}`,
    ...quietHostEnd(spec),
    `link set dev ${names.host} up`,
    '',
  ].join('\n');
}

/**
 * `ip -n NODE -batch` input that does the whole veth job in one process (pure): both ends made in the node's
 * namespace, `tx off` on each there (offload settings survive the move), then the container end moved into the
 * pod and the host end brought up.
 */
export function vethBatchInNodeNetns(spec: VethSpec, nodeNetns: string): string {
  const { names, podNetnsPath, mtu, hostMac } = spec;
  return [
    `link add ${names.host} address ${hostMac} mtu ${mtu} type veth peer name ${names.container} mtu ${mtu}`,
    ...quietHostEnd(spec),
    `netns exec ${nodeNetns} ethtool -K ${names.host} tx off`,
    `netns exec ${nodeNetns} ethtool -K ${names.container} tx off`,
    `link set dev ${names.container} netns ${podNetnsPath}`,
    `link set dev ${names.host} up`,
    '',
  ].join('\n');
}

/** Deletes the host end (the peer goes with it); a missing device is fine. */
export async function deleteHostVeth(nodeNetns: string | undefined, name: string): Promise<void> {
  try {
    await run(ipArgv(nodeNetns, ['link', 'del', 'dev', name]));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * `ip -batch` input that turns the container end into the pod's configured interface (pure).
 * With `quietIpv6`, an interface given no IPv6 address gets no IPv6 link-local either (`addrgenmode none`, as a
 * runtime that leaves IPv6 off for IPv4-only containers): otherwise every new pod sends router solicitations
 * (for minutes, backing off), DAD probes and MLD reports to all-nodes/all-routers multicast, which the logical
 * switch floods to every port of the subnet on every node — after a burst of 100 pods that kept every
 * vswitchd busy for tens of seconds.
 */
export function podInterfaceBatch(containerName: string, ifName: string, plan: PodNetworkPlan, quietIpv6 = false): string {
  const ipv4Only = !plan.addresses.some((a) => a.includes(':'));
  const lines = [
    `link set dev ${containerName} name ${ifName}`,
    `link set dev ${ifName} address ${plan.mac} mtu ${plan.mtu}`,
    ...(quietIpv6 && ipv4Only ? [`link set dev ${ifName} addrgenmode none`] : []),
    'link set dev lo up',
    // IPv6: no duplicate address detection, so the address is usable (gateway check, traffic) at once.
    ...plan.addresses.map((a) => `addr replace ${a} dev ${ifName}${a.includes(':') ? ' nodad' : ''}`),
    `link set dev ${ifName} up`,
    ...plan.routes.map((r) => `route replace ${r.dst}${r.gw ? ` via ${r.gw}` : ''} dev ${ifName}`),
  ];
  return `${lines.join('\n')}\n`;
}

export async function configurePodInterface(podNetnsPath: string, containerName: string, ifName: string, plan: PodNetworkPlan): Promise<void> {
  await run(podArgv(podNetnsPath, ['ip', '-batch', '-']), podInterfaceBatch(containerName, ifName, plan, kernelHasIpv6));
}

/** How long each gateway ping waits for its answer: short at first, then up to a second. */
export function gatewayPingWaitSeconds(attempt: number): number {
  return Math.min(0.25 * 2 ** attempt, 1);
}

/**
 * Pings the gateway from inside the pod until it answers (bounded); false when it never did.
 * In a burst the first ARP request can go unanswered (the switch learns the new port's address a moment after
 * ovn-installed), and the kernel asks again only after its 1 s retransmit time: so a failed attempt drops the
 * pod's unresolved entry for the gateway, and the next ping asks again at once.
 */
export async function checkGateway(podNetnsPath: string, gateway: string, attempts: number, aborted: () => boolean): Promise<boolean> {
  for (let i = 0; i < attempts && !aborted(); i++) {
    try {
      await run(podArgv(podNetnsPath, ['ping', '-c', '1', '-W', String(gatewayPingWaitSeconds(i)), gateway]));
      return true;
    } catch {
      await run(podArgv(podNetnsPath, ['ip', 'neigh', 'flush', 'to', gateway, 'nud', 'incomplete'])).catch(() => undefined);
      await sleep(50);
    }
  }
  return false;
}
