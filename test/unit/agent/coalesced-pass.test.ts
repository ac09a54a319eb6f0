import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { CoalescedPass } from '../../../src/engine/agent/coalesced-pass.js';

describe('coalesced pass', () => {
  it('never runs twice at once, and answers any number of requests during a pass with one more pass', async () => {
    let running = 0;
    let passes = 0;
    const pass = new CoalescedPass(async () => {
      running++;
      assert.equal(running, 1);
      passes++;
      await sleep(10);
      running--;
    });
    const first = pass.run();
    const during = [pass.run(), pass.run(), pass.run()];
    await Promise.all([first, ...during]);
    assert.equal(passes, 2);
    assert.equal(pass.inFlight, undefined);
  });

  it('rejects the callers of a failed pass and runs again on the next request', async () => {
    let fail = true;
    const pass = new CoalescedPass(async () => {
      if (fail) throw new Error('boom');
    });
    await assert.rejects(pass.run(), /boom/);
    fail = false;
    await pass.run();
  });

  it('still runs the pass asked for while a failing one ran', async () => {
    let calls = 0;
    const pass = new CoalescedPass(async () => {
      calls++;
      await sleep(5);
      if (calls === 1) throw new Error('first fails');
    });
    const first = pass.run();
    const second = pass.run();
    await Promise.allSettled([first, second]);
    assert.equal(calls, 2);
  });
});
