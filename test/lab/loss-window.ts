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
 * Pings `ip` from a namespace every 20 ms while `during` runs, then until replies flow again for a second,
 * and reports the longest silence: the interruption a change caused, as a pod sees it.
 */
export async function measureLossWindow(netns: string, ip: string, during: () => Promise<void>): Promise<LossWindow> {
  const child = spawn('ip', ['netns', 'exec', netns, 'ping', '-D', '-O', '-n', '-i', String(INTERVAL_S), '-W', '1', ip], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await waitFor(`first reply from ${ip}`, async () => / bytes from /.test(out), 10_000);
    await during();
    await waitFor(`replies from ${ip} again`, async () => {
      const tail = out.split('\n').slice(-60).join('\n');
      return (tail.match(/ bytes from /g) ?? []).length >= 45;
    }, 60_000);
  } finally {
    await stopProcess(child.pid!);
  }
  return longestReplyGapMs(out);
}
