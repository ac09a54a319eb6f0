import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import { setCondition, setReadyResult } from '../../src/engine/cluster/kinds/conditions.js';
import type { Subnet } from '../../src/engine/cluster/kinds/kubeovn-types.js';
import { awaitOutcome } from '../../src/actions/await-outcome.js';
import { applyObjectChange } from '../../src/actions/apply-change.js';
import { ActionConflictError } from '../../src/actions/index.js';

/** The outcome logic against the embedded store, with the test playing the controller's status writes. */
describe('awaitOutcome and applyObjectChange on the embedded store', () => {
  let cluster: MemoryCluster;
  const subnet = (name: string): Subnet => ({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name }, spec: { cidrBlock: '10.70.0.0/24' } });
  const setReady = async (name: string, ok: boolean, reason: string, message: string, at?: Date) => {
    const current = (await cluster.get<Subnet>('Subnet', name))!;
    await cluster.updateStatus({ ...current, status: { conditions: setReadyResult(current.status?.conditions, ok, reason, message, { now: at }) } });
  };
  before(async () => {
    cluster = await openMemoryCluster();
  });
  after(async () => {
    await cluster?.close();
  });

  it('ignores a failure written before the apply and waits for the expected Ready message', async () => {
    await cluster.create(subnet('a'));
    await setReady('a', false, 'VlanNotFound', 'spec.vlan "x": no Vlan "x" exists', new Date(Date.now() - 60_000));
    const started = new Date();
    const pending = awaitOutcome(cluster, { kind: 'Subnet', name: 'a', expect: 'ready', readyMessage: 'overlay distributed subnet ready' }, started, 10_000);
    setTimeout(() => void setReady('a', true, 'ReconcileSuccess', 'overlay distributed subnet ready'), 200);
    const outcome = await pending;
    assert.equal(outcome.ok, true);
    assert.equal(outcome.reason, 'Ready');
  });

  it('reports a failure written after the apply with the controller message', async () => {
    await cluster.create(subnet('b'));
    const started = new Date(Date.now() - 1000);
    await setReady('b', false, 'CIDRConflict', 'spec.cidrBlock "10.70.0.0/24": overlaps Subnet "a"');
    const outcome = await awaitOutcome(cluster, { kind: 'Subnet', name: 'b', expect: 'ready' }, started, 10_000);
    assert.deepEqual([outcome.ok, outcome.reason, outcome.message], [false, 'CIDRConflict', 'spec.cidrBlock "10.70.0.0/24": overlaps Subnet "a"']);
  });

  it('times out with what it saw when nobody answers', async () => {
    await cluster.create(subnet('c'));
    const outcome = await awaitOutcome(cluster, { kind: 'Subnet', name: 'c', expect: 'ready' }, new Date(), 300);
    assert.equal(outcome.reason, 'Timeout');
    assert.match(outcome.message, /within 0\.3s \(no Ready condition yet\); is the controller running\?/);
  });

  it('merge-patches only the planned fields, and refuses when the spec moved since the plan', async () => {
    const created = await cluster.create(subnet('d'));
    const after = { ...created, spec: { ...created.spec, vlan: 'v1' } };
    await cluster.patch('Subnet', 'd', { metadata: { labels: { team: 'x' } } }); // not a spec change: no conflict
    await applyObjectChange(cluster, { kind: 'Subnet', name: 'd', op: 'update', before: created, after, diff: [] });
    const written = await cluster.get<Subnet>('Subnet', 'd');
    assert.equal(written?.spec.vlan, 'v1');
    assert.equal(written?.metadata.labels?.team, 'x');
    await assert.rejects(
      applyObjectChange(cluster, { kind: 'Subnet', name: 'd', op: 'update', before: created, after: { ...created, spec: { ...created.spec, gateway: '10.70.0.254' } }, diff: [] }),
      (err: unknown) => err instanceof ActionConflictError && err.changedFields.includes('spec.vlan: (unset) → "v1"'),
    );
  });

  it('waits for observedGeneration to reach the written generation when the controller reports one', async () => {
    await cluster.create(subnet('e'));
    const current = (await cluster.get<Subnet>('Subnet', 'e'))!;
    const conditions = setCondition(undefined, { type: 'Ready', status: 'True', reason: 'ReconcileSuccess', message: 'ok', observedGeneration: 1 });
    await cluster.updateStatus({ ...current, status: { conditions } });
    const watch = { kind: 'Subnet', name: 'e', expect: 'ready' as const };
    assert.equal((await awaitOutcome(cluster, watch, new Date(), 300, 2)).reason, 'Timeout');
    assert.equal((await awaitOutcome(cluster, watch, new Date(), 300, 1)).reason, 'Ready');
  });

  it('says when success rests on a Ready written before the apply', async () => {
    await cluster.create(subnet('f'));
    await setReady('f', true, 'ReconcileSuccess', 'router f ready', new Date(Date.now() - 60_000));
    const outcome = await awaitOutcome(cluster, { kind: 'Subnet', name: 'f', expect: 'ready' }, new Date(), 5_000);
    assert.deepEqual([outcome.ok, outcome.confirmed], [true, false]);
    assert.match(outcome.message, /Ready predates this edit/);
  });
});
