import { KernelChangeFeed } from './kernel-change-feed.js';
import { nodeLink, type LinkInfo } from './link-state.js';
import { CoalescedPass } from './coalesced-pass.js';

/**
 * Why a link cannot carry traffic, or undefined when it can. The kernel's operstate is the truth (a veth
 * whose peer went down, a NIC without carrier: DOWN or LOWERLAYERDOWN); UNKNOWN is what drivers without
 * carrier reporting say, so it counts as up.
 */
export function linkProblem(name: string, link: LinkInfo | undefined): string | undefined {
  if (!link) return `uplink ${name} does not exist`;
  const state = (link.operstate ?? 'UNKNOWN').toUpperCase();
  if (state === 'UP' || state === 'UNKNOWN') return undefined;
  return `uplink ${name} is ${state.toLowerCase()}`;
}

/**
 * The node's uplink state, kept current by one long-lived `ip monitor` in the node's namespace (re-read with
 * one `ip` when a change mentions the uplink), so the 300 ms heartbeat reads memory, never spawns. Watching
 * the kernel rather than OVS's Interface.link_state: vswitchd's own copy lagged by seconds after a stall.
 */
export class UplinkWatch {
  #feed: KernelChangeFeed | undefined;
  #problem: string | undefined;
  readonly #read = new CoalescedPass(async () => {
    this.#problem = linkProblem(this.iface, await nodeLink(this.netns, this.iface).catch(() => undefined));
  });

  constructor(
    private readonly netns: string | undefined,
    private readonly iface: string,
  ) {}

  async start(): Promise<void> {
    this.#feed = new KernelChangeFeed(this.netns, this.iface, () => void this.#refresh());
    this.#feed.start();
    await this.#refresh();
  }

  problem(): string | undefined {
    return this.#problem;
  }

  stop(): void {
    this.#feed?.stop();
    this.#feed = undefined;
  }

  /** One read at a time; a change during a read asks for one more. */
  #refresh(): Promise<void> {
    return this.#read.run();
  }
}
