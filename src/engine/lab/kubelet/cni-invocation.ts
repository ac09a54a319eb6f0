import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const KOVN_CNI_BIN = fileURLToPath(new URL('../../../../bin/kovn-cni.js', import.meta.url));

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

/** Runs the real plugin (`node bin/kovn-cni.js`) the way a container runtime does: CNI env and config on stdin. */
export function invokeCni(call: CniCall, timeoutMs = 60_000): Promise<CniResult> {
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
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KOVN_CNI_BIN], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new CniError(call, null, e.message));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      if (code !== 0) return reject(new CniError(call, code, stdout || Buffer.concat(err).toString('utf8')));
      if (call.command !== 'ADD') return resolve({});
      try {
        resolve(JSON.parse(stdout) as CniResult);
      } catch {
        reject(new CniError(call, code, `result is not JSON: ${stdout.slice(0, 200)}`));
      }
    });
    child.stdin.end(JSON.stringify(config));
  });
}
