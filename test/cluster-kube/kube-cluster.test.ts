import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, isApiError } from '../../src/engine/cluster/api-error.js';
import type { Vlan } from '../../src/engine/cluster/kinds/kubeovn-types.js';
import { connectKubeCluster } from '../../src/engine/cluster/kube/kube-cluster.js';
import { retryOnConflict } from '../../src/engine/cluster/kube/retry-on-conflict.js';
import type { KubeObject, WatchEvent } from '../../src/engine/cluster/types.js';
import { startApiServer } from '../../src/engine/cluster/http/api-server.js';
import { join } from 'node:path';
import { CONTEXT, startKubeEndpoint, waitFor, type KubeEndpoint } from './kube-endpoint.js';

const vlan = (name: string, id: number, labels?: Record<string, string>): Vlan => ({
  apiVersion: 'kubeovn.io/v1',
  kind: 'Vlan',
  metadata: { name, ...(labels ? { labels } : {}) },
  spec: { id, provider: 'physnet' },
});

describe('KubeCluster against the embedded store endpoint', () => {
  let env: KubeEndpoint;
  before(async () => {
    env = await startKubeEndpoint();
  });
  after(async () => {
    await env?.close();
  });

  it('creates, reads, lists with a label selector, patches and deletes a kubeovn object', async () => {
    const { kube } = env;
    const created = await kube.create(vlan('crud', 10, { tier: 'a' }));
    assert.ok(created.metadata.uid && created.metadata.resourceVersion);
    await kube.create(vlan('crud-other', 11, { tier: 'b' }));
    assert.equal((await kube.get<Vlan>('Vlan', 'crud'))?.spec.id, 10);
    assert.equal((await kube.get<Vlan>('vlans.kubeovn.io', 'crud'))?.spec.id, 10);
    await assert.rejects(kube.get('widgets', 'x'), (e: unknown) => isApiError(e, 'NotFound') && /resource type "widgets"/.test(e.message));
    const listed = await kube.list<Vlan>('Vlan', { labelSelector: 'tier=a' });
    assert.deepEqual(listed.items.map((v) => v.metadata.name), ['crud']);
    assert.equal(listed.items[0].kind, 'Vlan');
    assert.ok(listed.resourceVersion);
    const patched = await kube.patch<Vlan>('vlans', 'crud', { spec: { id: 12 }, metadata: { labels: { tier: null } } });
    assert.equal(patched.spec.id, 12);
    assert.equal(patched.metadata.labels?.tier, undefined);
    await kube.delete('Vlan', 'crud');
    await kube.delete('Vlan', 'crud-other');
    assert.equal(await kube.get('Vlan', 'crud'), undefined);
    await assert.rejects(kube.delete('Vlan', 'crud'), (e: unknown) => isApiError(e, 'NotFound') && e.code === 404);
  });

  it('reports AlreadyExists for a second create of the same name', async () => {
    await env.kube.create(vlan('twice', 1));
    await assert.rejects(env.kube.create(vlan('twice', 1)), (e: unknown) => isApiError(e, 'AlreadyExists') && e.code === 409);
    await env.kube.delete('Vlan', 'twice');
  });

  it('carries the server\'s field causes for an invalid object', async () => {
    const bad = { ...vlan('bad', 5000), spec: { id: 5000 } } as unknown as KubeObject;
    await assert.rejects(env.kube.create(bad), (e: unknown) => {
      assert.ok(isApiError(e, 'Invalid'));
      assert.equal(e.code, 422);
      assert.deepEqual(e.causes.map((c) => c.message), [
        'spec.provider: Required value',
        'spec.id: Invalid value: 5000: spec.id in body should be less than or equal to 4095',
      ]);
      return true;
    });
  });

  it('refuses a stale update with Conflict, and retryOnConflict re-reads and succeeds', async () => {
    const { kube } = env;
    const original = await kube.create(vlan('race', 1));
    await kube.patch('Vlan', 'race', { spec: { id: 2 } });
    await assert.rejects(kube.update({ ...original, spec: { ...original.spec, id: 3 } }), (e: unknown) => isApiError(e, 'Conflict'));
    let attempts = 0;
    const updated = await retryOnConflict(async () => {
      attempts++;
      const current = attempts === 1 ? original : (await kube.get<Vlan>('Vlan', 'race'))!;
      return kube.update({ ...current, spec: { ...current.spec, id: 4 } });
    }, { delayMs: () => 1 });
    assert.equal(attempts, 2);
    assert.equal(updated.spec.id, 4);
    await kube.delete('Vlan', 'race');
  });

  it('gives up after the given number of conflicts and rethrows other errors at once', async () => {
    const conflict = new ApiError(409, 'Conflict', 'the object has been modified');
    let calls = 0;
    await assert.rejects(retryOnConflict(async () => { calls++; throw conflict; }, { attempts: 3, delayMs: () => 1 }), (e) => e === conflict);
    assert.equal(calls, 3);
    calls = 0;
    await assert.rejects(retryOnConflict(async () => { calls++; throw new ApiError(404, 'NotFound', 'gone'); }), (e: unknown) => isApiError(e, 'NotFound'));
    assert.equal(calls, 1);
  });

  it('writes status through the status subresource without touching spec', async () => {
    const { kube } = env;
    const created = await kube.create(vlan('stat', 7));
    const written = await kube.updateStatus<Vlan>({ ...created, spec: { ...created.spec, id: 99 }, status: { conflict: true, subnets: ['net1'] } });
    assert.deepEqual(written.status, { conflict: true, subnets: ['net1'] });
    assert.equal(written.spec.id, 7);
    await kube.delete('Vlan', 'stat');
  });

  it('serves namespaced core kinds in the context namespace by default', async () => {
    const { kube } = env;
    await kube.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }).catch((e: unknown) => {
      if (!isApiError(e, 'AlreadyExists')) throw e;
    });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'team-a' }, spec: { containers: [{ name: 'c', image: 'x' }] } };
    await kube.create(pod);
    assert.equal((await kube.get('Pod', 'web', 'team-a'))?.metadata.namespace, 'team-a');
    assert.deepEqual((await kube.list('Pod', { namespace: 'team-a' })).items.map((p) => p.metadata.name), ['web']);
    assert.deepEqual((await kube.list('Pod', { fieldSelector: 'metadata.namespace=team-a' })).items.map((p) => p.metadata.name), ['web']);
    await kube.delete('Pod', 'web', 'team-a');
  });

  it('records events and counts repeats on one Event', async () => {
    const { kube } = env;
    const record = { involved: { kind: 'Subnet', name: 'net-ev' }, type: 'Warning' as const, reason: 'ValidateLogicalSwitchFailed', message: 'gateway not in cidr', source: 'kovn-controller' };
    await kube.recordEvent(record);
    await kube.recordEvent(record);
    const events = (await kube.list('Event')).items.filter((e) => (e.involvedObject as { name: string }).name === 'net-ev');
    assert.equal(events.length, 1);
    assert.equal(events[0].count, 2);
    assert.equal(events[0].reason, 'ValidateLogicalSwitchFailed');
  });

  it('turns injected 403 and 500 answers into Forbidden and InternalError', async () => {
    const { kube, server } = env;
    server.injectFailure({ path: /\/vlans\/forbidden-one/, status: 403, times: 1 });
    await assert.rejects(kube.get('Vlan', 'forbidden-one'), (e: unknown) => isApiError(e, 'Forbidden') && e.code === 403);
    server.injectFailure({ path: /\/vlans/, method: 'GET', status: 500, times: 1 });
    await assert.rejects(kube.list('Vlan'), (e: unknown) => isApiError(e, 'InternalError') && e.code === 500);
    server.clearFailures();
    await kube.list('Vlan');
  });

  it('reports an unreachable server as ServiceUnavailable naming it', async () => {
    const gone = await startApiServer({ store: env.store, kubeconfigPath: join(env.dir, 'gone.kubeconfig'), contextName: 'gone' });
    await gone.close();
    const kube = connectKubeCluster({ kubeconfigPath: join(env.dir, 'gone.kubeconfig'), context: 'gone' });
    await assert.rejects(kube.list('Vlan'), (e: unknown) => {
      assert.ok(isApiError(e, 'ServiceUnavailable'));
      assert.match(e.message, /cannot reach the cluster .*127\.0\.0\.1.*ECONNREFUSED/);
      return true;
    });
  });

  it('watches from a resourceVersion and delivers changes in order', async () => {
    const { kube } = env;
    const start = await kube.list('Vlan');
    const events: WatchEvent<Vlan>[] = [];
    let closed: Error | undefined;
    const handle = await kube.watch<Vlan>('Vlan', { resourceVersion: start.resourceVersion }, (e) => events.push(e), (err) => (closed = err));
    try {
      await kube.create(vlan('w1', 1));
      await kube.patch('Vlan', 'w1', { spec: { id: 2 } });
      await kube.delete('Vlan', 'w1');
      await waitFor(() => events.length >= 3, 'three watch events');
      assert.deepEqual(events.map((e) => [e.type, e.object.metadata.name, e.object.kind]), [
        ['ADDED', 'w1', 'Vlan'], ['MODIFIED', 'w1', 'Vlan'], ['DELETED', 'w1', 'Vlan'],
      ]);
    } finally {
      handle.stop();
    }
    assert.equal(closed, undefined, 'stop() does not call onClosed');
  });

  it('calls onClosed once when the server drops the watch', async () => {
    const { kube, server } = env;
    const closes: Error[] = [];
    const handle = await kube.watch('Vlan', {}, () => undefined, (err) => closes.push(err));
    try {
      await waitFor(() => server.dropWatches() > 0, 'the watch to be open');
      await waitFor(() => closes.length === 1, 'onClosed');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(closes.length, 1);
    } finally {
      handle.stop();
    }
  });

  it('fails to start a watch the server refuses, instead of calling onClosed', async () => {
    const { kube, server } = env;
    server.injectFailure({ path: /watch=true/, status: 403, times: 1 });
    let closed = false;
    await assert.rejects(kube.watch('Vlan', {}, () => undefined, () => (closed = true)), (e: unknown) => isApiError(e, 'Forbidden'));
    assert.equal(closed, false);
  });

  it('ends a watch from a compacted resourceVersion with Gone', async () => {
    const { kube, server } = env;
    server.injectFailure({ path: /watch=true/, status: 410, times: 1 });
    await assert.rejects(kube.watch('Vlan', { resourceVersion: '1' }, () => undefined), (e: unknown) => isApiError(e, 'Gone') && e.code === 410);
  });

  it('discovers which kinds the server serves, and which are missing (CRDs not installed)', async () => {
    const all = await env.kube.discoverKinds();
    assert.deepEqual(all.missing, []);
    assert.ok(all.served.some((k) => k.kind === 'Subnet'));
    env.server.injectFailure({ path: /^\/apis\/kubeovn\.io\/v1$/, status: 404, times: 1 });
    const withoutCrds = await env.kube.discoverKinds();
    assert.deepEqual(withoutCrds.missing.map((k) => k.kind), ['Vpc', 'Subnet', 'IP', 'IPPool', 'Vlan', 'ProviderNetwork', 'OvnEip', 'OvnFip', 'OvnSnatRule', 'OvnDnatRule']);
    assert.ok(withoutCrds.served.some((k) => k.kind === 'Pod'));
  });

  it('passes kubectl: the CRDs in deploy/crds apply to the endpoint and kubectl reads objects the adapter wrote', async () => {
    const { runCommand } = await import('../../src/engine/proc/run-command.js');
    const kubectl = (...args: string[]) => runCommand(['kubectl', '--kubeconfig', env.kubeconfigPath, '--context', CONTEXT, ...args]);
    const applied = await kubectl('apply', '--dry-run=server', '-o', 'name', '-f', 'deploy/crds/');
    assert.equal(applied.stdout.trim().split('\n').length, 10);
    await env.kube.create(vlan('from-adapter', 42));
    const got = await kubectl('get', 'vlan', 'from-adapter', '-o', 'jsonpath={.spec.id}');
    assert.equal(got.stdout, '42');
    await env.kube.delete('Vlan', 'from-adapter');
  });
});
