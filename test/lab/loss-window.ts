import { spawn } from 'node:child_process';
import { stopProcess } from '../../src/engine/proc/process-state.js';
import { waitFor } from '../support/ovn.js';

export interface LossWindow {
  /** Longest time between two consecutive replies while `during` ran (the interruption), in ms. */
  readonly gapMs: number;
  readonly sent: number;
  readonly received: number;
}

const INTERVAL_S = 0.02;

/** Longest gap between consecutive reply timestamps of `ping -D` output (pure). */
export function longestReplyGapMs(output: string): { gapMs: number; received: number; sent: number } {
  const replies = [...output.matchAll(/^\[(\d+\.\d+)\] \d+ bytes from .*icmp_seq=(\d+)/gm)].map((m) => ({ t: Number(m[1]) * 1000, seq: Number(m[2]) }));
  const sentSeqs = [...output.matchAll(/icmp_seq=(\d+)/g)].map((m) => Number(m[1]));
  let gap = 0;
  for (let i = 1; i < replies.length; i++) gap = Math.max(gap, replies[i].t - replies[i - 1].t);
  return { gapMs: Math.round(gap), received: replies.length, sent: sentSeqs.length ? Math.max(...sentSeqs) : 0 };
}

/**
 * Pings each target from a namespace every 20 ms while `during` runs, then until replies flow for 1.5 s after
 * it, and reports the longest silence per target: the interruption a change caused, as a pod sees it.
 */
export async function measureLossWindows(netns: string, targets: readonly string[], during: () => Promise<void>): Promise<Record<string, LossWindow>> {
  const pings = targets.map((ip) => {
    const child = spawn('ip', ['netns', 'exec', netns, 'ping', '-D', '-O', '-n', '-i', String(INTERVAL_S), '-W', '1', ip], { stdio: ['ignore', 'pipe', 'ignore'] });
    const ping = { ip, child, out: '' };
    child.stdout.on('data', (d: Buffer) => (ping.out += d.toString()));
    return ping;
  });
  try {
    for (const p of pings) await waitFor(`first reply from ${p.ip}`, async () => / bytes from /.test(p.out), 10_000);
    await during();
    // The data plane follows the control plane's "done" by a little: keep pinging until a second and a half
    // of replies arrived after it, so a late interruption is inside the window.
    const marks = pings.map((p) => p.out.length);
    for (const [i, p] of pings.entries()) {
      await waitFor(`replies from ${p.ip} again`, async () => (p.out.slice(marks[i]).match(/ bytes from /g) ?? []).length >= 75, 60_000);
    }
  } finally {
    for (const p of pings) await stopProcess(p.child.pid!);
  }
  return Object.fromEntries(pings.map((p) => [p.ip, longestReplyGapMs(p.out)]));
}

/** One target's window (see measureLossWindows). */
export async function measureLossWindow(netns: string, ip: string, during: () => Promise<void>): Promise<LossWindow> {
  return (await measureLossWindows(netns, [ip], during))[ip]!;
}
