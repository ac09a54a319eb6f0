import { readdirSync } from 'node:fs';
import { runCommand } from '../../proc/run-command.js';
import { disableTxOffload, ipIn } from './ip-command.js';

/**
 * Creates a network namespace with its loopback up (one `ip -batch` process for both steps). A pod sandbox
 * passes `loopbackUp: false`: its CNI plugin brings lo up, and the `netns exec` (a fork, a mount namespace and
 * another `ip`) is a pod's cost in a burst.
 */
export async function createNetns(name: string, options: { loopbackUp?: boolean } = {}): Promise<void> {
  if (options.loopbackUp === false) {
    await runCommand(['ip', 'netns', 'add', name], { timeoutMs: 15_000 });
    return;
  }
  await runCommand(['ip', '-batch', '-'], { input: `netns add ${name}\nnetns exec ${name} ip link set lo up\n`, timeoutMs: 15_000 });
}

/** Deletes a namespace (and with it its veth ends and the OVS taps left in it); absent is fine. */
export async function deleteNetns(name: string): Promise<void> {
  await runCommand(['ip', 'netns', 'delete', name], { timeoutMs: 15_000 }).catch(() => undefined);
}

/** Named namespaces under /var/run/netns whose names start with `prefix`. */
export function listNetns(prefix: string): string[] {
  try {
    return readdirSync('/var/run/netns').filter((n) => n.startsWith(prefix)).sort();
  } catch {
    return [];
  }
}

/** A veth pair with one end in each namespace, both ends `tx off`, both up. */
export async function createVethPair(a: { netns: string; name: string }, b: { netns: string; name: string }, mtu?: number): Promise<void> {
  await ipIn(a.netns, 'link', 'add', a.name, ...(mtu ? ['mtu', String(mtu)] : []), 'type', 'veth', 'peer', 'name', b.name, 'netns', b.netns, ...(mtu ? ['mtu', String(mtu)] : []));
  await Promise.all([disableTxOffload(a.netns, a.name), disableTxOffload(b.netns, b.name)]);
  await Promise.all([ipIn(a.netns, 'link', 'set', a.name, 'up'), ipIn(b.netns, 'link', 'set', b.name, 'up')]);
}
