/**
 * Runs the real `kovn-cni` plugin the way a container runtime does (the executable itself: the shim, which
 * hands what it cannot relay to the Node plugin): CNI_* environment, network configuration on stdin, result or
 * error JSON on stdout.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const plugin = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'bin', 'kovn-cni');

export interface CniRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (undefined when empty). */
  readonly json: Record<string, unknown> | undefined;
}

export interface CniCall {
  readonly command: string;
  readonly containerId?: string;
  readonly netns?: string;
  readonly ifName?: string;
  readonly pod?: { name: string; namespace: string };
  /** Raw stdin; default: a valid kovn network configuration for `socket`. */
  readonly stdin?: string;
  readonly socket?: string;
  readonly cniVersion?: string;
  /** PATH for the plugin (default: the test's); without node on it, only the shim's relay can answer. */
  readonly path?: string;
}

export function networkConfig(socket: string, cniVersion = '1.0.0'): string {
  return JSON.stringify({ cniVersion, name: 'kovn', type: 'kovn', server_socket: socket });
}

export function runCni(call: CniCall): Promise<CniRun> {
  const env: NodeJS.ProcessEnv = { PATH: call.path ?? process.env.PATH, CNI_COMMAND: call.command, CNI_PATH: '/opt/cni/bin' };
  if (call.containerId) env.CNI_CONTAINERID = call.containerId;
  if (call.netns) env.CNI_NETNS = call.netns;
  env.CNI_IFNAME = call.ifName ?? 'eth0';
  if (call.pod) env.CNI_ARGS = `IgnoreUnknown=1;K8S_POD_NAMESPACE=${call.pod.namespace};K8S_POD_NAME=${call.pod.name};K8S_POD_INFRA_CONTAINER_ID=${call.containerId ?? ''}`;
  const stdin = call.stdin ?? networkConfig(call.socket ?? '/nonexistent/kovn.sock', call.cniVersion);
  return new Promise((resolve, reject) => {
    const child = spawn(plugin, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => {
      let json: Record<string, unknown> | undefined;
      try {
        json = stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ exitCode: code ?? -1, stdout, stderr, json });
    });
    child.stdin.end(stdin);
  });
}
