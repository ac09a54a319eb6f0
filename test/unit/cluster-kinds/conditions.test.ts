import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Condition, NodeCondition } from '../../../src/engine/cluster/kinds/conditions.js';
import { findCondition, isConditionTrue, kubeTime, removeCondition, setCondition, setReadyResult } from '../../../src/engine/cluster/kinds/conditions.js';

const t0 = new Date('2026-01-01T00:00:00.123Z');
const t1 = new Date('2026-01-01T00:05:00Z');

describe('status conditions', () => {
  it('writes times at second precision, as Kubernetes does', () => {
    assert.equal(kubeTime(t0), '2026-01-01T00:00:00Z');
  });

  it('appends a new condition with both timestamps', () => {
    const list = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'Init', message: 'Not Observed' }, t0);
    assert.deepEqual(list, [{ type: 'Ready', status: 'False', reason: 'Init', message: 'Not Observed', lastUpdateTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' }]);
  });

  it('moves lastTransitionTime only when the status changes', () => {
    const first = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'A', message: 'a' }, t0);
    const sameStatus = setCondition(first, { type: 'Ready', status: 'False', reason: 'B', message: 'b' }, t1);
    assert.equal(sameStatus[0].lastTransitionTime, '2026-01-01T00:00:00Z');
    assert.equal(sameStatus[0].lastUpdateTime, '2026-01-01T00:05:00Z');
    assert.equal(sameStatus[0].reason, 'B');
    const flipped = setCondition(sameStatus, { type: 'Ready', status: 'True', reason: 'C', message: '' }, t1);
    assert.equal(flipped[0].lastTransitionTime, '2026-01-01T00:05:00Z');
  });

  it('returns the same array when nothing changes, so callers can skip the write', () => {
    const list = setCondition(undefined, { type: 'Ready', status: 'True', reason: 'Ok', message: '' }, t0);
    assert.equal(setCondition(list, { type: 'Ready', status: 'True', reason: 'Ok', message: '' }, t1), list);
  });

  it('never mutates the input list', () => {
    const list: Condition[] = [{ type: 'Ready', status: 'True', reason: 'Ok' }];
    const copy = structuredClone(list);
    setCondition(list, { type: 'Ready', status: 'False', reason: 'Bad' }, t1);
    assert.deepEqual(list, copy);
  });

  it('keeps one condition per node for ProviderNetwork', () => {
    let list: NodeCondition[] = [];
    list = setCondition(list, { type: 'Ready', status: 'True', node: 'n1', reason: 'InitOVSBridgeSucceeded' }, t0);
    list = setCondition(list, { type: 'Ready', status: 'False', node: 'n2', reason: 'InitOVSBridgeFailed' }, t0);
    list = setCondition(list, { type: 'Ready', status: 'True', node: 'n2', reason: 'InitOVSBridgeSucceeded' }, t1);
    assert.deepEqual(list.map((c) => [c.node, c.status]), [['n1', 'True'], ['n2', 'True']]);
  });

  it('records a reconcile failure as Ready=False and Error=True, and success clears Error', () => {
    const failed = setReadyResult(undefined, false, 'ValidateLogicalSwitchFailed', 'gateway 10.1.0.1 is not in cidr 10.0.0.0/24', { now: t0 });
    assert.deepEqual(failed.map((c) => [c.type, c.status, c.reason]), [['Ready', 'False', 'ValidateLogicalSwitchFailed'], ['Error', 'True', 'ValidateLogicalSwitchFailed']]);
    const ok = setReadyResult(failed, true, 'SetPrivateLogicalSwitchSuccess', '', { now: t1 });
    assert.ok(isConditionTrue(ok, 'Ready'));
    assert.equal(findCondition(ok, 'Error')?.status, 'False');
    assert.deepEqual(removeCondition(ok, 'Error').map((c) => c.type), ['Ready']);
  });
});
