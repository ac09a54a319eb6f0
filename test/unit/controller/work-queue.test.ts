import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkQueue } from '../../../src/engine/controller/work-queue.js';

async function until(pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await sleep(2);
  }
}

describe('WorkQueue', () => {
  it('collapses repeated adds of a waiting key into one run', async () => {
    const runs: string[] = [];
    const q = new WorkQueue(async (k) => void runs.push(k));
    q.add('a');
    q.add('a');
    q.add('b');
    await q.idle();
    assert.deepEqual(runs, ['a', 'b']);
  });

  it('never runs one key twice at once, and reruns a key that changed while it ran', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    let runs = 0;
    const q = new WorkQueue(
      async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        runs++;
        await sleep(10);
        concurrent--;
      },
      { workers: 4 },
    );
    q.add('k');
    await until(() => concurrent === 1);
    q.add('k');
    q.add('k');
    await until(() => runs === 2 && q.length === 0);
    assert.equal(maxConcurrent, 1);
  });

  it('processes different keys in parallel up to the worker count', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    const q = new WorkQueue(
      async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await sleep(5);
        concurrent--;
      },
      { workers: 3 },
    );
    for (let i = 0; i < 10; i++) q.add(`k${i}`);
    await q.idle();
    assert.equal(maxConcurrent, 3);
  });

  it('retries a failing key with growing delays until it succeeds', async () => {
    const attempts: number[] = [];
    let calls = 0;
    const q = new WorkQueue(
      async () => {
        calls++;
        if (calls < 4) throw new Error('not yet');
      },
      { baseDelayMs: 5, onError: (_k, _e, attempt) => attempts.push(attempt) },
    );
    q.add('x');
    await until(() => calls === 4);
    assert.deepEqual(attempts, [1, 2, 3]);
    q.stop();
  });

  it('stops retrying a forgotten key', async () => {
    let calls = 0;
    const q = new WorkQueue(
      async () => {
        calls++;
        throw new Error('always');
      },
      { baseDelayMs: 20 },
    );
    q.add('x');
    await until(() => calls === 1);
    q.forget('x');
    await sleep(60);
    assert.equal(calls, 1);
    q.stop();
  });

  it('runs at most `workers` keys per turn of the event loop, even when handlers finish in microtasks alone', async () => {
    let done = 0;
    const q = new WorkQueue(
      async () => {
        await Promise.resolve();
        done++;
      },
      { workers: 4 },
    );
    for (let i = 0; i < 400; i++) q.add(`k${i}`);
    // A ticker that runs once per turn records how many keys finished in between.
    let maxPerTurn = 0;
    let seen = 0;
    let ticking = true;
    const tick = () => {
      maxPerTurn = Math.max(maxPerTurn, done - seen);
      seen = done;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await q.idle();
    ticking = false;
    assert.equal(done, 400);
    assert.ok(maxPerTurn <= 8, `${maxPerTurn} keys ran in one turn of the event loop`);
    q.stop();
  });

  /** One worker, held on its first key until `release()`; `runs` lists the keys in the order they ran. */
  async function heldQueue(first: string) {
    const runs: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const q = new WorkQueue(
      async (k) => {
        runs.push(k);
        if (runs.length === 1) await gate;
      },
      { workers: 1 },
    );
    q.add(first);
    await until(() => runs.length === 1);
    return { q, runs, release };
  }

  it('runs keys added first ahead of the keys waiting, in the order they were added first, also when they were waiting already', async () => {
    const { q, runs, release } = await heldQueue('busy');
    q.add('a');
    q.add('b');
    q.add('c');
    q.addFirst('c');
    q.addFirst('d');
    release();
    await q.idle();
    // c and d were blocking something in that order (a just-scheduled pod, say): c is served first.
    assert.deepEqual(runs, ['busy', 'c', 'd', 'a', 'b']);
  });

  it('runs a key added first while it was being processed again ahead of the keys waiting', async () => {
    const { q, runs, release } = await heldQueue('pod');
    q.add('a');
    q.add('b');
    // The pod was scheduled while its first reconcile ran: its second one must not wait behind a and b.
    q.addFirst('pod');
    release();
    await q.idle();
    assert.deepEqual(runs, ['pod', 'pod', 'a', 'b']);
  });
});

