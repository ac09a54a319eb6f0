import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandSpawner } from '../../../src/engine/proc/command-spawner.js';
import { isProcessAlive } from '../../../src/engine/proc/process-state.js';
import { runCommand, runCommandDirectly, routeCommandsThrough, type RunOptions } from '../../../src/engine/proc/run-command.js';
import { SubprocessError } from '../../../src/engine/proc/subprocess-error.js';

/** The same command run directly and through the spawner: both results, or both errors. */
type Settled = { value?: unknown; error?: unknown };

async function both(spawner: CommandSpawner, argv: string[], options: RunOptions = {}): Promise<{ direct: Settled; spawned: Settled }> {
  const settle = (p: Promise<unknown>): Promise<Settled> => p.then((value) => ({ value }), (error: unknown) => ({ error }));
  return { direct: await settle(runCommandDirectly(argv, options)), spawned: await settle(spawner.run(argv, options)) };
}

function errorShape(outcome: Settled) {
  const e = outcome.error;
  assert.ok(e instanceof SubprocessError, `expected a SubprocessError, got ${String(e)}`);
  return { name: e.name, argv: e.argv, exitCode: e.exitCode, signal: e.signal, stderr: e.stderr, stdout: e.stdout, message: e.message };
}

describe('command spawner', () => {
  const spawner = new CommandSpawner();
  after(() => spawner.stop());

  it('runs a command and returns what a direct spawn returns', async () => {
    const { direct, spawned } = await both(spawner, ['true']);
    assert.deepEqual(spawned, direct);
    assert.deepEqual(spawned, { value: { stdout: '', stderr: '', exitCode: 0 } });
  });

  it('passes stdin and collects stdout', async () => {
    const { direct, spawned } = await both(spawner, ['cat'], { input: 'hello\nworld\n' });
    assert.deepEqual(spawned, direct);
    assert.deepEqual(spawned, { value: { stdout: 'hello\nworld\n', stderr: '', exitCode: 0 } });
  });

  it('fails a non-zero exit with the same SubprocessError as a direct spawn, unless the code is allowed', async () => {
    const failing = await both(spawner, ['false']);
    assert.deepEqual(errorShape(failing.spawned), errorShape(failing.direct));
    assert.equal(errorShape(failing.spawned).exitCode, 1);
    const allowed = await both(spawner, ['false'], { okCodes: [0, 1] });
    assert.deepEqual(allowed.spawned, allowed.direct);
  });

  it('keeps stderr and stdout of a failed command', async () => {
    const argv = ['ls', '/kovn-no-such-dir'];
    const { direct, spawned } = await both(spawner, argv);
    assert.deepEqual(errorShape(spawned), errorShape(direct));
    assert.match(errorShape(spawned).stderr, /kovn-no-such-dir/);
  });

  it('kills a command at its timeout and reports the signal', async () => {
    const { direct, spawned } = await both(spawner, ['sleep', '5'], { timeoutMs: 100 });
    assert.deepEqual(errorShape(spawned), errorShape(direct));
    assert.equal(errorShape(spawned).signal, 'SIGKILL');
  });

  it('reports a missing program like a direct spawn (ENOENT, no exit code)', async () => {
    const { direct, spawned } = await both(spawner, ['kovn-no-such-program', '--x']);
    assert.deepEqual(errorShape(spawned), errorShape(direct));
    assert.match(errorShape(spawned).message, /ENOENT/);
  });

  it('uses the environment and working directory it is given', async () => {
    const { direct, spawned } = await both(spawner, ['sh', '-c', 'echo "$KOVN_TEST_VALUE $(pwd)"'], { env: { PATH: process.env.PATH, KOVN_TEST_VALUE: 'x y' }, cwd: '/tmp' });
    assert.deepEqual(spawned, direct);
    assert.deepEqual(spawned, { value: { stdout: 'x y /tmp\n', stderr: '', exitCode: 0 } });
  });

  it('runs many commands at once and matches each answer to its command', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => spawner.run(['echo', String(i)])));
    assert.deepEqual(results.map((r) => r.stdout), Array.from({ length: 40 }, (_, i) => `${i}\n`));
  });

  it('serves runCommand while routed through it', async () => {
    routeCommandsThrough(spawner);
    try {
      assert.equal((await runCommand(['echo', 'routed'])).stdout, 'routed\n');
    } finally {
      routeCommandsThrough(undefined);
    }
  });

  it('fails the commands of a spawner that dies, spawns directly meanwhile, and starts a new one', async () => {
    const first = spawner.pid;
    assert.ok(first);
    const running = spawner.run(['sleep', '2'], { timeoutMs: 10_000 });
    await sleep(100);
    process.kill(first, 'SIGKILL');
    await assert.rejects(running, (e: unknown) => e instanceof SubprocessError && /command spawner .* exited/.test(e.message));
    assert.equal(spawner.pid, undefined);
    assert.equal((await spawner.run(['echo', 'direct'])).stdout, 'direct\n');
    await sleep(1_100);
    assert.equal((await spawner.run(['echo', 'again'])).stdout, 'again\n');
    assert.ok(spawner.pid && spawner.pid !== first);
  });

  it('stops its process by pid and leaves nothing running', async () => {
    const own = new CommandSpawner();
    const pid = own.pid!;
    assert.equal((await own.run(['true'])).exitCode, 0);
    await own.stop();
    assert.equal(isProcessAlive(pid), false);
    assert.equal((await own.run(['echo', 'after stop'])).stdout, 'after stop\n');
    assert.equal(own.pid, undefined);
  });
});
