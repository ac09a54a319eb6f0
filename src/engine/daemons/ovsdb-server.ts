import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { spawnDaemon, waitUntilReady, type ChildDaemon } from './child-daemon.js';

export interface OvsdbServerOptions {
  /** Directory for the socket, pidfile, unixctl socket and log (kept short: unix socket paths max 107 bytes). */
  readonly dir: string;
  /** Base name of the files this server creates in `dir`, e.g. `nb` → nb.sock, nb.pid, nb.ctl, nb.log. */
  readonly name: string;
  /** Database files to serve (created beforehand with ovsdb-tool). */
  readonly dbPaths: readonly string[];
  /** Also listen on TCP 127.0.0.1:PORT; 0 picks a free port (see `tcpPort` on the handle). */
  readonly tcpPort?: number;
  /** Extra arguments, e.g. ['-vraft:dbg'] or ['--remote=db:Open_vSwitch,Open_vSwitch,manager_options']. */
  readonly extraArgs?: readonly string[];
  /** Runs the server through a command that execs it, e.g. ['ip', 'netns', 'exec', 'node1'] (the pid stays ours). */
  readonly commandPrefix?: readonly string[];
}

export interface OvsdbServerHandle {
  readonly name: string;
  readonly socketPath: string;
  /** `unix:<socketPath>`, for OvsdbClient / ovn-nbctl --db. */
  readonly remote: string;
  readonly dbPaths: readonly string[];
  readonly logPath: string;
  readonly unixctlPath: string;
  readonly pidFile: string;
  /** Current pid (changes after restart). */
  readonly pid: number;
  /** Bound TCP port when tcpPort was given. */
  readonly tcpPort: number | undefined;
  alive(): boolean;
  /** SIGTERM, wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL, wait for exit (a crash). */
  kill(): Promise<void>;
  /** Stops (if running) and starts again on the same database files and socket. */
  restart(): Promise<void>;
}

export function ovsdbServerArgv(options: OvsdbServerOptions): string[] {
  const file = (ext: string) => join(options.dir, `${options.name}.${ext}`);
  return [
    ...(options.commandPrefix ?? []),
    'ovsdb-server',
    ...options.dbPaths,
    `--remote=punix:${file('sock')}`,
    ...(options.tcpPort === undefined ? [] : [`--remote=ptcp:${options.tcpPort}:127.0.0.1`]),
    `--pidfile=${file('pid')}`,
    `--unixctl=${file('ctl')}`,
    `--log-file=${file('log')}`,
    '-vconsole:off',
    '-vfile:info',
    '--no-chdir',
    ...(options.extraArgs ?? []),
  ];
}

/** True when something accepts connections on the unix socket. */
export function socketAccepts(path: string): Promise<boolean> {
  if (!existsSync(path)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function boundTcpPort(logPath: string, from: number): number | undefined {
  try {
    const text = readFileSync(logPath, 'utf8').slice(from);
    const match = /127\.0\.0\.1: listening on port (\d+)/.exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function logSize(path: string): number {
  try {
    return readFileSync(path).length;
  } catch {
    return 0;
  }
}

/** Starts ovsdb-server in the foreground as our child and resolves once its unix socket accepts connections. */
export async function startOvsdbServer(options: OvsdbServerOptions): Promise<OvsdbServerHandle> {
  const socketPath = join(options.dir, `${options.name}.sock`);
  const logPath = join(options.dir, `${options.name}.log`);
  let daemon: ChildDaemon;
  let tcpPort: number | undefined;

  async function launch(): Promise<void> {
    const logStart = logSize(logPath);
    // With tcpPort 0 a restart reuses the port bound the first time, so remotes stay valid.
    const argv = ovsdbServerArgv({ ...options, tcpPort: tcpPort ?? options.tcpPort });
    daemon = spawnDaemon(argv);
    await waitUntilReady(daemon, () => socketAccepts(socketPath), `socket ${socketPath}`, logPath);
    if (options.tcpPort !== undefined) {
      await waitUntilReady(daemon, () => boundTcpPort(logPath, logStart) !== undefined, 'TCP listener', logPath);
      tcpPort = boundTcpPort(logPath, logStart);
    }
  }
  await launch();

  return {
    name: options.name,
    socketPath,
    remote: `unix:${socketPath}`,
    dbPaths: options.dbPaths,
    logPath,
    unixctlPath: join(options.dir, `${options.name}.ctl`),
    pidFile: join(options.dir, `${options.name}.pid`),
    get pid() {
      return daemon.pid;
    },
    get tcpPort() {
      return tcpPort;
    },
    alive: () => daemon.alive(),
    stop: () => daemon.stop(),
    kill: () => daemon.kill(),
    async restart() {
      await daemon.stop();
      await launch();
    },
  };
}
