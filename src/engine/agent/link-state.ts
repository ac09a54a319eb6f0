import { ipArgv, isNotFound, podArgv, run } from './kernel-commands.js';

export interface LinkInfo {
  ifname: string;
  address?: string;
  mtu?: number;
  operstate?: string;
  flags?: string[];
}

export interface AddrInfo {
  family: 'inet' | 'inet6';
  local: string;
  prefixlen: number;
  scope?: string;
}

export interface LinkWithAddrs extends LinkInfo {
  addr_info?: AddrInfo[];
}

export interface RouteInfo {
  dst: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
}

function parseJson<T>(stdout: string): T[] {
  const text = stdout.trim();
  return text ? (JSON.parse(text) as T[]) : [];
}

/** One link in the node namespace, or undefined when it does not exist. */
export async function nodeLink(netns: string | undefined, name: string): Promise<LinkWithAddrs | undefined> {
  try {
    return parseJson<LinkWithAddrs>((await run(ipArgv(netns, ['-json', 'addr', 'show', 'dev', name]))).stdout)[0];
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function nodeRoutes(netns: string | undefined, dev: string, family: '-4' | '-6' = '-4'): Promise<RouteInfo[]> {
  try {
    return parseJson<RouteInfo>((await run(ipArgv(netns, [family, '-json', 'route', 'show', 'dev', dev]))).stdout);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

/** One link inside a pod's namespace (by path), or undefined. */
export async function podLink(netnsPath: string, name: string): Promise<LinkWithAddrs | undefined> {
  try {
    return parseJson<LinkWithAddrs>((await run(podArgv(netnsPath, ['ip', '-json', 'addr', 'show', 'dev', name]))).stdout)[0];
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function podRoutes(netnsPath: string, dev: string): Promise<RouteInfo[]> {
  const v4 = parseJson<RouteInfo>((await run(podArgv(netnsPath, ['ip', '-4', '-json', 'route', 'show', 'dev', dev]))).stdout);
  const v6 = parseJson<RouteInfo>((await run(podArgv(netnsPath, ['ip', '-6', '-json', 'route', 'show', 'dev', dev]))).stdout);
  return [...v4, ...v6];
}
