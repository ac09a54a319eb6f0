import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Vlan } from '../../src/engine/cluster/kinds/kubeovn-types.js';
import { Informer } from '../../src/engine/cluster/kube/informer.js';
import { SourceStates, type SourceState } from '../../src/engine/cluster/kube/source-state.js';
import { startKubeEndpoint, waitFor, type KubeEndpoint } from './kube-endpoint.js';

const vlan = (name: string, id: number): Vlan => ({ apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: { name }, spec: { id, provider: 'physnet' } });
const fastBackoff = { initialMs: 20, maxMs: 200 };

/** An informer on Vlans through the Kubernetes adapter, with a log of what its handlers saw. */
function vlanInformer(env: KubeEndpoint, states = new SourceStates()) {
  const seen: string[] = [];
  const informer = new Informer<Vlan>(
    env.kube,
    'Vlan',
    {
      onAdd: (v) => seen.push(`add ${v.metadata.name}`),
      onUpdate: (v) => seen.push(`update ${v.metadata.name} ${v.spec.id}`),
      onDelete: (v) => seen.push(`delete ${v.metadata.name}`),
    },
    { backoff: fastBackoff, states },
  );
  return { informer, seen, states };
}

const ids = (informer: Informer<Vlan>) => informer.list().map((v) => `${v.metadata.name}=${v.spec.id}`).sort();

describe('Informer over the Kubernetes adapter', () => {
  let env: KubeEndpoint;
  before(async () => {
    env = await startKubeEndpoint();
  });
  after(async () => {
    await env?.close();
  });

  it('lists, then follows creates, updates and deletes, reporting syncing then ready', async () => {
    await env.kube.create(vlan('pre', 1));
    const { informer, seen, states } = vlanInformer(env);
    const phases: string[] = [];
    states.subscribe((s) => phases.push(s.phase));
    informer.start();
    try {
      await informer.waitForSync();
      assert.deepEqual(ids(informer), ['pre=1']);
      await env.kube.create(vlan('new', 2));
      await env.kube.patch('Vlan', 'pre', { spec: { id: 3 } });
      await env.kube.delete('Vlan', 'new');
      await waitFor(() => seen.includes('delete new'), 'the delete event');
      assert.deepEqual(seen, ['add pre', 'add new', 'update pre 3', 'delete new']);
      assert.deepEqual(phases, ['syncing', 'ready']);
    } finally {
      await informer.stop();
      await env.kube.delete('Vlan', 'pre');
    }
  });

  it('keeps following after the server drops its watch, cleanly or abruptly', async () => {
    const { informer } = vlanInformer(env);
    informer.start();
    try {
      await informer.waitForSync();
      for (const abrupt of [false, true]) {
        const name = abrupt ? 'after-reset' : 'after-drop';
        await waitFor(() => env.server.dropWatches({ abrupt }) > 0, 'an open watch to drop');
        await env.kube.create(vlan(name, 5));
        await waitFor(() => informer.get(name) !== undefined, `${name} in the cache`);
      }
    } finally {
      await informer.stop();
      await env.kube.delete('Vlan', 'after-drop');
      await env.kube.delete('Vlan', 'after-reset');
    }
  });

  it('shows disconnected while the server fails with 5xx, then recovers and catches up on what it missed', async () => {
    const { informer, seen, states } = vlanInformer(env);
    await env.kube.create(vlan('doomed', 1));
    informer.start();
    try {
      await informer.waitForSync();
      env.server.injectFailure({ path: /\/vlans/, method: 'GET', status: 503 });
      // Whether its watch is open yet or not, the informer's next request meets the 503.
      env.server.dropWatches();
      await waitFor(() => states.get('Vlan')?.phase === 'disconnected', 'the disconnected phase');
      const state = states.get('Vlan') as SourceState;
      assert.equal(state.code, 503);
      assert.ok(state.retryAt);
      // Changes while the informer cannot see them:
      await env.kube.delete('Vlan', 'doomed').catch(() => undefined);
      await env.store.delete('Vlan', 'doomed').catch(() => undefined);
      await env.store.create(vlan('born-offline', 9));
      assert.ok(informer.get('doomed'), 'the cache keeps the last data while disconnected');
      env.server.clearFailures();
      await waitFor(() => states.get('Vlan')?.phase === 'ready', 'the ready phase again');
      await waitFor(() => informer.get('born-offline') !== undefined && informer.get('doomed') === undefined, 'the re-list');
      assert.ok(seen.includes('delete doomed') && seen.includes('add born-offline'));
    } finally {
      env.server.clearFailures();
      await informer.stop();
      await env.store.delete('Vlan', 'born-offline').catch(() => undefined);
    }
  });

  it('shows forbidden while the server answers 403, and keeps retrying until allowed', async () => {
    env.server.injectFailure({ path: /\/vlans/, method: 'GET', status: 403 });
    const { informer, states } = vlanInformer(env);
    informer.start();
    try {
      await waitFor(() => states.get('Vlan')?.phase === 'forbidden', 'the forbidden phase');
      assert.equal(informer.synced(), false);
      assert.match(states.get('Vlan')!.message, /injected failure: 403/);
      env.server.clearFailures();
      await informer.waitForSync();
      await waitFor(() => states.get('Vlan')?.phase === 'ready', 'the ready phase (list done and watch up)');
    } finally {
      env.server.clearFailures();
      await informer.stop();
    }
  });

  it('re-lists when its watch is answered 410 Gone', async () => {
    const { informer, states } = vlanInformer(env);
    informer.start();
    try {
      await informer.waitForSync();
      env.server.injectFailure({ path: /watch=true/, status: 410, times: 1 });
      await waitFor(() => env.server.dropWatches() > 0, 'an open watch to drop');
      await env.kube.create(vlan('after-gone', 4));
      await waitFor(() => informer.get('after-gone') !== undefined, 'after-gone in the cache');
      assert.equal(states.get('Vlan')?.phase, 'ready');
    } finally {
      env.server.clearFailures();
      await informer.stop();
      await env.kube.delete('Vlan', 'after-gone');
    }
  });

  it('reports a kind the server does not serve as disconnected, naming the CRDs', async () => {
    env.server.injectFailure({ path: /\/vlans/, method: 'GET', status: 404 });
    const { informer, states } = vlanInformer(env);
    informer.start();
    try {
      await waitFor(() => states.get('Vlan')?.phase === 'disconnected', 'the disconnected phase');
      assert.match(states.get('Vlan')!.message, /does not serve Vlan .*CRDs installed/);
    } finally {
      env.server.clearFailures();
      await informer.stop();
    }
  });

  it('keeps running when a handler throws', async () => {
    const errors: unknown[] = [];
    const informer = new Informer<Vlan>(env.kube, 'Vlan', { onAdd: () => { throw new Error('handler bug'); } }, { backoff: fastBackoff, onHandlerError: (e) => errors.push(e) });
    informer.start();
    try {
      await informer.waitForSync();
      await env.kube.create(vlan('handled', 1));
      await waitFor(() => informer.get('handled') !== undefined, 'handled in the cache');
      assert.ok(errors.length >= 1);
    } finally {
      await informer.stop();
      await env.kube.delete('Vlan', 'handled');
    }
  });
});
