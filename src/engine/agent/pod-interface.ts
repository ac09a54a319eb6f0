import { setTimeout as sleep } from 'node:timers/promises';
import { ipArgv, isNotFound, nodeArgv, podArgv, run } from './kernel-commands.js';
import { randomMac } from '../ipam/mac.js';
import type { PodNetworkPlan } from './pod-network-plan.js';

/**
 * Creates the veth pair with the container end already inside the pod's namespace, turns TX checksum offload
 * off on both ends (the userspace datapath cannot complete CHECKSUM_PARTIAL packets: TCP/UDP would break while
 * ping works), sets the host end's MTU and MAC and brings it up. Returns the host end's MAC.
 * Spawns are the cost of a CNI ADD in a burst, so the link work is one `ip -batch` (add + up), and the host MAC
 * is chosen here instead of read back; a leftover host end of an earlier sandbox is removed only when the add
 * finds it.
 */
export async function createVethPair(
  nodeNetns: string | undefined,
  names: { host: string; container: string },
  podNetnsPath: string,
  mtu: number,
): Promise<string> {
  const hostMac = randomMac();
  const batch = vethBatch(names, podNetnsPath, mtu, hostMac);
  try {
    await run(ipArgv(nodeNetns, ['-batch', '-']), batch);
  } catch (error) {
    if (!/File exists/i.test(String((error as { stderr?: string }).stderr ?? (error as Error).message))) throw error;
    await deleteHostVeth(nodeNetns, names.host);
    await run(ipArgv(nodeNetns, ['-batch', '-']), batch);
  }
  await run(nodeArgv(nodeNetns, ['ethtool', '-K', names.host, 'tx', 'off']));
  await run(podArgv(podNetnsPath, ['ethtool', '-K', names.container, 'tx', 'off']));
  return hostMac;
}

/** `ip -batch` input that creates the pair (container end straight into the pod) and brings the host end up (pure). */
export function vethBatch(names: { host: string; container: string }, podNetnsPath: string, mtu: number, hostMac: string): string {
  return (
    `link add ${names.host} address ${hostMac} mtu ${mtu} type veth peer name ${names.container} mtu ${mtu} netns ${podNetnsPath}\n` +
    `link set dev ${names.host} up\n`
  );
}

/** Deletes the host end (the peer goes with it); a missing device is fine. */
export async function deleteHostVeth(nodeNetns: string | undefined, name: string): Promise<void> {
  try {
    await run(ipArgv(nodeNetns, ['link', 'del', 'dev', name]));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** `ip -batch` input that turns the container end into the pod's configured interface (pure). */
export function podInterfaceBatch(containerName: string, ifName: string, plan: PodNetworkPlan): string {
  const lines = [
    `link set dev ${containerName} name ${ifName}`,
    `link set dev ${ifName} address ${plan.mac} mtu ${plan.mtu}`,
    'link set dev lo up',
    // IPv6: no duplicate address detection, so the address is usable (gateway check, traffic) at once.
    ...plan.addresses.map((a) => `addr replace ${a} dev ${ifName}${a.includes(':') ? ' nodad' : ''}`),
    `link set dev ${ifName} up`,
    ...plan.routes.map((r) => `route replace ${r.dst}${r.gw ? ` via ${r.gw}` : ''} dev ${ifName}`),
  ];
  return `${lines.join('\n')}\n`;
}

export async function configurePodInterface(podNetnsPath: string, containerName: string, ifName: string, plan: PodNetworkPlan): Promise<void> {
  await run(podArgv(podNetnsPath, ['ip', '-batch', '-']), podInterfaceBatch(containerName, ifName, plan));
}

/** Pings the gateway from inside the pod until it answers (bounded); false when it never did. */
export async function checkGateway(podNetnsPath: string, gateway: string, attempts: number, aborted: () => boolean): Promise<boolean> {
  for (let i = 0; i < attempts && !aborted(); i++) {
    try {
      await run(podArgv(podNetnsPath, ['ping', '-c', '1', '-W', '1', gateway]));
      return true;
    } catch {
      await sleep(100);
    }
  }
  return false;
}
