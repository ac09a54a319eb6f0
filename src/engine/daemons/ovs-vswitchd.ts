import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCommand } from '../proc/run-command.js';
import { OvsdbClient } from '../../ovn/ovsdb/client.js';
import type { AnyTables } from '../../ovn/ovsdb/operations.js';
import { spawnDaemon, waitUntilReady, type ChildDaemon } from './child-daemon.js';

export interface OvsVswitchdOptions {
  /** Run dir: pidfile, unixctl, log, and the bridges' `<bridge>.mgmt` sockets (OVS_RUNDIR). */
  readonly dir: string;
  /** The node's Open_vSwitch database, e.g. `unix:/…/db.sock`. */
  readonly dbRemote: string;
  readonly name?: string;
  /** e.g. ['ip', 'netns', 'exec', 'node1']: one netdev vswitchd per network namespace (they share a tap name). */
  readonly commandPrefix?: readonly string[];
  readonly extraArgs?: readonly string[];
}

export interface OvsVswitchdHandle {
  readonly pid: number;
  readonly unixctlPath: string;
  readonly logPath: string;
  /** OVS_RUNDIR to give ovn-controller and ovs-ofctl for this vswitchd. */
  readonly runDir: string;
  alive(): boolean;
  /** Waits until vswitchd has applied the current database contents (what ovs-vsctl waits for after a write). */
  waitReconfigured(timeoutSeconds?: number): Promise<void>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

/** Starts ovs-vswitchd in the foreground as our child; resolves once it answers on its unixctl socket. */
export async function startOvsVswitchd(options: OvsVswitchdOptions): Promise<OvsVswitchdHandle> {
  const name = options.name ?? 'vswitchd';
  const unixctlPath = join(options.dir, `${name}.ctl`);
  const logPath = join(options.dir, `${name}.log`);
  const argv = [
    ...(options.commandPrefix ?? []),
    'ovs-vswitchd',
    options.dbRemote,
    `--pidfile=${join(options.dir, `${name}.pid`)}`,
    `--unixctl=${unixctlPath}`,
    `--log-file=${logPath}`,
    '-vconsole:off',
    '--no-chdir',
    ...(options.extraArgs ?? []),
  ];
  let daemon: ChildDaemon;
  async function launch(): Promise<void> {
    daemon = spawnDaemon(argv, { OVS_RUNDIR: options.dir });
    await waitUntilReady(daemon, () => existsSync(unixctlPath) && answers(unixctlPath), `unixctl socket ${unixctlPath}`, logPath);
  }
  await launch();
  return {
    get pid() {
      return daemon.pid;
    },
    unixctlPath,
    logPath,
    runDir: options.dir,
    alive: () => daemon.alive(),
    waitReconfigured: (timeoutSeconds = 20) => waitForVswitchdSync(options.dbRemote, timeoutSeconds * 1000),
    stop: () => daemon.stop(),
    kill: () => daemon.kill(),
    async restart() {
      await daemon.stop();
      await launch();
    },
  };
}

async function answers(unixctlPath: string): Promise<boolean> {
  try {
    await runCommand(['ovs-appctl', '-t', unixctlPath, 'version'], { timeoutMs: 2000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Bumps Open_vSwitch.next_cfg and waits until vswitchd reports the same cur_cfg: it has then applied everything
 * written before (the handshake ovs-vsctl uses; ovs-vsctl itself has no "just wait" command).
 */
export async function waitForVswitchdSync(dbRemote: string, timeoutMs = 20_000): Promise<void> {
  const client = await OvsdbClient.connect<AnyTables>(dbRemote, { database: 'Open_vSwitch', reconnect: false });
  try {
    const [, selected] = await client.transact([
      { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['next_cfg', '+=', 1]] },
      { op: 'select', table: 'Open_vSwitch', where: [], columns: ['next_cfg'] },
    ]);
    const target = selected.rows?.[0]?.next_cfg;
    if (typeof target !== 'number') throw new Error(`${dbRemote}: no Open_vSwitch row to synchronise with`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [current] = await client.transact([{ op: 'select', table: 'Open_vSwitch', where: [], columns: ['cur_cfg'] }]);
      const cur = current.rows?.[0]?.cur_cfg;
      if (typeof cur === 'number' && cur >= target) return;
      if (Date.now() > deadline) throw new Error(`ovs-vswitchd did not apply ${dbRemote} within ${timeoutMs} ms (cur_cfg ${String(cur)}, want ${target})`);
      await sleep(20);
    }
  } finally {
    await client.close();
  }
}
