import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Subnet } from '../../src/engine/cluster/kinds/kubeovn-types.js';
import { Informer } from '../../src/engine/cluster/kube/informer.js';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import type { ClusterApi } from '../../src/engine/cluster/types.js';
import { waitFor } from './kube-endpoint.js';

const subnet = (name: string, cidrBlock: string): Subnet => ({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name }, spec: { cidrBlock } });

describe('Informer over the embedded store (lab mode)', () => {
  let store: MemoryCluster;
  before(async () => {
    store = await openMemoryCluster();
  });
  after(async () => {
    await store?.close();
  });

  it('follows the store directly, with the same cache and handlers as against Kubernetes', async () => {
    await store.create(subnet('net1', '10.0.0.0/24'));
    const seen: string[] = [];
    const informer = new Informer<Subnet>(store, 'Subnet', {
      onAdd: (s) => seen.push(`add ${s.metadata.name}`),
      onUpdate: (s, old) => seen.push(`update ${s.metadata.name} ${old.spec.cidrBlock}->${s.spec.cidrBlock}`),
      onDelete: (s) => seen.push(`delete ${s.metadata.name}`),
    });
    informer.start();
    try {
      await informer.waitForSync();
      await store.patch('Subnet', 'net1', { spec: { cidrBlock: '10.0.1.0/24' } });
      await store.create(subnet('net2', '10.0.2.0/24'));
      await store.delete('Subnet', 'net2');
      await waitFor(() => seen.length === 4, 'four handler calls');
      assert.deepEqual(seen, ['add net1', 'update net1 10.0.0.0/24->10.0.1.0/24', 'add net2', 'delete net2']);
      assert.deepEqual(informer.list().map((s) => s.metadata.name), ['net1']);
      assert.equal(informer.states.get('Subnet')?.phase, 'ready');
    } finally {
      await informer.stop();
    }
  });

  it('stops promptly and keeps its last contents', async () => {
    const informer = new Informer<Subnet>(store, 'Subnet');
    informer.start();
    await informer.waitForSync();
    await informer.stop();
    await store.create(subnet('late', '10.9.0.0/24'));
    assert.equal(informer.get('late'), undefined);
    assert.ok(informer.get('net1'));
  });
});

describe('Informer when a watch cannot start', () => {
  it('reports disconnected (not ready) while watch() keeps failing with a plain error, and recovers', async () => {
    const store = await openMemoryCluster();
    let refuse = true;
    // The real store, except that starting a watch fails with a non-API error while `refuse` holds.
    const flaky: ClusterApi = Object.assign(Object.create(store) as MemoryCluster, {
      watch: ((...args: Parameters<ClusterApi['watch']>) => (refuse ? Promise.reject(new Error('socket hang up')) : store.watch(...args))) as ClusterApi['watch'],
    });
    const informer = new Informer<Subnet>(flaky, 'Subnet', {}, { backoff: { initialMs: 10, maxMs: 50 } });
    informer.start();
    try {
      await waitFor(() => informer.states.get('Subnet')?.phase === 'disconnected', 'the disconnected phase');
      assert.match(informer.states.get('Subnet')!.message, /socket hang up/);
      refuse = false;
      await waitFor(() => informer.states.get('Subnet')?.phase === 'ready', 'the ready phase');
      await store.create(subnet('seen', '10.8.0.0/24'));
      await waitFor(() => informer.get('seen') !== undefined, 'the new subnet');
    } finally {
      await informer.stop();
      await store.close();
    }
  });
});
