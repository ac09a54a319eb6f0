import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectDelay } from '../../../src/ovn/ovsdb/backoff.js';

describe('reconnectDelay', () => {
  it('doubles from the initial delay up to the maximum', () => {
    const full = () => 1; // no jitter: the ceiling itself
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => reconnectDelay(n, { initialMs: 100, maxMs: 5000 }, full)),
      [100, 200, 400, 800, 1600, 3200, 5000, 5000],
    );
  });
  it('jitters each delay to between half and all of its ceiling', () => {
    assert.equal(reconnectDelay(3, { initialMs: 100 }, () => 0), 200);
    assert.equal(reconnectDelay(3, { initialMs: 100 }, () => 0.5), 300);
    for (let i = 0; i < 100; i++) {
      const d = reconnectDelay(4, {});
      assert.ok(d >= 400 && d <= 800, String(d));
    }
  });
  it('stays bounded after very many failures', () => {
    assert.equal(reconnectDelay(10_000, { maxMs: 2000 }, () => 1), 2000);
  });
});
