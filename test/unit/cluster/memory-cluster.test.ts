import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openMemoryCluster } from '../../../src/engine/cluster/memory/memory-cluster.js';
import { isApiError } from '../../../src/engine/cluster/api-error.js';
import type { KubeObject, WatchEvent } from '../../../src/engine/cluster/types.js';

const subnet = (name: string, spec: Record<string, unknown> = { cidrBlock: '10.0.0.0/24', protocol: 'IPv4' }, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'kubeovn.io/v1',
  kind: 'Subnet',
  metadata: { name, ...(labels ? { labels } : {}) },
  spec,
});

const pod = (name: string, namespace: string, nodeName?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...(nodeName ? { nodeName } : {}) },
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), 'condition not reached');
}

describe('embedded store: writes', () => {
  it('creates with uid, creationTimestamp, generation 1 and a resourceVersion from one global counter', async () => {
    const store = await openMemoryCluster();
    const a = await store.create(subnet('a'));
    const p = await store.create(pod('p', 'default'));
    assert.match(a.metadata.uid!, /^[0-9a-f-]{36}$/);
    assert.match(a.metadata.creationTimestamp!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(a.metadata.generation, 1);
    assert.ok(Number(p.metadata.resourceVersion) > Number(a.metadata.resourceVersion));
    assert.equal(store.currentResourceVersion(), p.metadata.resourceVersion);
  });

  it('completes generateName and rejects a second object of the same name with AlreadyExists', async () => {
    const store = await openMemoryCluster();
    const made = await store.create({ ...subnet(''), metadata: { name: '', generateName: 'net-' } });
    assert.match(made.metadata.name, /^net-[a-z0-9]{5}$/);
    await assert.rejects(store.create(subnet(made.metadata.name)), (e: unknown) => isApiError(e, 'AlreadyExists') && e.code === 409);
  });

  it('fails an update with a stale resourceVersion with Conflict (409)', async () => {
    const store = await openMemoryCluster();
    const v1 = await store.create(subnet('a'));
    await store.update({ ...v1, spec: { cidrBlock: '10.0.1.0/24', protocol: 'IPv4' } });
    await assert.rejects(
      store.update({ ...v1, spec: { cidrBlock: '10.0.2.0/24', protocol: 'IPv4' } }),
      (e: unknown) => isApiError(e, 'Conflict') && e.code === 409 && /subnets.kubeovn.io "a"/.test(e.message),
    );
  });

  it('bumps generation on a spec change only, and a no-op update writes nothing', async () => {
    const store = await openMemoryCluster();
    const v1 = await store.create(subnet('a'));
    const labelled = await store.update({ ...v1, metadata: { ...v1.metadata, labels: { x: 'y' } } });
    assert.equal(labelled.metadata.generation, 1);
    const changed = await store.update({ ...labelled, spec: { cidrBlock: '10.9.0.0/24', protocol: 'IPv4' } });
    assert.equal(changed.metadata.generation, 2);
    const same = await store.update(changed);
    assert.equal(same.metadata.resourceVersion, changed.metadata.resourceVersion);
  });

  it('keeps status out of create and update, and spec out of updateStatus, for kinds with a status subresource', async () => {
    const store = await openMemoryCluster();
    const created = await store.create({ ...subnet('a'), status: { v4AvailableIPs: 9 } });
    assert.equal(created.status, undefined);
    const withStatus = await store.updateStatus({ ...created, spec: { cidrBlock: '1.1.1.0/24', protocol: 'IPv4' }, status: { v4AvailableIPs: 5 } });
    assert.deepEqual(withStatus.status, { v4AvailableIPs: 5 });
    assert.equal((withStatus.spec as { cidrBlock: string }).cidrBlock, '10.0.0.0/24');
    const updated = await store.update({ ...withStatus, status: { v4AvailableIPs: 0 } });
    assert.deepEqual(updated.status, { v4AvailableIPs: 5 });
  });

  it('keeps the status a Node is registered with, and starts Pods Pending and Namespaces Active', async () => {
    const store = await openMemoryCluster();
    const node = await store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { addresses: [{ type: 'InternalIP', address: '172.18.0.2' }] } });
    assert.deepEqual(node.status, { addresses: [{ type: 'InternalIP', address: '172.18.0.2' }] });
    assert.deepEqual((await store.create({ ...pod('p', 'default'), status: { phase: 'Running' } })).status, { phase: 'Pending' });
    assert.deepEqual((await store.create<KubeObject>({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } })).status, { phase: 'Active' });
  });

  it('merge-patches (null deletes, arrays replace) and leaves status alone', async () => {
    const store = await openMemoryCluster();
    await store.create({ ...subnet('a', { cidrBlock: '10.0.0.0/24', protocol: 'IPv4', excludeIps: ['10.0.0.1'] }), metadata: { name: 'a', labels: { x: '1', y: '2' } } });
    const patched = await store.patch('Subnet', 'a', { metadata: { labels: { x: null } }, spec: { excludeIps: ['10.0.0.9'] }, status: { v4AvailableIPs: 1 } });
    assert.deepEqual(patched.metadata.labels, { y: '2' });
    assert.deepEqual((patched.spec as { excludeIps: string[] }).excludeIps, ['10.0.0.9']);
    assert.equal(patched.status, undefined);
  });

  it('rejects an invalid object with Invalid (422) naming each field, value and object', async () => {
    const store = await openMemoryCluster();
    await assert.rejects(
      store.create({ apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: { name: 'v' }, spec: { id: 5000, provider: 'p' } }),
      (e: unknown) =>
        isApiError(e, 'Invalid') &&
        e.code === 422 &&
        e.message === 'Vlan.kubeovn.io "v" is invalid: spec.id: Invalid value: 5000: spec.id in body should be less than or equal to 4095' &&
        e.causes[0].field === 'spec.id',
    );
    assert.equal((await store.list('Vlan')).items.length, 0);
  });

  it('rejects a change to an immutable field on update, naming the field', async () => {
    const store = await openMemoryCluster();
    const pool = await store.create({ apiVersion: 'kubeovn.io/v1', kind: 'IPPool', metadata: { name: 'pool' }, spec: { subnet: 'a', ips: ['10.0.0.1'] } });
    await assert.rejects(
      store.update({ ...pool, spec: { subnet: 'b', ips: ['10.0.0.1'] } }),
      (e: unknown) => isApiError(e, 'Invalid') && e.causes.some((c) => c.field === 'spec.subnet') && /IPPool.kubeovn.io "pool" is invalid: spec.subnet/.test(e.message),
    );
  });

  it('rejects an unknown kind with NotFound', async () => {
    const store = await openMemoryCluster();
    await assert.rejects(store.create({ apiVersion: 'x/v1', kind: 'Nope', metadata: { name: 'n' } }), (e: unknown) => isApiError(e, 'NotFound'));
    await assert.rejects(store.list('nopes'), (e: unknown) => isApiError(e, 'NotFound'));
  });

  it('hands out copies: changing a returned object does not change the store', async () => {
    const store = await openMemoryCluster();
    const input = subnet('a');
    const created = await store.create(input);
    (input.spec as { cidrBlock: string }).cidrBlock = 'changed';
    (created.spec as { cidrBlock: string }).cidrBlock = 'changed';
    const again = await store.get('Subnet', 'a');
    assert.equal((again!.spec as { cidrBlock: string }).cidrBlock, '10.0.0.0/24');
  });
});

describe('embedded store: deletion', () => {
  it('marks an object with finalizers for deletion and removes it when the last finalizer is cleared', async () => {
    const store = await openMemoryCluster();
    await store.create({ ...subnet('a'), metadata: { name: 'a', finalizers: ['kovn.io/subnet'] } });
    await store.delete('Subnet', 'a');
    const marked = await store.get('Subnet', 'a');
    assert.ok(marked?.metadata.deletionTimestamp);
    await assert.rejects(
      store.update({ ...marked!, metadata: { ...marked!.metadata, finalizers: ['kovn.io/subnet', 'other'] } }),
      (e: unknown) => isApiError(e, 'Invalid') && /no new finalizers can be added/.test(e.message),
    );
    await store.update({ ...marked!, metadata: { ...marked!.metadata, finalizers: [] } });
    assert.equal(await store.get('Subnet', 'a'), undefined);
  });

  it('fails to delete an absent object with NotFound (404)', async () => {
    const store = await openMemoryCluster();
    await assert.rejects(store.delete('Subnet', 'gone'), (e: unknown) => isApiError(e, 'NotFound') && e.message === 'subnets.kubeovn.io "gone" not found');
  });

  it('deletes dependents whose owners are all gone, as the garbage collector does', async () => {
    const store = await openMemoryCluster();
    const owner = await store.create(subnet('owner'));
    const other = await store.create(subnet('other'));
    const ownedBy = (...owners: KubeObject[]) => owners.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid! }));
    await store.create({ ...subnet('only-child'), metadata: { name: 'only-child', ownerReferences: ownedBy(owner) } });
    await store.create({ ...subnet('shared-child'), metadata: { name: 'shared-child', ownerReferences: ownedBy(owner, other) } });
    await store.create({ ...subnet('grandchild'), metadata: { name: 'grandchild', ownerReferences: ownedBy((await store.get('Subnet', 'only-child'))!) } });
    await store.delete('Subnet', 'owner');
    const names = (await store.list('Subnet')).items.map((s) => s.metadata.name);
    assert.deepEqual(names, ['other', 'shared-child']);
  });

  it('deletes what a namespace holds with the namespace', async () => {
    const store = await openMemoryCluster();
    await store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1' } });
    await store.create(pod('p', 'ns1'));
    await store.create(pod('q', 'other'));
    await store.delete('Namespace', 'ns1');
    assert.deepEqual((await store.list('Pod')).items.map((p) => p.metadata.name), ['q']);
  });
});

describe('embedded store: list', () => {
  it('lists by namespace, label selector and field selector', async () => {
    const store = await openMemoryCluster();
    await store.create(subnet('a', undefined, { tier: 'web', env: 'prod' }));
    await store.create(subnet('b', undefined, { tier: 'db' }));
    await store.create(subnet('c'));
    await store.create(pod('p1', 'n1', 'node1'));
    await store.create(pod('p2', 'n1', 'node2'));
    await store.create(pod('p3', 'n2', 'node1'));
    const names = (l: { items: KubeObject[] }) => l.items.map((o) => o.metadata.name);
    assert.deepEqual(names(await store.list('Subnet', { labelSelector: 'tier in (web,db),env!=test' })), ['a', 'b']);
    assert.deepEqual(names(await store.list('Subnet', { labelSelector: '!tier' })), ['c']);
    assert.deepEqual(names(await store.list('Pod', { namespace: 'n1' })), ['p1', 'p2']);
    assert.deepEqual(names(await store.list('Pod', { fieldSelector: 'spec.nodeName=node1' })), ['p1', 'p3']);
    assert.deepEqual(names(await store.list('Pod', { fieldSelector: 'metadata.namespace=n1,metadata.name!=p1' })), ['p2']);
  });
});

describe('embedded store: watch', () => {
  it('starts with ADDED for current objects when given no resourceVersion, then streams changes', async () => {
    const store = await openMemoryCluster();
    await store.create(subnet('a'));
    const events: WatchEvent[] = [];
    const handle = await store.watch('Subnet', {}, (e) => events.push(e));
    await store.create(subnet('b'));
    await store.delete('Subnet', 'a');
    await until(() => events.length === 3);
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED a', 'ADDED b', 'DELETED a']);
    handle.stop();
  });

  it('replays the changes after a resourceVersion, in order', async () => {
    const store = await openMemoryCluster();
    const a = await store.create(subnet('a'));
    await store.patch('Subnet', 'a', { metadata: { labels: { x: '1' } } });
    await store.create(subnet('b'));
    const events: WatchEvent[] = [];
    const handle = await store.watch('Subnet', { resourceVersion: a.metadata.resourceVersion }, (e) => events.push(e));
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`), ['MODIFIED a', 'ADDED b']);
    handle.stop();
  });

  it('fails with Gone (410) for a resourceVersion older than the kept history', async () => {
    const store = await openMemoryCluster({ watchHistory: 2 });
    const first = await store.create(subnet('a'));
    for (const n of ['b', 'c', 'd', 'e']) await store.create(subnet(n));
    await assert.rejects(store.watch('Subnet', { resourceVersion: first.metadata.resourceVersion }, () => {}), (e: unknown) => isApiError(e, 'Gone') && e.code === 410);
  });

  it('turns an object that stops matching the selector into DELETED for that watcher', async () => {
    const store = await openMemoryCluster();
    await store.create(subnet('a', undefined, { tier: 'web' }));
    const events: WatchEvent[] = [];
    const handle = await store.watch('Subnet', { labelSelector: 'tier=web' }, (e) => events.push(e));
    await store.patch('Subnet', 'a', { metadata: { labels: { tier: 'db' } } });
    await until(() => events.length === 2);
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'DELETED']);
    handle.stop();
  });

  it('tells watchers why their watch ended when the store closes', async () => {
    const store = await openMemoryCluster();
    let closedWith: Error | undefined;
    await store.watch('Subnet', {}, () => {}, (err) => (closedWith = err));
    await store.close();
    assert.match(String(closedWith?.message), /closed/);
  });
});

describe('embedded store: events', () => {
  it('records core v1 Events and aggregates repeats with a count', async () => {
    const store = await openMemoryCluster();
    const event = { involved: { kind: 'Subnet', name: 'a' }, type: 'Warning' as const, reason: 'CIDRConflict', message: 'overlaps b', source: 'kovn-controller' };
    await store.recordEvent(event);
    await store.recordEvent(event);
    await store.recordEvent({ ...event, message: 'other' });
    const { items } = await store.list('Event', { namespace: 'default' });
    assert.equal(items.length, 2);
    const repeated = items.find((e) => e.message === 'overlaps b')!;
    assert.equal(repeated.count, 2);
    assert.deepEqual(repeated.involvedObject, { kind: 'Subnet', name: 'a' });
    assert.deepEqual(repeated.source, { component: 'kovn-controller' });
  });

  it('keeps the most recently seen events when there are more than maxEvents', async () => {
    const store = await openMemoryCluster({ maxEvents: 3 });
    const event = (message: string) => ({ involved: { kind: 'Subnet', name: 'a' }, type: 'Normal' as const, reason: 'R', message, source: 'test' });
    for (const m of ['1', '2', '3']) await store.recordEvent(event(m));
    await store.recordEvent(event('1'));
    await store.recordEvent(event('4'));
    const { items } = await store.list('Event');
    assert.deepEqual(items.map((e) => e.message).sort(), ['1', '3', '4']);
  });
});
