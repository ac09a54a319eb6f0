import { runCommand, type RunResult } from '../../proc/run-command.js';

/** `ip -n NETNS ARGS…` (argument array, no shell). */
export function ipIn(netns: string, ...args: string[]): Promise<RunResult> {
  return runCommand(['ip', '-n', netns, ...args], { timeoutMs: 15_000 });
}

/** The argv prefix that runs a program inside a namespace (`ip netns exec` execs, so the pid stays the program's). */
export function inNetns(netns: string): string[] {
  return ['ip', 'netns', 'exec', netns];
}

/** Runs a program inside a namespace and collects its output. */
export function execIn(netns: string, argv: readonly string[], timeoutMs = 15_000): Promise<RunResult> {
  return runCommand([...inNetns(netns), ...argv], { timeoutMs });
}

/**
 * The userspace datapath cannot finish CHECKSUM_PARTIAL packets: with tx offload on, TCP/UDP from that end is
 * dropped while ping works (recipe pitfall 1). Every veth end and every bridge that owns an address gets `tx off`.
 */
export async function disableTxOffload(netns: string, ifname: string): Promise<void> {
  await execIn(netns, ['ethtool', '-K', ifname, 'tx', 'off']);
}
