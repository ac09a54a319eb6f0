import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Resident memory of a process in MB (VmRSS), 0 when it is gone. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU time of a process and of its reaped children (user + system, fields 14–17 of /proc/PID/stat) in clock
 * ticks (100 per second on Linux): the lab daemon's short-lived `ip`/CNI children count as the lab's.
 */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * The processes and every live descendant of each (once each): a lab daemon's long-lived helpers (the command
 * spawner, `ip monitor` feeds) count whether or not its status names them.
 */
export function processTree(pids: readonly number[]): number[] {
  const seen = new Set<number>();
  const visit = (pid: number) => {
    if (seen.has(pid)) return;
    seen.add(pid);
    for (const child of childrenOf(pid)) visit(child);
  };
  for (const pid of pids) visit(pid);
  return [...seen];
}

/** CPU the processes used together over `seconds`, in percent of one core. */
export async function idleCpuPercent(pids: readonly number[], seconds: number): Promise<number> {
  const before = pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);
  await sleep(seconds * 1000);
  const after = pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);
  return ((after - before) / 100 / seconds) * 100;
}
