import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { openMemoryCluster } from '../../../src/engine/cluster/memory/memory-cluster.js';
import { LeaseElection } from '../../../src/engine/leader/lease-election.js';

describe('LeaseElection', () => {
  it('elects one candidate, and the other takes over when the leader steps down', async () => {
    const api = await openMemoryCluster();
    await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } });
    const opts = { namespace: 'kube-system', name: 'kovn-controller', leaseDurationMs: 600, renewIntervalMs: 100, retryIntervalMs: 50 };
    const a = new LeaseElection(api, { ...opts, identity: 'a' });
    const b = new LeaseElection(api, { ...opts, identity: 'b' });
    a.start();
    await once(a, 'elected');
    b.start();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(a.isLeader, true);
    assert.equal(b.isLeader, false);
    const bElected = once(b, 'elected');
    await a.stop();
    await bElected;
    assert.equal(b.isLeader, true);
    const lease = await api.get('Lease', 'kovn-controller', 'kube-system');
    assert.equal((lease?.spec as { holderIdentity: string }).holderIdentity, 'b');
    assert.equal((lease?.spec as { leaseTransitions: number }).leaseTransitions, 1);
    await b.stop();
  });

  it('takes over an expired lease of a dead leader', async () => {
    const api = await openMemoryCluster();
    await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } });
    await api.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'kovn-controller', namespace: 'kube-system' },
      spec: { holderIdentity: 'dead', leaseDurationSeconds: 1, renewTime: new Date(Date.now() - 5000).toISOString() },
    });
    const c = new LeaseElection(api, { namespace: 'kube-system', name: 'kovn-controller', identity: 'c', retryIntervalMs: 50 });
    c.start();
    await once(c, 'elected');
    await c.stop();
  });
});
