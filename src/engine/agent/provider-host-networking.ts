/**
 * Moving the host's addresses and routes between a provider NIC and its bridge's internal port (Kube-OVN's
 * `transferAddrsAndRoutes`): once the NIC is a port of the bridge, the kernel no longer receives on it, so the
 * host's IP must live on the bridge; on removal it goes back. Link-local addresses and the routes the kernel
 * makes for an address stay where they are.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ipArgv, run } from './kernel-commands.js';
import { nodeLink, type AddrInfo, type LinkWithAddrs } from './link-state.js';

export interface HostRoute {
  readonly family: '-4' | '-6';
  readonly dst: string;
  readonly gateway?: string;
  readonly metric?: number;
  readonly prefsrc?: string;
  readonly scope?: string;
  readonly protocol?: string;
}

interface RouteJson {
  dst: string;
  gateway?: string;
  metric?: number;
  prefsrc?: string;
  scope?: string;
  protocol?: string;
}

const isLinkLocal = (a: Pick<AddrInfo, 'family' | 'local'>) => (a.family === 'inet6' ? /^fe[89ab]/i.test(a.local) : a.local.startsWith('169.254.'));

/** The addresses that move with the host's networking (everything but link-local). Pure. */
export function movableAddresses(link: LinkWithAddrs | undefined): AddrInfo[] {
  return (link?.addr_info ?? []).filter((a) => (a.family === 'inet' || a.family === 'inet6') && !isLinkLocal(a));
}

/**
 * The routes that move: everything in the main table on the device but the kernel's own (made for an address,
 * they follow it) and IPv6 link-local/multicast. Link-scope routes first: gateway routes need them. Pure.
 */
export function movableRoutes(routes: readonly HostRoute[]): HostRoute[] {
  const moving = routes.filter((r) => r.protocol !== 'kernel' && !/^(fe80|ff00)::/i.test(r.dst));
  const rank = (r: HostRoute) => (r.scope === 'link' || !r.gateway ? 0 : 1);
  return [...moving].sort((a, b) => rank(a) - rank(b));
}

/** `ip route replace` arguments for a route on `dev`. Pure. */
export function routeReplaceArgs(route: HostRoute, dev: string): string[] {
  const args = [route.family, 'route', 'replace', route.dst];
  if (route.gateway) args.push('via', route.gateway);
  args.push('dev', dev);
  if (route.metric !== undefined) args.push('metric', String(route.metric));
  if (route.prefsrc) args.push('src', route.prefsrc);
  if (route.scope && route.scope !== 'global') args.push('scope', route.scope);
  if (route.protocol && route.protocol !== 'boot') args.push('proto', route.protocol);
  return args;
}

export async function deviceRoutes(netns: string | undefined, dev: string): Promise<HostRoute[]> {
  const out: HostRoute[] = [];
  for (const family of ['-4', '-6'] as const) {
    const text = (await run(ipArgv(netns, [family, '-json', 'route', 'show', 'dev', dev]))).stdout.trim();
    for (const r of text ? (JSON.parse(text) as RouteJson[]) : []) out.push({ family, ...r });
  }
  return out;
}

/** Waits for a link vswitchd creates asynchronously (an internal port's tap); undefined when it never came. */
export async function waitForLink(netns: string | undefined, name: string, timeoutMs: number): Promise<LinkWithAddrs | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const link = await nodeLink(netns, name);
    if (link || Date.now() > deadline) return link;
    await sleep(50);
  }
}

/** Waits until a link is gone (a deleted bridge's tap); true when it went. */
export async function waitForLinkGone(netns: string | undefined, name: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await nodeLink(netns, name))) return true;
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
}

/** What moves from one device to another: its addresses and the routes captured before they go. */
export interface HostNetworking {
  readonly addresses: readonly AddrInfo[];
  readonly routes: readonly HostRoute[];
}

export async function captureHostNetworking(netns: string | undefined, dev: string): Promise<HostNetworking> {
  const link = await nodeLink(netns, dev);
  if (!link) return { addresses: [], routes: [] };
  return { addresses: movableAddresses(link), routes: movableRoutes(await deviceRoutes(netns, dev)) };
}

/**
 * Puts `networking` on `to` (up first: gateway routes need a live link) and, when `from` still exists, takes the
 * addresses off it (the kernel drops their routes with them). Idempotent: `replace` everywhere.
 */
export async function applyHostNetworking(netns: string | undefined, networking: HostNetworking, to: string, from: string | undefined): Promise<void> {
  const ip = (...args: string[]) => run(ipArgv(netns, args));
  await ip('link', 'set', 'dev', to, 'up');
  for (const a of networking.addresses) {
    await ip(a.family === 'inet6' ? '-6' : '-4', 'addr', 'replace', `${a.local}/${a.prefixlen}`, 'dev', to, ...(a.family === 'inet6' ? ['nodad'] : []));
  }
  if (from) for (const a of networking.addresses) await ip(a.family === 'inet6' ? '-6' : '-4', 'addr', 'del', `${a.local}/${a.prefixlen}`, 'dev', from);
  for (const r of networking.routes) await ip(...routeReplaceArgs(r, to));
}

/** Moves addresses and routes from `from` to `to` when `from` has any (a repeat pass finds none: no change). */
export async function moveHostNetworking(netns: string | undefined, from: string, to: string): Promise<HostNetworking> {
  const networking = await captureHostNetworking(netns, from);
  if (networking.addresses.length || networking.routes.length) await applyHostNetworking(netns, networking, to, from);
  return networking;
}
