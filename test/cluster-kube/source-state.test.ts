import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from '../../src/engine/cluster/kube/backoff.js';
import { SourceStates, type SourceState } from '../../src/engine/cluster/kube/source-state.js';

describe('SourceStates', () => {
  it('tells subscribers about each change, once', () => {
    const states = new SourceStates();
    const heard: SourceState[] = [];
    const unsubscribe = states.subscribe((s) => heard.push(s));
    states.set('Subnet', 'syncing', 'listing Subnet');
    states.set('Subnet', 'syncing', 'listing Subnet');
    states.set('Subnet', 'ready', 'watching Subnet');
    unsubscribe();
    states.set('Subnet', 'disconnected', 'gone');
    assert.deepEqual(heard.map((s) => s.phase), ['syncing', 'ready']);
    assert.equal(states.get('Subnet')?.phase, 'disconnected');
  });

  it('keeps `since` while the phase stays the same and the message changes', () => {
    const states = new SourceStates();
    states.set('Vpc', 'disconnected', 'first failure', { code: 503 });
    const since = states.get('Vpc')!.since;
    states.set('Vpc', 'disconnected', 'second failure', { code: 500 });
    assert.equal(states.get('Vpc')!.since, since);
    assert.equal(states.get('Vpc')!.code, 500);
  });

  it('summarises all kinds by the worst phase', () => {
    const states = new SourceStates();
    assert.equal(states.overall(), undefined);
    states.set('Subnet', 'ready', '');
    states.set('Vpc', 'syncing', '');
    assert.equal(states.overall(), 'syncing');
    states.set('Vlan', 'forbidden', '');
    assert.equal(states.overall(), 'forbidden');
    states.set('IP', 'disconnected', '');
    assert.equal(states.overall(), 'disconnected');
  });
});

describe('Backoff', () => {
  it('grows by the factor up to the cap and starts over after reset', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 500, factor: 2, jitter: 0 });
    assert.deepEqual([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()], [100, 200, 400, 500, 500]);
    backoff.reset();
    assert.equal(backoff.next(), 100);
  });

  it('spreads delays within the jitter fraction', () => {
    const backoff = new Backoff({ initialMs: 1000, jitter: 0.2 });
    const delay = backoff.next();
    assert.ok(delay >= 800 && delay <= 1200, String(delay));
  });
});
