import { setTimeout as sleep } from 'node:timers/promises';
import { startOvnCentral, startStandaloneDb, queryRows } from '../../test/support/ovn.js';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { Replica } from '../../src/ovn/ovsdb/replica.js';
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

async function countConverged(store: MemoryCluster): Promise<{ routed: number; ips: number }> {
  const pods = (await store.list('Pod', { namespace: 'bench' })).items;
  const routed = pods.filter((p) => p.metadata.annotations?.['ovn.kubernetes.io/routed'] === 'true').length;
  const ips = (await store.list('IP')).items.filter((i) => (i.spec as { namespace?: string }).namespace === 'bench').length;
  return { routed, ips };
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
    const cold = await timed(async () => {
      await controller.start();
      controller.syncer.on('synced', (r) => {
        writeMs += r.writeMs;
        passes++;
      });
      for (let round = 0; ; round++) {
        const c = await countConverged(store);
        if (c.routed === PODS && c.ips === PODS) break;
        if (process.env.KOVN_BENCH_VERBOSE && round % 20 === 0) console.error(`  … ${c.routed} routed, ${c.ips} IP objects`);
        await sleep(100);
      }
      await controller.settle(30_000);
    });
    const lsps = await queryRows(central.nb.remote, 'OVN_Northbound', 'Logical_Switch_Port', ['name']);
    if (lsps.length < PODS) throw new Error(`only ${lsps.length} switch ports in NB`);

    // The raw limit: the same rows, already serialized, written in one transaction to an empty NB.
    const replay = await rawReplayOf(central.nb.remote, TABLES);
    const empty = await startStandaloneDb('OVN_Northbound');
    const raw = await RawOvsdbSender.connect(empty.server.socketPath);
    const rawWrite = await timed(() => raw.send(replay.payload));
    raw.close();
    await empty.stop();

    figures.push({ name: `cold start: ${PODS} pods, ${SUBNETS} subnets, ${NODES} nodes → converged`, kovn: cold.seconds, unit: 's', kind: 'time', target: '< 10 s' });
    figures.push({ name: `  of which NB writes (${passes} passes) vs the same ${replay.rows} rows raw`, kovn: writeMs / 1000, raw: rawWrite.seconds, unit: 's', kind: 'time', target: '≤ 1.5x raw' });
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
