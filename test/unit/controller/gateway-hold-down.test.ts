import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyHoldDown } from '../../../src/engine/controller/gateway-health.js';

describe('gateway hold-down', () => {
  const sick = { healthy: false, reason: 'ovs-vswitchd does not answer' };
  const fine = { healthy: true };

  it('takes a node out at once and keeps why', () => {
    assert.deepEqual(applyHoldDown(undefined, sick, 0, 1000), { state: { down: true, reason: sick.reason }, verdict: sick });
    assert.deepEqual(applyHoldDown({ down: false }, fine, 0, 1000), { state: { down: false }, verdict: fine });
  });

  it('puts a node back only after it stayed healthy for the hold-down', () => {
    let { state, verdict } = applyHoldDown({ down: true, reason: sick.reason }, fine, 10_000, 1000);
    assert.deepEqual(verdict, { healthy: false, reason: 'recovering (was: ovs-vswitchd does not answer)' });
    ({ state, verdict } = applyHoldDown(state, fine, 10_600, 1000));
    assert.equal(verdict.healthy, false);
    ({ state, verdict } = applyHoldDown(state, fine, 11_000, 1000));
    assert.deepEqual({ state, verdict }, { state: { down: false }, verdict: fine });
  });

  it('restarts the hold-down when the node flaps while recovering', () => {
    let { state } = applyHoldDown({ down: true, reason: 'x' }, fine, 0, 1000);
    ({ state } = applyHoldDown(state, sick, 500, 1000));
    ({ state } = applyHoldDown(state, fine, 900, 1000));
    assert.equal(applyHoldDown(state, fine, 1500, 1000).verdict.healthy, false, 'only 600 ms since it came back');
    assert.equal(applyHoldDown(state, fine, 1900, 1000).verdict.healthy, true);
  });
});
