import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCommand } from '../proc/run-command.js';
import { spawnDaemon, waitUntilReady, type ChildDaemon } from './child-daemon.js';

export interface OvnControllerOptions {
  /** OVN_RUNDIR: pidfile, log and the control socket `ovn-controller.<pid>.ctl` (it has no --unixctl). */
  readonly dir: string;
  /** The node's Open_vSwitch database (ovn-controller reads ovn-remote etc. from its external_ids). */
  readonly dbRemote: string;
  /** vswitchd's OVS_RUNDIR: ovn-controller reaches br-int through `<OVS_RUNDIR>/<bridge>.mgmt`. */
  readonly ovsRunDir: string;
  readonly commandPrefix?: readonly string[];
  readonly extraArgs?: readonly string[];
}

export interface OvnControllerHandle {
  readonly pid: number;
  readonly unixctlPath: string;
  readonly logPath: string;
  alive(): boolean;
  /** SIGTERM: the Chassis row and port bindings stay in SB (a restart re-registers). */
  stop(): Promise<void>;
  /** `ovn-appctl exit`: ovn-controller deletes its Chassis from SB, then exits (for removing a node). */
  exitAndDeleteChassis(): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

/** Starts ovn-controller in the foreground as our child; resolves once its control socket exists. */
export async function startOvnController(options: OvnControllerOptions): Promise<OvnControllerHandle> {
  const logPath = join(options.dir, 'ovn-controller.log');
  const argv = [
    ...(options.commandPrefix ?? []),
    'ovn-controller',
    options.dbRemote,
    `--pidfile=${join(options.dir, 'ovn-controller.pid')}`,
    `--log-file=${logPath}`,
    '-vconsole:off',
    '--no-chdir',
    ...(options.extraArgs ?? []),
  ];
  let daemon: ChildDaemon;
  // The launcher execs, so the pid we spawned is ovn-controller's and names its control socket.
  const ctl = () => join(options.dir, `ovn-controller.${daemon.pid}.ctl`);
  async function launch(): Promise<void> {
    daemon = spawnDaemon(argv, { OVS_RUNDIR: options.ovsRunDir, OVN_RUNDIR: options.dir });
    await waitUntilReady(daemon, () => existsSync(ctl()), 'control socket', logPath);
  }
  await launch();
  return {
    get pid() {
      return daemon.pid;
    },
    get unixctlPath() {
      return ctl();
    },
    logPath,
    alive: () => daemon.alive(),
    stop: () => daemon.stop(),
    async exitAndDeleteChassis() {
      if (!daemon.alive()) return;
      await runCommand(['ovn-appctl', '-t', ctl(), 'exit'], { timeoutMs: 15_000 });
      // Unref'd: a pending fallback timer must not keep the process alive after ovn-controller is gone.
      await Promise.race([daemon.exited, sleep(15_000, undefined, { ref: false })]);
      await daemon.stop();
    },
    kill: () => daemon.kill(),
    async restart() {
      await daemon.stop();
      await launch();
    },
  };
}
