import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { OvsdbClient } from '../../ovn/ovsdb/client.js';
import type { AnyTables } from '../../ovn/ovsdb/operations.js';
import { spawnDaemon, waitUntilReady, type ChildDaemon } from './child-daemon.js';

export interface OvnNorthdOptions {
  readonly dir: string;
  /** Northbound remote(s), e.g. `unix:/tmp/x/nb.sock` or a comma list for a cluster. */
  readonly nbRemote: string;
  readonly sbRemote: string;
  readonly name?: string;
  /** Runs northd through a command that execs it, e.g. ['ip', 'netns', 'exec', 'central']. */
  readonly commandPrefix?: readonly string[];
}

export interface OvnNorthdHandle {
  readonly pid: number;
  readonly logPath: string;
  readonly unixctlPath: string;
  alive(): boolean;
  /**
   * Resolves once northd has completed a first pass over the databases (SB_Global exists). Start ovn-controllers
   * after this: one that starts earlier may stay unregistered.
   */
  waitForFirstPass(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

/** Starts ovn-northd in the foreground as our child; resolves once its unixctl socket exists. */
export async function startOvnNorthd(options: OvnNorthdOptions): Promise<OvnNorthdHandle> {
  const name = options.name ?? 'northd';
  const logPath = join(options.dir, `${name}.log`);
  const unixctlPath = join(options.dir, `${name}.ctl`);
  const argv = [
    ...(options.commandPrefix ?? []),
    'ovn-northd',
    `--ovnnb-db=${options.nbRemote}`,
    `--ovnsb-db=${options.sbRemote}`,
    `--pidfile=${join(options.dir, `${name}.pid`)}`,
    `--unixctl=${unixctlPath}`,
    `--log-file=${logPath}`,
    '-vconsole:off',
    '--no-chdir',
  ];
  let daemon: ChildDaemon;
  async function launch(): Promise<void> {
    daemon = spawnDaemon(argv);
    await waitUntilReady(daemon, () => existsSync(unixctlPath), `unixctl socket ${unixctlPath}`, logPath);
  }
  await launch();
  return {
    get pid() {
      return daemon.pid;
    },
    logPath,
    unixctlPath,
    alive: () => daemon.alive(),
    waitForFirstPass: (timeoutMs = 20_000) => waitForSbGlobal(options.sbRemote, timeoutMs),
    stop: () => daemon.stop(),
    kill: () => daemon.kill(),
    async restart() {
      await daemon.stop();
      await launch();
    },
  };
}

async function waitForSbGlobal(sbRemote: string, timeoutMs: number): Promise<void> {
  const client = await OvsdbClient.connect<AnyTables>(sbRemote, { database: 'OVN_Southbound', leaderOnly: false });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [result] = await client.transact([{ op: 'select', table: 'SB_Global', where: [], columns: ['_uuid'] }]);
      if ((result.rows?.length ?? 0) > 0) return;
      if (Date.now() > deadline) throw new Error(`ovn-northd did not create SB_Global in ${sbRemote} within ${timeoutMs} ms`);
      await sleep(20);
    }
  } finally {
    await client.close();
  }
}
