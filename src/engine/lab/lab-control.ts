import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isProcessAlive, readPidFile, stopProcess } from '../proc/process-state.js';
import { labLayout, type LabStatus } from './lab-layout.js';
import { labNames } from './lab-naming.js';
import { deleteNetns, listNetns } from './netns/network-namespaces.js';

const KOVN_BIN = fileURLToPath(new URL('../../../bin/kovn.js', import.meta.url));

export interface LabState {
  readonly status?: LabStatus;
  /** The daemon process is running. */
  readonly alive: boolean;
}

export function readLabState(stateDir: string): LabState {
  const layout = labLayout(stateDir);
  const pid = readPidFile(layout.daemonPid);
  const alive = pid !== undefined && isProcessAlive(pid);
  let status: LabStatus | undefined;
  try {
    status = JSON.parse(readFileSync(layout.status, 'utf8')) as LabStatus;
  } catch {
    status = undefined;
  }
  return { alive, ...(status ? { status } : {}) };
}

function logTail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts the lab daemon in the background (or finds it running) and waits until it is ready, reporting each
 * step. Fails with the daemon's own reason and log tail when a step fails.
 */
export interface LabUpOptions {
  /** Lab nodes; 0 = control plane only. Ignored (control plane only) without root. */
  readonly nodes?: number;
  readonly encap?: 'geneve' | 'vxlan';
}

/** Default node count of `kovn lab up` (as root). */
export const DEFAULT_LAB_NODES = 2;

/** Unix socket paths hold at most 107 bytes; the longest the lab makes is `<state>/nNN/ovn-controller.<pid>.ctl`. */
const LONGEST_SOCKET_SUFFIX = '/n200/ovn-controller.4194304.ctl';
const MAX_SOCKET_PATH = 107;

export async function labUp(stateDir: string, progress: (line: string) => void, timeoutMs = 120_000, options: LabUpOptions = {}): Promise<LabStatus> {
  const layout = labLayout(stateDir);
  const longest = Buffer.byteLength(resolve(stateDir) + LONGEST_SOCKET_SUFFIX);
  if (longest > MAX_SOCKET_PATH) {
    throw new Error(`--state-dir ${stateDir} is too long: the lab's unix sockets under it would need ${longest} bytes, and a socket path holds at most ${MAX_SOCKET_PATH}; use a shorter directory (at most ${MAX_SOCKET_PATH - LONGEST_SOCKET_SUFFIX.length} bytes)`);
  }
  const current = readLabState(stateDir);
  if (current.alive && current.status?.phase === 'ready') {
    const running = current.status;
    const nodes = running.nodes?.length ?? 0;
    if (running.mode === 'full' && options.nodes !== undefined && options.nodes !== nodes) progress(`a lab with ${nodes} nodes is already running here; --nodes ${options.nodes} is ignored (kovn lab down first to change it)`);
    if (running.encap && options.encap && options.encap !== running.encap) progress(`this lab runs ${running.encap}; --encap ${options.encap} is ignored (kovn lab down first to change it)`);
    return running;
  }
  let exited = false;
  if (!current.alive) {
    // A crashed lab leaves daemons and namespaces behind; the store's journal stays, so its pods are re-wired.
    const leftovers = await stopLeftovers(stateDir);
    if (leftovers.stopped.length || leftovers.namespaces.length) progress(`cleaned up after a lab that did not stop: ${leftovers.stopped.length} processes, ${leftovers.namespaces.length} namespaces`);
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    rmSync(layout.status, { force: true });
    const log = openSync(layout.daemonLog, 'a');
    const flags = ['--nodes', String(options.nodes ?? DEFAULT_LAB_NODES), '--encap', options.encap ?? 'geneve'];
    const child = spawn(process.execPath, [KOVN_BIN, 'lab', 'daemon', '--state-dir', stateDir, ...flags], {
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.on('exit', () => (exited = true));
    child.unref();
    progress(`lab daemon started (pid ${child.pid}), log: ${layout.daemonLog}`);
  }
  const end = Date.now() + timeoutMs;
  let lastMessage = '';
  while (Date.now() < end) {
    const state = readLabState(stateDir);
    const s = state.status;
    if (s?.message && s.message !== lastMessage && s.phase === 'starting') progress((lastMessage = s.message));
    if (s?.phase === 'ready' && state.alive) return s;
    // Our own child reports its exit; a daemon that was already running is gone when its pid is.
    if (s?.phase === 'failed' || exited || (current.alive && !state.alive)) {
      const reason = s?.message ?? 'the lab daemon exited';
      throw new Error(`kovn lab up failed: ${reason}\n--- ${layout.daemonLog} (last lines) ---\n${logTail(layout.daemonLog)}`);
    }
    await sleep(50);
  }
  throw new Error(`kovn lab up: not ready after ${timeoutMs / 1000}s\n--- ${layout.daemonLog} ---\n${logTail(layout.daemonLog)}`);
}

/** Pidfiles of the daemons a lab runs: central OVN, each node's (n1, n2 …) and the external switch's. */
function daemonPidFiles(stateDir: string): string[] {
  if (!existsSync(stateDir)) return [];
  const dirs = readdirSync(stateDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && (e.name === 'ovn' || e.name === 'ext' || /^n\d+$/.test(e.name)))
    .map((e) => join(stateDir, e.name));
  // ovn-controller first, then vswitchd, then the databases (recipe step 12).
  const rank = (f: string) => (f.includes('ovn-controller') ? 0 : f.includes('vswitchd') ? 1 : f.includes('northd') ? 2 : 3);
  return dirs
    .flatMap((d) => readdirSync(d).filter((n) => n.endsWith('.pid')).map((n) => join(d, n)))
    .sort((a, b) => rank(a) - rank(b));
}

/**
 * Stops the lab daemon (which stops its children), then any daemon a crashed lab left behind (by its pidfile,
 * zombie-aware), deletes every namespace of the lab (which takes its veths and OVS taps with it) and removes
 * the state directory.
 */
export async function labDown(stateDir: string): Promise<{ stopped: number[]; namespaces: string[] }> {
  const layout = labLayout(stateDir);
  const stopped: number[] = [];
  const pid = readPidFile(layout.daemonPid);
  if (pid !== undefined && isProcessAlive(pid)) {
    await stopProcess(pid, 15_000);
    stopped.push(pid);
  }
  const leftovers = await stopLeftovers(stateDir);
  rmSync(stateDir, { recursive: true, force: true });
  return { stopped: [...stopped, ...leftovers.stopped], namespaces: leftovers.namespaces };
}

function commandLineMentions(pid: number, text: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
  } catch {
    return false;
  }
}

/** Daemons (by pidfile, zombie-aware) and namespaces of a lab whose daemon is gone. */
async function stopLeftovers(stateDir: string): Promise<{ stopped: number[]; namespaces: string[] }> {
  const stopped: number[] = [];
  for (const file of daemonPidFiles(stateDir)) {
    const leftover = readPidFile(file);
    // A stale pidfile may name a pid the system has since reused: only stop a process started for this lab.
    if (leftover !== undefined && isProcessAlive(leftover) && commandLineMentions(leftover, stateDir)) {
      await stopProcess(leftover);
      stopped.push(leftover);
    }
  }
  const namespaces = listNetns(labNames(stateDir).netnsPrefix);
  for (const ns of [...namespaces].reverse()) await deleteNetns(ns);
  return { stopped, namespaces };
}
