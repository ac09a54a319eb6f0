import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { longestReplyGapMs } from '../../lab/loss-window.js';

describe('loss window from ping -D output', () => {
  it('is the longest time between two consecutive replies', () => {
    const out = [
      '[1700000000.000] 64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.1 ms',
      '[1700000000.020] 64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=0.1 ms',
      '[1700000000.040] no answer yet for icmp_seq=3',
      '[1700000000.500] 64 bytes from 10.0.0.2: icmp_seq=26 ttl=64 time=0.1 ms',
    ].join('\n');
    assert.deepEqual(longestReplyGapMs(out), { gapMs: 480, received: 3, sent: 26 });
  });
});
