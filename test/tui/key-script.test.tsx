import { describe, it } from 'node:test';
import { join } from 'node:path';
import { runCommand } from '../../src/engine/proc/run-command.js';
import assert from 'node:assert/strict';
import { KeyScriptError, parseKeyScript } from '../../src/tui/key-script.js';
import { runKeyScript, ScriptWaitError } from '../../src/tui/run-script.js';
import { createTuiStore } from '../../src/tui/store.js';
import { isTuiInvocation, parseTuiFlags, sessionTarget } from '../../src/tui/tui-flags.js';
import { loadStore } from './fixtures.js';

describe('key scripts', () => {
  it('parses text, named keys, waits and sleeps', () => {
    assert.deepEqual(parseKeyScript('j<enter><wait:Ports (x)><sleep:5><lt>'), [
      { kind: 'key', label: 'j', bytes: 'j' },
      { kind: 'key', label: '<enter>', bytes: '\r' },
      { kind: 'wait', text: 'Ports (x)' },
      { kind: 'sleep', ms: 5 },
      { kind: 'key', label: '<lt>', bytes: '<' },
    ]);
  });

  it('names an unknown key and lists the known ones', () => {
    assert.throws(() => parseKeyScript('<nope>'), (e: Error) => e instanceof KeyScriptError && /unknown key "<nope>".*<enter>/.test(e.message));
  });

  it('drives the UI headless and returns the final screen', async () => {
    const store = createTuiStore({ color: false });
    loadStore(store);
    let out = '';
    const screen = await runKeyScript(store, '<wait:ovn-default>:vpc<enter><wait:VPCs><enter><wait:Subnets(ovn-cluster)>/default<enter>', { columns: 90, rows: 20, write: (t) => (out += t) });
    assert.match(screen, /Subnets\(ovn-cluster\) \[1\/3\] \/default/);
    assert.equal(screen.split('\n').length, 19);
    assert.equal(out, `${screen}\n`);
  });

  it('prints every screen with frames', async () => {
    const store = createTuiStore({ color: false });
    loadStore(store);
    let out = '';
    await runKeyScript(store, '<wait:join>j', { frames: true, write: (t) => (out += t) });
    assert.match(out, /--- screen 1 \(after start\) ---/);
    assert.match(out, /--- screen 3 \(after j\) ---\n[\s\S]*> ovn-default/);
  });

  it('fails with the screen when a waited-for text never appears', async () => {
    const store = createTuiStore({ color: false });
    await assert.rejects(
      runKeyScript(store, '<wait:never-there>', { waitTimeoutMs: 200, write: () => {} }),
      (e: Error) => e instanceof ScriptWaitError && /waited 0.2 s for "never-there".*Last screen:\nkovn/s.test(e.message),
    );
  });
});

describe('TUI command line', () => {
  it('explains what to do instead when stdin is not a terminal and no --keys is given', async () => {
    const kovn = join(import.meta.dirname, '..', '..', 'bin', 'kovn.js');
    const result = await runCommand([process.execPath, kovn, '--readonly'], { okCodes: [2], timeoutMs: 60_000 });
    assert.match(result.stderr, /needs an interactive terminal \(stdin is not a TTY\)[\s\S]*kovn --keys/);
  });

  it('treats no arguments or only TUI flags as the TUI, anything else as a subcommand', () => {
    assert.ok(isTuiInvocation([]));
    assert.ok(isTuiInvocation(['--readonly']));
    assert.ok(isTuiInvocation(['--keys', 'j']));
    assert.ok(!isTuiInvocation(['lab', 'up']));
  });

  it('parses flags and picks the lab or a cluster', () => {
    const flags = parseTuiFlags(['--kubeconfig', '/k', '--context=c1', '--readonly', '--keys', 'j', '--frames', '--size', '80x24']);
    assert.deepEqual(sessionTarget(flags), { kind: 'cluster', kubeconfigPath: '/k', context: 'c1' });
    assert.deepEqual(flags.size, { columns: 80, rows: 24 });
    assert.deepEqual(sessionTarget(parseTuiFlags(['--state-dir', '/s'])), { kind: 'lab', stateDir: '/s' });
    assert.throws(() => parseTuiFlags(['--frames']), /--frames only goes with --keys/);
    assert.throws(() => parseTuiFlags(['--size', 'big']), /--size must be COLSxROWS/);
    assert.throws(() => parseTuiFlags(['--bogus']), /unknown option "--bogus"/);
  });
});
