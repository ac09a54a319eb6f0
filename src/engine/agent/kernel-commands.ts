import { runCommand, type RunResult } from '../proc/run-command.js';

/**
 * Every kernel operation of a node agent targets the node's network namespace: the agent runs in the root
 * namespace of its process, and the lab hosts several agents in one process. Argument arrays only, never a shell.
 */

/** `ip ARGS` in the node's namespace (`ip -n NS …`), or this host's when `netns` is undefined. */
export function ipArgv(netns: string | undefined, args: readonly string[]): string[] {
  return netns ? ['ip', '-n', netns, ...args] : ['ip', ...args];
}

/** Any program in the node's namespace (`ip netns exec NS …`). */
export function nodeArgv(netns: string | undefined, argv: readonly string[]): string[] {
  return netns ? ['ip', 'netns', 'exec', netns, ...argv] : [...argv];
}

/** Any program in a pod's namespace given as a path (CNI_NETNS: /var/run/netns/X or /proc/PID/ns/net). */
export function podArgv(netnsPath: string, argv: readonly string[]): string[] {
  return ['nsenter', `--net=${netnsPath}`, ...argv];
}

export function run(argv: readonly string[], input?: string): Promise<RunResult> {
  return runCommand(argv, { timeoutMs: 30_000, ...(input === undefined ? {} : { input }) });
}

/** True when the failure says the object is not there (deleting something already gone is fine). */
export function isNotFound(error: unknown): boolean {
  const text = String((error as { stderr?: string })?.stderr ?? (error as Error)?.message ?? '');
  return /Cannot find device|does not exist|No such (file|device|process)|not found/i.test(text);
}
