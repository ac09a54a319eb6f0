// The TUI in a real terminal (tmux, on a private server socket) against a running control-plane lab.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCommand } from '../../src/engine/proc/run-command.js';

const KOVN = join(import.meta.dirname, '..', '..', 'bin', 'kovn.js');
// A private tmux server on a socket inside the test's temp dir: killing it touches no other tmux, and removing
// the dir removes the socket.
const dir = mkdtempSync(join(tmpdir(), 'kovn-tui-'));
const tmux = (...args: string[]) => runCommand(['tmux', '-S', join(dir, 'tmux.sock'), ...args], { timeoutMs: 10_000 });

async function screen(session: string): Promise<string> {
  return (await tmux('capture-pane', '-p', '-t', session)).stdout;
}

/** Polls the pane until `pattern` shows; fails with the last screen. */
async function waitForScreen(session: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const text = await screen(session);
    if (pattern.test(text)) return text;
    if (Date.now() > end) throw new Error(`${pattern} never appeared within ${timeoutMs} ms; screen:\n${text}`);
    await sleep(100);
  }
}

async function keys(session: string, ...names: string[]): Promise<void> {
  for (const k of names) {
    await tmux('send-keys', '-t', session, k);
    await sleep(k === 'Escape' ? 150 : 60);
  }
}

async function typeText(session: string, text: string): Promise<void> {
  await tmux('send-keys', '-t', session, '-l', text);
  await sleep(100);
}

/** Starts kovn in a detached 100×30 session (tmux runs argv directly, no shell). */
async function startKovn(session: string, ...args: string[]): Promise<void> {
  await tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', '--', process.execPath, KOVN, ...args);
  await tmux('set-option', '-t', session, 'remain-on-exit', 'on');
}

describe('kovn TUI in a real terminal', () => {
  const stateDir = join(dir, 'lab');

  before(async () => {
    await runCommand([process.execPath, KOVN, 'lab', 'up', '--state-dir', stateDir, '--nodes', '0'], { timeoutMs: 150_000 });
  });

  after(async () => {
    await tmux('kill-server').catch(() => {});
    await runCommand([process.execPath, KOVN, 'lab', 'down', '--state-dir', stateDir], { timeoutMs: 60_000 }).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('browses to ovn-default, filters, drills in, shows YAML, survives a resize and leaves the alternate screen on :q', { timeout: 120_000 }, async () => {
    await startKovn('browse', '--state-dir', stateDir);
    const first = await waitForScreen('browse', /ovn-default\s+ovn-cluster\s+overlay\s+10\.16\.0\.0\/16/);
    // Each frame replaces the last one exactly: one header, on the first line (no stale lines from earlier frames).
    assert.match(first.split('\n')[0], /^kovn {2}ctx: /);
    assert.equal(first.match(/kovn {2}ctx: /g)?.length, 1, first);
    assert.equal((await tmux('display-message', '-p', '-t', 'browse', '#{alternate_on}')).stdout.trim(), '1');
    await keys('browse', '/');
    await typeText('browse', 'default');
    await keys('browse', 'Enter');
    await waitForScreen('browse', /Subnets \[1\/2\] \/default/);
    await keys('browse', 'Enter');
    await waitForScreen('browse', /subnet > ip\(ovn-default\)/);
    await keys('browse', 'Escape', 'y');
    await waitForScreen('browse', /kind: Subnet[\s\S]*cidrBlock: 10\.16\.0\.0\/16/);
    await keys('browse', 'Escape');
    await tmux('resize-window', '-t', 'browse', '-x', '80', '-y', '24');
    const small = await waitForScreen('browse', /Subnets \[1\/2\]/);
    assert.match(small.split('\n')[0], /kovn {2}ctx: /, 'the header stays on the first line after a resize');
    await keys('browse', ':');
    await typeText('browse', 'q');
    await keys('browse', 'Enter');
    // The process exits (its pane dies) and the terminal is back on the normal screen.
    const end = Date.now() + 10_000;
    while ((await tmux('display-message', '-p', '-t', 'browse', '#{pane_dead}')).stdout.trim() !== '1') {
      if (Date.now() > end) throw new Error('kovn did not exit after :q');
      await sleep(100);
    }
    assert.equal((await tmux('display-message', '-p', '-t', 'browse', '#{alternate_on}')).stdout.trim(), '0');
  });

  it('refuses writes in --readonly mode, and shows a subnet created and deleted with kubectl meanwhile', { timeout: 60_000 }, async () => {
    await startKovn('ro', '--state-dir', stateDir, '--readonly');
    await waitForScreen('ro', /ovn-default/);
    const kubectl = (...args: string[]) => runCommand(['kubectl', '--kubeconfig', join(stateDir, 'kubeconfig'), ...args], { timeoutMs: 30_000 });
    const manifest = join(dir, 'kubectl-subnet.yaml');
    writeFileSync(manifest, 'apiVersion: kubeovn.io/v1\nkind: Subnet\nmetadata:\n  name: from-kubectl\nspec:\n  cidrBlock: 10.52.0.0/24\n');
    await kubectl('apply', '-f', manifest);
    await waitForScreen('ro', /from-kubectl\s+ovn-cluster\s+overlay\s+10\.52\.0\.0\/24/);
    await kubectl('delete', 'subnet', 'from-kubectl');
    await waitForScreen('ro', /^(?![\s\S]*from-kubectl)/);
    const hints = await screen('ro');
    assert.doesNotMatch(hints, /<e> edit/);
    await keys('ro', 'e');
    await waitForScreen('ro', /read-only mode: "edit" is disabled/);
    await keys('ro', 'C-c');
  });

  it('creates and deletes a subnet from a key script: plan shown first, written on a, outcome on the flash line', { timeout: 90_000 }, async () => {
    const kovnKeys = (script: string) =>
      runCommand([process.execPath, KOVN, '--state-dir', stateDir, '--size', '120x30', '--keys', script], { timeoutMs: 60_000 });
    const created = await kovnKeys('<wait:ovn-default>c<wait:Create a subnet>tui1<tab>10.51.0.0/24<ctrl-s><wait:apply>a<wait:tui1 (10.51.0.0/24): done>');
    assert.match(created.stdout, /tui1\s+ovn-cluster\s+overlay\s+10\.51\.0\.0\/24/);
    const deleted = await kovnKeys('<wait:tui1>/tui1<enter><wait:[1/3]>D<wait:confirm>y<wait:DESTRUCTIVE>a<wait:done (Deleted)>');
    assert.match(deleted.stdout, /Subnet tui1 deleted/);
  });

  it('shows "disconnected" within seconds for a cluster on a closed port', { timeout: 60_000 }, async () => {
    const kubeconfig = join(dir, 'closed.yaml');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: dead\n  cluster:\n    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: dead\n  context: {cluster: dead, user: u}\ncurrent-context: dead\n`,
    );
    await startKovn('dead', '--kubeconfig', kubeconfig);
    const text = await waitForScreen('dead', /disconnected/, 15_000);
    assert.match(text, /NB: unreachable/);
    await keys('dead', 'C-c');
  });
});
