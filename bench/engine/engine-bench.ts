import { setTimeout as sleep } from 'node:timers/promises';
import { startOvnCentral, startStandaloneDb, queryRows } from '../../test/support/ovn.js';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { Replica } from '../../src/ovn/ovsdb/replica.js';
import { NB_REPLICA_TABLES } from '../../src/engine/controller/nb-sync/northbound-plan.js';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import { Controller } from '../../src/engine/controller/controller.js';
import type { KubeObject } from '../../src/engine/cluster/types.js';
import { RawOvsdbSender } from '../support/raw-ovsdb.js';
import { rawReplayOf } from '../support/raw-replay.js';
import { percentile, timed, type Figure } from '../support/report.js';

const PODS = Number(process.env.KOVN_BENCH_PODS ?? 10_000);
const SUBNETS = 100;
const NODES = 200;
const STEADY_PODS = 300;
const STEADY_RATE = 100; // pods per second

const TABLES = [
  'Logical_Switch',
  'Logical_Switch_Port',
  'Logical_Router',
  'Logical_Router_Port',
  'Logical_Router_Static_Route',
  'Logical_Router_Policy',
  'Port_Group',
  'Address_Set',
];

function subnetCidr(i: number): string {
  return `10.${100 + Math.floor(i / 16)}.${(i % 16) * 16}.0/20`;
}

async function populate(store: MemoryCluster): Promise<void> {
  await store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
  for (let i = 0; i < SUBNETS; i++) {
    await store.create({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: `s${i}` }, spec: { cidrBlock: subnetCidr(i), protocol: 'IPv4' } });
  }
  for (let n = 0; n < NODES; n++) {
    await store.create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node${n}` },
      status: { addresses: [{ type: 'InternalIP', address: `172.20.${Math.floor(n / 250)}.${(n % 250) + 1}` }], conditions: [{ type: 'Ready', status: 'True' }] },
    });
  }
  for (let p = 0; p < PODS; p++) await store.create(benchPod(`p${p}`, p));
}

function benchPod(name: string, p: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'bench', annotations: { 'ovn.kubernetes.io/logical_switch': `s${p % SUBNETS}` } },
    spec: { nodeName: `node${p % NODES}`, containers: [{ name: 'c', image: 'none' }] },
  };
}

/**
 * Counts routed bench pods and their IP objects from watch events, so checking convergence costs the
 * controller nothing (listing 20,000 objects every 100 ms would take a good share of a core from it).
 */
async function convergenceCounter(store: MemoryCluster): Promise<{ counts(): { routed: number; ips: number }; stop(): Promise<void> }> {
  const routed = new Set<string>();
  const ips = new Set<string>();
  const pods = await store.watch('Pod', { namespace: 'bench' }, (e) => {
    const name = e.object.metadata.name;
    if (e.type !== 'DELETED' && e.object.metadata.annotations?.['ovn.kubernetes.io/routed'] === 'true') routed.add(name);
    else routed.delete(name);
  });
  const ipWatch = await store.watch('IP', {}, (e) => {
    if ((e.object.spec as { namespace?: string } | undefined)?.namespace !== 'bench') return;
    if (e.type === 'DELETED') ips.delete(e.object.metadata.name);
    else ips.add(e.object.metadata.name);
  });
  return {
    counts: () => ({ routed: routed.size, ips: ips.size }),
    stop: async () => {
      await pods.stop();
      await ipWatch.stop();
    },
  };
}

type RawTarget = 'bare' | 'northd' | 'northd+replica';

/**
 * Seconds to replay the payload into a fresh NB: bare (nobody watching), with ovn-northd and SB attached, or
 * with northd and a client replica of the tables kovn's syncer watches (the server composes a monitor update
 * for every watching client inside each commit, so watchers make commits dearer).
 */
async function rawReplayInto(target: RawTarget, payload: string): Promise<number> {
  const central = target === 'bare' ? undefined : await startOvnCentral();
  const bare = target === 'bare' ? await startStandaloneDb('OVN_Northbound') : undefined;
  const client = central && target === 'northd+replica' ? await OvsdbClient.connect(central.nb.remote, { database: 'OVN_Northbound' }) : undefined;
  const replica = client ? await Replica.start(client, NB_REPLICA_TABLES as never) : undefined;
  try {
    const socketPath = central ? central.nb.remote.replace(/^unix:/, '') : bare!.server.socketPath;
    const raw = await RawOvsdbSender.connect(socketPath);
    const write = await timed(() => raw.send(payload));
    raw.close();
    return write.seconds;
  } finally {
    await replica?.stop();
    await client?.close();
    await central?.stop();
    await bare?.stop();
  }
}

async function medianOf(runs: number, measure: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await measure());
  return values.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

export async function engineBench(): Promise<Figure[]> {
  const central = await startOvnCentral();
  const store = await openMemoryCluster();
  const nb = await OvsdbClient.connect(central.nb.remote, { database: 'OVN_Northbound' });
  const figures: Figure[] = [];
  try {
    await populate(store);
    const controller = new Controller(store, nb);
    if (process.env.KOVN_BENCH_VERBOSE) controller.on('reconcileError', (kind, key, err) => console.error(`  ! ${kind} ${key}: ${String(err)}`));
    let writeMs = 0;
    let passes = 0;
    // Every pass counts, from the first one, which start() runs before any reconcile.
    const t0 = performance.now();
    const verbose = (line: string) => {
      if (process.env.KOVN_BENCH_VERBOSE) console.error(`  ${((performance.now() - t0) / 1000).toFixed(2)} s ${line}`);
    };
    controller.on('nbSynced', (r) => {
      writeMs += r.writeMs;
      if (r.changes > 0) passes++;
      verbose(`NB pass: ${r.changes} changes, ${Math.round(r.durationMs)} ms (writing ${Math.round(r.writeMs)} ms)`);
    });
    const counter = await convergenceCounter(store);
    const cold = await timed(async () => {
      await controller.start();
      verbose('controller started');
      for (let round = 0; ; round++) {
        const c = counter.counts();
        if (c.routed === PODS && c.ips === PODS) break;
        if (round % 50 === 0) verbose(`${c.routed} routed, ${c.ips} IP objects`);
        await sleep(20);
      }
      await controller.settle(30_000);
    });
    await counter.stop();
    const coldWrite = { seconds: writeMs / 1000, passes };
    const lsps = await queryRows(central.nb.remote, 'OVN_Northbound', 'Logical_Switch_Port', ['name']);
    if (lsps.length < PODS) throw new Error(`only ${lsps.length} switch ports in NB`);

    // The raw limit: the same rows, already serialized, written in one transaction to an empty NB. Every OVN
    // NB has ovn-northd watching it, so "with northd" is the limit kovn is held to; its own replica's cost
    // to the server is kovn's. The bare and fully watched replays show where the rest goes. Medians of 3.
    const replay = await rawReplayOf(central.nb.remote, TABLES);
    const rawNorthd = await medianOf(3, () => rawReplayInto('northd', replay.payload));
    const rawBare = await medianOf(3, () => rawReplayInto('bare', replay.payload));
    const rawWatched = await medianOf(3, () => rawReplayInto('northd+replica', replay.payload));

    figures.push({ name: `cold start: ${PODS} pods, ${SUBNETS} subnets, ${NODES} nodes → converged`, kovn: cold.seconds, unit: 's', kind: 'time', target: '< 10 s' });
    figures.push({ name: `  of which NB writes (${coldWrite.passes} passes) vs the same ${replay.rows} rows raw, NB with northd`, kovn: coldWrite.seconds, raw: rawNorthd, unit: 's', kind: 'time', target: '≤ 1.5x raw' });
    figures.push({ name: `  the same vs raw into a bare NB (nobody watching)`, kovn: coldWrite.seconds, raw: rawBare, unit: 's', kind: 'time' });
    figures.push({ name: `  the same vs raw into an NB with northd and a replica like kovn's`, kovn: coldWrite.seconds, raw: rawWatched, unit: 's', kind: 'time' });
    for (const table of TABLES) {
      const rows = await queryRows(central.nb.remote, 'OVN_Northbound', table, []);
      figures.push({ name: `NB rows: ${table}`, kovn: rows.length, unit: 'rows', kind: 'count' });
    }

    // Steady state: pods created at a fixed rate; latency from create to the switch port in the NB.
    const watcher = await OvsdbClient.connect(central.nb.remote, { database: 'OVN_Northbound' });
    const replica = await Replica.start(watcher, { Logical_Switch_Port: ['name'] } as never);
    const created = new Map<string, number>();
    const latencies: number[] = [];
    replica.on('change', (changes) => {
      const now = performance.now();
      for (const c of changes) {
        const name = c.kind === 'insert' ? (c.new.name as string | undefined) : undefined;
        const start = name ? created.get(name) : undefined;
        if (name && start !== undefined) {
          latencies.push(now - start);
          created.delete(name);
        }
      }
    });
    for (let i = 0; i < STEADY_PODS; i++) {
      const name = `s${i}`;
      created.set(`${name}.bench`, performance.now());
      await store.create(benchPod(name, i));
      await sleep(1000 / STEADY_RATE);
    }
    const end = Date.now() + 30_000;
    while (latencies.length < STEADY_PODS && Date.now() < end) await sleep(20);
    await replica.stop();
    await watcher.close();
    figures.push({ name: `steady state at ${STEADY_RATE} pods/s: create → switch port, p50`, kovn: percentile(latencies, 50), unit: 'ms', kind: 'time' });
    figures.push({ name: `steady state at ${STEADY_RATE} pods/s: create → switch port, p99`, kovn: percentile(latencies, 99), unit: 'ms', kind: 'time' });
    await controller.stop();
  } finally {
    await nb.close();
    await central.stop();
  }
  return figures;
}
