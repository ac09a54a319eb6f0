import { spawn, type ChildProcess } from 'node:child_process';
import { ipArgv } from './kernel-commands.js';

/**
 * Tells the agent when the node's links, addresses or routes that mention `device` change, from one
 * long-lived `ip monitor link address route` in the node's namespace: a flap of ovn0 (which deletes its
 * routes) is repaired at once, without polling the kernel with a process every few seconds. Other devices
 * (every pod's host-side veth) are ignored.
 */
export class KernelChangeFeed {
  #child: ChildProcess | undefined;
  #stopped = true;
  #restart: NodeJS.Timeout | undefined;

  constructor(
    private readonly netns: string | undefined,
    private readonly device: string,
    private readonly onChange: () => void,
  ) {}

  start(): void {
    this.#stopped = false;
    const [file, ...args] = ipArgv(this.netns, ['monitor', 'link', 'address', 'route']);
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    this.#child = child;
    const mentions = new RegExp(`\\b${this.device}\\b`);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (mentions.test(chunk.toString('utf8'))) this.onChange();
    });
    child.on('error', () => undefined);
    child.on('exit', () => {
      if (this.#child === child) this.#child = undefined;
      // The monitor died (netns gone, killed): look again in a second unless we were told to stop.
      if (!this.#stopped) this.#restart = setTimeout(() => this.start(), 1000);
    });
  }

  stop(): void {
    this.#stopped = true;
    if (this.#restart) clearTimeout(this.#restart);
    this.#child?.kill('SIGTERM');
    this.#child = undefined;
  }
}
