import { CniError } from './cni-error.js';
import { CNI_ERROR, SUPPORTED_CNI_VERSIONS } from './protocol.js';

export type CniCommand = 'ADD' | 'DEL' | 'CHECK' | 'STATUS' | 'VERSION' | 'GC';

export const DEFAULT_SERVER_SOCKET = '/run/kovn/cni.sock';

/** The network configuration the runtime writes on stdin (the fields kovn reads). */
export interface KovnNetworkConfig {
  readonly cniVersion: string;
  readonly name: string;
  readonly type: string;
  /** The agent's unix socket (`server_socket`). */
  readonly serverSocket: string;
}

export interface CniInvocation {
  readonly command: CniCommand;
  readonly containerId: string;
  readonly netns: string;
  readonly ifName: string;
  readonly podName: string;
  readonly podNamespace: string;
  readonly config: KovnNetworkConfig;
}

const COMMANDS: readonly CniCommand[] = ['ADD', 'DEL', 'CHECK', 'STATUS', 'VERSION', 'GC'];

/** `IgnoreUnknown=1;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=web` → map. */
export function parseCniArgs(text: string | undefined): Map<string, string> {
  const args = new Map<string, string>();
  for (const pair of (text ?? '').split(';')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CniError(CNI_ERROR.invalidEnvironment, `CNI_ARGS: "${pair}" is not KEY=VALUE`);
    args.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return args;
}

export function parseCommand(value: string | undefined): CniCommand {
  if (!value) throw new CniError(CNI_ERROR.invalidEnvironment, 'CNI_COMMAND is not set');
  if (!(COMMANDS as readonly string[]).includes(value)) {
    throw new CniError(CNI_ERROR.invalidEnvironment, `CNI_COMMAND "${value}" is not one of ${COMMANDS.join(', ')}`);
  }
  return value as CniCommand;
}

/** 1.0.0 → [1,0,0]; anything else fails as an incompatible version. */
export function versionParts(version: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) throw new CniError(CNI_ERROR.incompatibleVersion, `cniVersion "${version}" is not a version (MAJOR.MINOR.PATCH)`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function versionAtLeast(version: string, minimum: string): boolean {
  const a = versionParts(version);
  const b = versionParts(minimum);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** Decodes and checks the stdin network configuration. */
export function parseNetworkConfig(stdin: string): KovnNetworkConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(stdin);
  } catch (error) {
    throw new CniError(CNI_ERROR.decodeFailure, 'network configuration on stdin is not JSON', (error as Error).message);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CniError(CNI_ERROR.decodeFailure, 'network configuration on stdin must be a JSON object');
  }
  const conf = raw as Record<string, unknown>;
  const cniVersion = conf.cniVersion;
  if (typeof cniVersion !== 'string') throw new CniError(CNI_ERROR.invalidNetworkConfig, 'network configuration: cniVersion is missing');
  versionParts(cniVersion);
  if (!(SUPPORTED_CNI_VERSIONS as readonly string[]).includes(cniVersion)) {
    throw new CniError(CNI_ERROR.incompatibleVersion, `cniVersion "${cniVersion}" is not supported (supported: ${SUPPORTED_CNI_VERSIONS.join(', ')})`);
  }
  if (typeof conf.name !== 'string' || conf.name === '') throw new CniError(CNI_ERROR.invalidNetworkConfig, 'network configuration: name is missing');
  if (conf.type !== 'kovn') throw new CniError(CNI_ERROR.invalidNetworkConfig, `network configuration: type is ${JSON.stringify(conf.type)}, expected "kovn"`);
  const socket = conf.server_socket ?? DEFAULT_SERVER_SOCKET;
  if (typeof socket !== 'string' || !socket.startsWith('/')) {
    throw new CniError(CNI_ERROR.invalidNetworkConfig, `network configuration: server_socket ${JSON.stringify(socket)} is not an absolute path`);
  }
  return { cniVersion, name: conf.name, type: conf.type, serverSocket: socket };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new CniError(CNI_ERROR.invalidEnvironment, `${name} is not set`);
  return value;
}

/** Reads the CNI environment and stdin for ADD, DEL, CHECK, STATUS (VERSION needs neither). */
export function parseInvocation(env: NodeJS.ProcessEnv, stdin: string): CniInvocation {
  const command = parseCommand(env.CNI_COMMAND);
  const config = parseNetworkConfig(stdin);
  if (command === 'STATUS' || command === 'GC') {
    return { command, containerId: '', netns: '', ifName: '', podName: '', podNamespace: '', config };
  }
  const containerId = required(env, 'CNI_CONTAINERID');
  const ifName = required(env, 'CNI_IFNAME');
  if (Buffer.byteLength(ifName) > 15 || /[/\s:]/.test(ifName)) {
    throw new CniError(CNI_ERROR.invalidEnvironment, `CNI_IFNAME "${ifName}" is not a valid interface name (at most 15 bytes, no '/', ':' or spaces)`);
  }
  const netns = command === 'DEL' ? (env.CNI_NETNS ?? '') : required(env, 'CNI_NETNS');
  if (command !== 'DEL') required(env, 'CNI_PATH');
  if (command === 'CHECK' && !versionAtLeast(config.cniVersion, '0.4.0')) {
    throw new CniError(CNI_ERROR.incompatibleVersion, `CHECK needs cniVersion 0.4.0 or later (got ${config.cniVersion})`);
  }
  const args = parseCniArgs(env.CNI_ARGS);
  const podName = args.get('K8S_POD_NAME') ?? '';
  const podNamespace = args.get('K8S_POD_NAMESPACE') ?? '';
  if (command !== 'DEL' && (!podName || !podNamespace)) {
    throw new CniError(CNI_ERROR.invalidEnvironment, 'CNI_ARGS must carry K8S_POD_NAME and K8S_POD_NAMESPACE');
  }
  return { command, containerId, netns, ifName, podName, podNamespace, config };
}
