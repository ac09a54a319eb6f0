import { fileURLToPath } from 'node:url';
import { runCommand } from '../../proc/run-command.js';
import { SubprocessError } from '../../proc/subprocess-error.js';

/** The plugin executable a runtime would run (the Perl shim that relays to the agent; see bin/kovn-cni). */
export const KOVN_CNI_BIN = fileURLToPath(new URL('../../../../bin/kovn-cni', import.meta.url));

export interface CniCall {
  readonly command: 'ADD' | 'DEL' | 'CHECK';
  readonly containerId: string;
  /** Path of the pod's network namespace, e.g. /var/run/netns/<name>. */
  readonly netnsPath: string;
  readonly ifName: string;
  readonly podNamespace: string;
  readonly podName: string;
  readonly cniSocket: string;
}

/** The parts of a CNI 1.0.0 result the lab reads. */
export interface CniResult {
  readonly cniVersion?: string;
  readonly interfaces?: { name: string; mac?: string; sandbox?: string }[];
  readonly ips?: { address: string; gateway?: string; interface?: number }[];
}

export class CniError extends Error {
  override readonly name = 'CniError';
  constructor(
    readonly call: CniCall,
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    let detail = output.trim();
    try {
      const parsed = JSON.parse(detail) as { code?: number; msg?: string; details?: string };
      detail = [parsed.msg, parsed.details].filter(Boolean).join(': ') || detail;
    } catch {
      // not CNI error JSON: keep the raw text
    }
    super(`CNI ${call.command} for pod ${call.podNamespace}/${call.podName} failed (exit ${String(exitCode)}): ${detail}`);
  }
}

/**
 * Runs the real plugin (`bin/kovn-cni`) the way a container runtime does: CNI env and config on stdin.
 * Through runCommand, so in the lab daemon it is spawned by the small command spawner, not by the daemon.
 */
export async function invokeCni(call: CniCall, timeoutMs = 60_000): Promise<CniResult> {
  const env = {
    ...process.env,
    CNI_COMMAND: call.command,
    CNI_CONTAINERID: call.containerId,
    CNI_NETNS: call.netnsPath,
    CNI_IFNAME: call.ifName,
    CNI_ARGS: `IgnoreUnknown=1;K8S_POD_NAMESPACE=${call.podNamespace};K8S_POD_NAME=${call.podName};K8S_POD_INFRA_CONTAINER_ID=${call.containerId}`,
    CNI_PATH: '/opt/cni/bin',
  };
  const config = { cniVersion: '1.0.0', name: 'kovn', type: 'kovn', server_socket: call.cniSocket };
  let stdout: string;
  try {
    ({ stdout } = await runCommand([KOVN_CNI_BIN], { env, input: JSON.stringify(config), timeoutMs }));
  } catch (error) {
    if (!(error instanceof SubprocessError)) throw error;
    throw new CniError(call, error.exitCode, error.stdout || error.stderr);
  }
  if (call.command !== 'ADD') return {};
  try {
    return JSON.parse(stdout) as CniResult;
  } catch {
    throw new CniError(call, 0, `result is not JSON: ${stdout.slice(0, 200)}`);
  }
}
