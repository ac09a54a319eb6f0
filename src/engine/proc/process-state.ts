import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * True while the process exists and is not a zombie. Daemons started with --detach are re-parented to PID 1,
 * which on these machines reaps them only every ~2 s, so `kill -0` keeps succeeding for a dead daemon:
 * read the state field of /proc/PID/stat instead.
 */
export function isProcessAlive(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // The command name (field 2) is in parentheses and may contain spaces: the state follows the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== '' && state !== 'Z' && state !== 'X';
}

/** Sends SIGTERM, waits up to `graceMs` for the process to die, then SIGKILL. Resolves when it is gone. */
export async function stopProcess(pid: number, graceMs = 3000): Promise<void> {
  if (!isProcessAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isProcessAlive(pid) && Date.now() < deadline) await sleep(5);
  if (isProcessAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    while (isProcessAlive(pid)) await sleep(5);
  }
}

/** Reads a pid file written by an OVS/OVN daemon; undefined when it is absent or empty. */
export function readPidFile(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
