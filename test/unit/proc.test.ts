import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { SubprocessError } from '../../src/engine/proc/subprocess-error.js';
import { isProcessAlive, stopProcess } from '../../src/engine/proc/process-state.js';

describe('runCommand', () => {
  it('returns stdout of a program run with an argument array', async () => {
    const r = await runCommand(['printf', '%s|', 'a b', '$HOME;x']);
    assert.equal(r.stdout, 'a b|$HOME;x|');
  });
  it('fails with argv, exit code and stderr', async () => {
    await assert.rejects(runCommand(['sh', '-c', 'echo boom >&2; exit 3']), (e: unknown) => {
      assert.ok(e instanceof SubprocessError);
      assert.equal(e.exitCode, 3);
      assert.match(e.message, /exit code 3\): boom/);
      return true;
    });
  });
  it('reports a missing program', async () => {
    await assert.rejects(runCommand(['kovn-no-such-program']), /ENOENT/);
  });
});

describe('stopProcess', () => {
  it('stops a child and sees it gone', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    assert.ok(isProcessAlive(child.pid!));
    await stopProcess(child.pid!);
    assert.equal(isProcessAlive(child.pid!), false);
  });
});
