import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../support/ovn.js';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { isProcessAlive } from '../../src/engine/proc/process-state.js';

const KOVN = join(import.meta.dirname, '..', '..', 'bin', 'kovn.js');
const kovn = (...args: string[]) => runCommand([process.execPath, KOVN, ...args], { timeoutMs: 90_000, okCodes: [0, 3] });

describe('kovn lab up / status / down (control plane)', () => {
  const stateDir = join(makeTempDir('lab'), 's');
  after(async () => {
    await kovn('lab', 'down', '--state-dir', stateDir).catch(() => {});
    rmSync(join(stateDir, '..'), { recursive: true, force: true });
  });

  it('starts the control plane, serves kubectl and ovn-nbctl, and stops without leftovers', { timeout: 120_000 }, async () => {
    const up = await kovn('lab', 'up', '--state-dir', stateDir);
    assert.match(up.stdout, /: ready/);
    const status = JSON.parse((await kovn('lab', 'status', '--state-dir', stateDir, '--json')).stdout) as {
      running: boolean;
      status: { kubeconfig: string; processes: { pid: number }[]; pid: number };
    };
    assert.equal(status.running, true);
    const subnets = await runCommand(['kubectl', '--kubeconfig', status.status.kubeconfig, 'get', 'subnets', '-o', 'name']);
    assert.match(subnets.stdout, /subnet.kubeovn.io\/ovn-default/);
    const show = await kovn('nbctl', '--state-dir', stateDir, '--bare', '--columns=name', 'list', 'Logical_Router');
    assert.match(show.stdout, /ovn-cluster/);

    // A crashed daemon leaves its OVN children running: `lab down` must still stop them.
    const children = status.status.processes.map((p) => p.pid);
    process.kill(status.status.pid, 'SIGKILL');
    const down = await kovn('lab', 'down', '--state-dir', stateDir);
    assert.match(down.stdout, /is down/);
    for (const pid of children) assert.equal(isProcessAlive(pid), false, `pid ${pid} still running`);
    assert.equal(existsSync(stateDir), false);
    const after = await kovn('lab', 'status', '--state-dir', stateDir);
    assert.match(after.stdout, /not running/);
    assert.equal(after.exitCode, 3);
  });
});
