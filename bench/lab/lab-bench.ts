import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { connectKubeCluster } from '../../src/engine/cluster/kube/index.js';
import type { KubeObject } from '../../src/engine/cluster/types.js';
import { labLayout, type LabStatus } from '../../src/engine/lab/lab-layout.js';
import { labNames } from '../../src/engine/lab/lab-naming.js';
import { percentile, type Figure } from '../support/report.js';
import { floorStateDir, secondsToPing, startFloorLab } from './floor-lab.js';
import { idleCpuPercent, processTree, rssMb } from './process-usage.js';

const NODES = 3;
const PODS = Number(process.env.KOVN_BENCH_LAB_PODS ?? 100);
/** Pods created one at a time (each waits to be reachable before the next), in the floor and in kovn. */
const SEQUENTIAL_PODS = 20;
const IDLE_SECONDS = 10;
const KOVN = join(import.meta.dirname, '..', '..', 'bin', 'kovn.js');

const kovn = (...args: string[]) => runCommand([process.execPath, KOVN, ...args], { timeoutMs: 300_000 });
const pod = (name: string, nodeName?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'main', image: 'kovn-lab' }] },
});
type PodStatus = { phase?: string; podIP?: string };

interface Measured {
  firstPing: number;
  /** CNI ADD (kovn, burst) or the recipe's pod add (floor). */
  addMs: number[];
  /** Create → answers a ping, pods one at a time. */
  reachMs: number[];
  /** kovn only: a burst of pods, create → the last one reachable. */
  burstSeconds?: number;
  rss: number;
  idleCpu: number;
}

/** The floor: the recipe's daemons alone, pods added the recipe's way. */
async function measureFloor(base: string): Promise<Measured> {
  const start = performance.now();
  const floor = await startFloorLab(floorStateDir(base), NODES);
  try {
    const a = await floor.addPod(1, 1);
    const b = await floor.addPod(2, 1);
    await secondsToPing(a.netns, b.ip);
    const firstPing = (performance.now() - start) / 1000;
    const addMs: number[] = [];
    const reachMs: number[] = [];
    for (let m = 2; m < 2 + SEQUENTIAL_PODS; m++) {
      const t = performance.now();
      const p = await floor.addPod((m % NODES) + 1, m);
      addMs.push(performance.now() - t);
      await secondsToPing(a.netns, p.ip);
      reachMs.push(performance.now() - t);
    }
    const pids = processTree(floor.pids());
    const rss = pids.reduce((sum, pid) => sum + rssMb(pid), 0);
    const idleCpu = await idleCpuPercent(pids, IDLE_SECONDS);
    return { firstPing, addMs, reachMs, rss, idleCpu };
  } finally {
    await floor.stop();
  }
}

async function waitForPodIP(api: ReturnType<typeof connectKubeCluster>, name: string): Promise<string> {
  for (;;) {
    const p = await api.get('Pod', name, 'default');
    const status = p?.status as PodStatus | undefined;
    if (status?.phase === 'Running' && status.podIP) return status.podIP;
    await sleep(20);
  }
}

/** kovn: `kovn lab up --nodes 3`, then pods through the store, the lab kubelet and the real CNI plugin. */
async function measureKovn(base: string): Promise<Measured> {
  const stateDir = join(base, 'kovn');
  const names = labNames(stateDir);
  const start = performance.now();
  try {
    await kovn('lab', 'up', '--state-dir', stateDir, '--nodes', String(NODES));
    const api = connectKubeCluster({ kubeconfigPath: labLayout(stateDir).kubeconfig });
    try {
      await api.create(pod('probe-a', 'node1'));
      await api.create(pod('probe-b', 'node2'));
      const probe = names.podNetns('default', 'probe-a');
      await waitForPodIP(api, 'probe-a');
      await secondsToPing(probe, await waitForPodIP(api, 'probe-b'));
      const firstPing = (performance.now() - start) / 1000;

      // One at a time: create → Running (CNI ADD done) → answers a ping from the probe pod.
      const reachMs: number[] = [];
      for (let i = 0; i < SEQUENTIAL_PODS; i++) {
        const t = performance.now();
        await api.create(pod(`s${i}`));
        await secondsToPing(probe, await waitForPodIP(api, `s${i}`));
        reachMs.push(performance.now() - t);
      }

      // A burst: every pod created at once; CNI ADD latencies come from the lab's kubelet.
      const burstStart = performance.now();
      const created = new Map<string, number>();
      await Promise.all(
        Array.from({ length: PODS }, async (_, i) => {
          await api.create(pod(`b${i}`));
          created.set(`b${i}`, performance.now());
        }),
      );
      const pending = new Set(created.keys());
      const deadline = performance.now() + 300_000;
      while (pending.size && performance.now() < deadline) {
        const list = await api.list('Pod', { namespace: 'default' });
        for (const p of list.items) {
          const status = p.status as PodStatus | undefined;
          if (!pending.has(p.metadata.name) || status?.phase !== 'Running' || !status.podIP) continue;
          const r = await runCommand(['ip', 'netns', 'exec', probe, 'ping', '-c1', '-W0.2', status.podIP], { timeoutMs: 5_000, okCodes: [0, 1, 2] });
          if (r.exitCode !== 0) continue;
          pending.delete(p.metadata.name);
        }
        // Every look lists the pods through the lab's API endpoint: a tight loop would take CPU from the lab.
        await sleep(100);
      }
      if (pending.size) throw new Error(`${pending.size} pods never became reachable`);
      const burstSeconds = (performance.now() - burstStart) / 1000;
      const addMs = readFileSync(labLayout(stateDir).cniTimings, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { pod: string; ms: number })
        .filter((t) => /^default\/b\d+$/.test(t.pod))
        .map((t) => t.ms);
      if (process.env.KOVN_BENCH_VERBOSE) console.error(`  CNI ADD ms in completion order: ${addMs.map((m) => Math.round(m)).join(' ')}`);
      const status = (JSON.parse((await kovn('lab', 'status', '--state-dir', stateDir, '--json')).stdout) as { status: LabStatus }).status;
      const pids = processTree([status.pid, ...status.processes.map((p) => p.pid)]);
      await sleep(2_000);
      const rss = pids.reduce((sum, pid) => sum + rssMb(pid), 0);
      const idleCpu = await idleCpuPercent(pids, IDLE_SECONDS);
      return { firstPing, addMs, reachMs, burstSeconds, rss, idleCpu };
    } finally {
      api.close();
    }
  } finally {
    await kovn('lab', 'down', '--state-dir', stateDir).catch(() => undefined);
  }
}

/**
 * `kovn lab up --nodes 3` to the first cross-node pod ping, CNI ADD and create→reachable latencies for a burst of
 * pods, and the lab's memory and idle CPU — each next to the floor (the recipe's daemons alone, measured in the
 * same run). Needs root.
 */
export async function labBench(): Promise<Figure[]> {
  if (process.getuid?.() !== 0) throw new Error('the lab benchmark needs root (network namespaces)');
  const base = mkdtempSync(join(tmpdir(), 'kovn-bench-lab-'));
  try {
    const floor = await measureFloor(base);
    const lab = await measureKovn(base);
    return [
      { name: `lab up --nodes ${NODES} → first cross-node pod ping`, kovn: lab.firstPing, raw: floor.firstPing, unit: 's', kind: 'time' },
      { name: `CNI ADD p50 (burst of ${lab.addMs.length} pods; floor: recipe pod add)`, kovn: percentile(lab.addMs, 50), raw: percentile(floor.addMs, 50), unit: 'ms', kind: 'time' },
      { name: `CNI ADD p99`, kovn: percentile(lab.addMs, 99), raw: percentile(floor.addMs, 99), unit: 'ms', kind: 'time' },
      { name: `pod create → reachable p50 (${SEQUENTIAL_PODS} pods one at a time)`, kovn: percentile(lab.reachMs, 50), raw: percentile(floor.reachMs, 50), unit: 'ms', kind: 'time' },
      { name: `pod create → reachable p99`, kovn: percentile(lab.reachMs, 99), raw: percentile(floor.reachMs, 99), unit: 'ms', kind: 'time' },
      { name: `burst of ${PODS} pods → all reachable (floor: ${PODS} × its p50)`, kovn: lab.burstSeconds ?? 0, raw: (PODS * percentile(floor.reachMs, 50)) / 1000, unit: 's', kind: 'time' },
      { name: `lab memory, RSS of all processes (MB; floor: OVN daemons)`, kovn: lab.rss, raw: floor.rss, unit: 'MB', kind: 'time' },
      { name: `lab idle CPU over ${IDLE_SECONDS} s (ms of CPU per s)`, kovn: lab.idleCpu * 10, raw: floor.idleCpu * 10, unit: 'ms', kind: 'time' },
    ];
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
