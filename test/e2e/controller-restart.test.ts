import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startOvnCentral, makeTempDir, queryRows, type TestOvnCentral } from '../support/ovn.js';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import { startApiServer, type ApiServer } from '../../src/engine/cluster/http/api-server.js';
import { stopProcess } from '../../src/engine/proc/process-state.js';
import type { KubeObject } from '../../src/engine/cluster/types.js';
import { rmSync } from 'node:fs';

const KOVN = join(import.meta.dirname, '..', '..', 'bin', 'kovn.js');
const PODS = 1000;

/**
 * Kill the engine (SIGKILL, no chance to clean up) in the middle of a burst of pod creations and deletions,
 * start it again, and check the invariants a restart must keep.
 */
describe('controller restart during a burst of 1,000 pod creations and deletions', () => {
  let central: TestOvnCentral;
  let store: MemoryCluster;
  let server: ApiServer;
  let dir: string;
  let engine: ChildProcess | undefined;
  let engineLog = '';

  function startEngine(): ChildProcess {
    const child = spawn(
      process.execPath,
      [KOVN, 'engine', '--role', 'controller', '--no-leader-election', '--kubeconfig', join(dir, 'kubeconfig'), '--nb', central.nb.remote, '--metrics-port', '0'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr!.on('data', (d: Buffer) => (engineLog = (engineLog + d.toString()).slice(-4000)));
    return child;
  }

  before(async () => {
    dir = makeTempDir('restart');
    central = await startOvnCentral();
    store = await openMemoryCluster();
    server = await startApiServer({ store, kubeconfigPath: join(dir, 'kubeconfig') });
    await store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'burst' } });
    for (const n of ['n1', 'n2']) {
      const node = await store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: n } });
      await store.updateStatus({ ...node, status: { addresses: [{ type: 'InternalIP', address: n === 'n1' ? '172.31.0.1' : '172.31.0.2' }], conditions: [{ type: 'Ready', status: 'True' }] } });
    }
  });
  after(async () => {
    if (engine?.pid) await stopProcess(engine.pid);
    await server?.close();
    await central?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every address unique and every pod, port and IP object in agreement', { timeout: 480_000 }, async () => {
    engine = startEngine();
    const pod = (i: number): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: 'burst' },
      spec: { nodeName: i % 2 ? 'n1' : 'n2', containers: [{ name: 'c', image: 'none' }] },
    });
    const deleted = new Set<number>();
    for (let i = 0; i < PODS; i++) {
      await store.create(pod(i));
      // Every third pod is deleted again a little later, while the engine is still allocating.
      if (i % 3 === 0 && i >= 30) {
        await store.delete('Pod', `p${i - 30}`, 'burst');
        deleted.add(i - 30);
      }
      if (i === 400) {
        await sleep(300);
        engine.kill('SIGKILL');
        await stopProcess(engine.pid!);
        engine = startEngine();
      }
    }

    const want = PODS - deleted.size;
    // Generous: on a loaded 2-core machine the restarted engine may take minutes; the result is what counts.
    const end = Date.now() + 400_000;
    let routed = 0;
    while (Date.now() < end) {
      const pods = (await store.list('Pod', { namespace: 'burst' })).items;
      routed = pods.filter((p) => p.metadata.annotations?.['ovn.kubernetes.io/routed'] === 'true').length;
      const ips = (await store.list('IP')).items.filter((ip) => (ip.spec as { namespace?: string }).namespace === 'burst').length;
      if (routed === want && ips === want) break;
      await sleep(200);
    }
    assert.equal(routed, want, `every remaining pod is routed; engine log tail:\n${engineLog}`);

    const pods = (await store.list('Pod', { namespace: 'burst' })).items;
    const ips = (await store.list('IP')).items;
    const lsps = await queryRows(central.nb.remote, 'OVN_Northbound', 'Logical_Switch_Port', ['name', 'addresses', 'external_ids']);
    const lspByName = new Map(lsps.map((l) => [l.name as string, l]));

    const addresses = new Set<string>();
    const macs = new Set<string>();
    for (const p of pods) {
      const ann = p.metadata.annotations ?? {};
      const ip = ann['ovn.kubernetes.io/ip_address'];
      const mac = ann['ovn.kubernetes.io/mac_address'];
      assert.ok(!addresses.has(ip), `address ${ip} handed out twice`);
      assert.ok(!macs.has(mac), `MAC ${mac} handed out twice`);
      addresses.add(ip);
      macs.add(mac);
      const port = `${p.metadata.name}.burst`;
      const lsp = lspByName.get(port);
      assert.ok(lsp, `switch port ${port} exists`);
      assert.equal(JSON.stringify(lsp.addresses), JSON.stringify(`${mac} ${ip}`), `port ${port} matches the annotations`);
      const ipObj = ips.find((o) => o.metadata.name === port);
      assert.equal((ipObj?.spec as { v4IpAddress?: string }).v4IpAddress, ip, `IP object ${port} matches the annotations`);
      assert.equal((ipObj?.spec as { macAddress?: string }).macAddress, mac);
    }
    // No orphans: no port or IP object for a deleted pod.
    for (const i of deleted) {
      assert.ok(!lspByName.has(`p${i}.burst`), `no port for deleted pod p${i}`);
      assert.ok(!ips.some((o) => o.metadata.name === `p${i}.burst`), `no IP object for deleted pod p${i}`);
    }
    const podPorts = lsps.filter((l) => /^p\d+\.burst$/.test(l.name as string));
    assert.equal(podPorts.length, want);
  });
});
