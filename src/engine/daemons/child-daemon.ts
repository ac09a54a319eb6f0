import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive, stopProcess } from '../proc/process-state.js';

/**
 * An OVS/OVN daemon run in the foreground as our child (no --detach): we hold its pid from spawn, node reaps it
 * the moment it exits (no zombie waiting for PID 1), and it cannot outlive a crashed parent unnoticed in a pidfile.
 */
export interface ChildDaemon {
  readonly argv: readonly string[];
  readonly pid: number;
  /** The last few KB the daemon wrote to stderr (fatal start-up errors land here with -vconsole:off). */
  stderrTail(): string;
  /** Resolves when the process has exited (code or signal). */
  readonly exited: Promise<void>;
  alive(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL (a crash, for tests); resolves when it is gone. */
  kill(): Promise<void>;
}

export class DaemonStartError extends Error {
  override readonly name = 'DaemonStartError';
  constructor(
    readonly argv: readonly string[],
    reason: string,
    readonly logTail: string,
  ) {
    super(`${argv[0]} did not start: ${reason}${logTail ? `\n${logTail}` : ''}`);
  }
}

/** `env` adds variables to ours (e.g. OVS_RUNDIR); they pass through exec'ing launchers like `ip netns exec`. */
export function spawnDaemon(argv: readonly string[], env: Readonly<Record<string, string>> = {}): ChildDaemon {
  const [file, ...args] = argv;
  const child: ChildProcess = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let tail = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4096);
  });
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });
  const pid = child.pid ?? -1;
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  return {
    argv,
    pid,
    exited,
    stderrTail: () => (spawnError ? `${spawnError.message}\n${tail}` : tail),
    alive: () => !hasExited && pid > 0 && isProcessAlive(pid),
    async stop(graceMs = 3000) {
      if (pid > 0 && !hasExited) await stopProcess(pid, graceMs);
      await exited;
    },
    async kill() {
      if (pid > 0 && !hasExited) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await exited;
    },
  };
}

/** Polls `ready` until it holds; fails early (with the log tail) if the daemon dies first. */
export async function waitUntilReady(
  daemon: ChildDaemon,
  ready: () => boolean | Promise<boolean>,
  what: string,
  logFile?: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!daemon.alive()) throw new DaemonStartError(daemon.argv, `exited before ${what}`, logTail(daemon, logFile));
    if (await ready()) return;
    if (Date.now() > deadline) {
      await daemon.stop();
      throw new DaemonStartError(daemon.argv, `no ${what} after ${timeoutMs} ms`, logTail(daemon, logFile));
    }
    await sleep(10);
  }
}

export function logTail(daemon: ChildDaemon, logFile?: string): string {
  let text = daemon.stderrTail();
  if (logFile) {
    try {
      text += readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      // no log yet
    }
  }
  return text.trim();
}
