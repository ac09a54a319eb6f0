// The TUI's write actions in a real terminal (tmux, private socket) against a running control-plane lab, with
// the result checked in the Northbound with ovn-nbctl: overlay → underlay → overlay, a gateway moved to a
// chosen node and back, and a VPC static route added and removed in the route editor.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { waitFor } from '../support/ovn.js';

const KOVN = join(import.meta.dirname, '..', '..', 'bin', 'kovn.js');
const dir = mkdtempSync(join(tmpdir(), 'kovn-tuiact-'));
const stateDir = join(dir, 'lab');
const tmux = (...args: string[]) => runCommand(['tmux', '-S', join(dir, 'tmux.sock'), ...args], { timeoutMs: 10_000 });
const kubectl = (...args: string[]) => runCommand(['kubectl', '--kubeconfig', join(stateDir, 'kubeconfig'), ...args], { timeoutMs: 30_000 });
const nbctl = async (...args: string[]) => (await runCommand([process.execPath, KOVN, 'nbctl', '--state-dir', stateDir, ...args], { timeoutMs: 30_000 })).stdout;
const SESSION = 'act';

async function waitForScreen(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return waitFor(`${pattern} on screen`, async () => {
    const text = (await tmux('capture-pane', '-p', '-t', SESSION)).stdout;
    return pattern.test(text) && text;
  }, timeoutMs);
}

/** Types like a person: one key at a time, a short pause after each. */
async function type(...parts: string[]): Promise<void> {
  for (const part of parts) {
    if (['Enter', 'Escape', 'C-c', 'C-s', 'Down', 'Space', 'Tab'].includes(part)) await tmux('send-keys', '-t', SESSION, part);
    else for (const ch of part) await tmux('send-keys', '-t', SESSION, '-l', ch);
    await sleep(part === 'Escape' ? 200 : 80);
  }
}

/** Sends text in one write, as a paste or a fast typist would: every key of it must land. */
async function burst(text: string): Promise<void> {
  await tmux('send-keys', '-t', SESSION, '-l', text);
}

/** Narrows the subnet table to one subnet so the cursor is on it (the filter sent as one burst). */
async function selectSubnet(name: string): Promise<void> {
  await type('Escape');
  await burst(`/${name}\r`);
  await waitForScreen(new RegExp(`Subnets \\[1/\\d+\\] /${name}`));
}

async function applyShownPlan(titlePattern: RegExp): Promise<void> {
  await waitForScreen(titlePattern);
  await type('a');
  await waitForScreen(/done|Ready/);
}

describe('kovn TUI actions in a real terminal, checked in the Northbound', () => {
  before(async () => {
    await runCommand([process.execPath, KOVN, 'lab', 'up', '--state-dir', stateDir, '--nodes', '0'], { timeoutMs: 150_000 });
    const manifest = join(dir, 'objects.yaml');
    writeFileSync(
      manifest,
      [
        'apiVersion: kubeovn.io/v1\nkind: ProviderNetwork\nmetadata: {name: phy}\nspec: {defaultInterface: eth1}',
        'apiVersion: kubeovn.io/v1\nkind: Vlan\nmetadata: {name: v100}\nspec: {id: 100, provider: phy}',
        'apiVersion: kubeovn.io/v1\nkind: Subnet\nmetadata: {name: tui-s}\nspec: {cidrBlock: 10.53.0.0/24}',
        'apiVersion: v1\nkind: Node\nmetadata: {name: gw1}\nstatus:\n  addresses: [{type: InternalIP, address: 172.31.9.1}]\n  conditions: [{type: Ready, status: "True"}]',
      ].join('\n---\n'),
    );
    await kubectl('apply', '-f', manifest);
    await waitFor('gw1 join address', async () => (await kubectl('get', 'node', 'gw1', '-o', 'jsonpath={.metadata.annotations.ovn\\.kubernetes\\.io/ip_address}')).stdout.trim());
    await tmux('new-session', '-d', '-s', SESSION, '-x', '110', '-y', '32', '--', process.execPath, KOVN, '--state-dir', stateDir);
    await waitForScreen(/tui-s\s+ovn-cluster\s+overlay\s+10\.53\.0\.0\/24/);
  });

  after(async () => {
    await tmux('kill-server').catch(() => {});
    await runCommand([process.execPath, KOVN, 'lab', 'down', '--state-dir', stateDir], { timeoutMs: 60_000 }).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('switches a subnet to underlay on a Vlan and back to overlay', { timeout: 120_000 }, async () => {
    await selectSubnet('tui-s');
    await type('o');
    await waitForScreen(/> mode\s+overlay {2}\[underlay\]/);
    await waitForScreen(/Vlan\s+\[v100\]/);
    await type('C-s');
    await applyShownPlan(/plan: .*tui-s/);
    await waitFor('localnet port with tag 100', async () => (await nbctl('lsp-get-tag', 'localnet.tui-s').catch(() => '')).trim() === '100');
    assert.equal((await nbctl('--bare', '--columns=name', 'find', 'Logical_Router_Port', 'name=ovn-cluster-tui-s')).trim(), '');
    await waitForScreen(/tui-s\s+ovn-cluster\s+underlay/);

    await selectSubnet('tui-s');
    await type('o');
    await waitForScreen(/> mode\s+\[overlay\]/);
    await type('Enter');
    await applyShownPlan(/plan: .*tui-s/);
    await waitFor('router port back', async () => /10\.53\.0\.1\/24/.test(await nbctl('get', 'Logical_Router_Port', 'ovn-cluster-tui-s', 'networks').catch(() => '')));
    assert.equal((await nbctl('--bare', '--columns=name', 'find', 'Logical_Switch_Port', 'name=localnet.tui-s')).trim(), '');
  });

  it('moves a subnet to a centralized gateway on a chosen node and back to distributed', { timeout: 120_000 }, async () => {
    const joinIp = (await kubectl('get', 'node', 'gw1', '-o', 'jsonpath={.metadata.annotations.ovn\\.kubernetes\\.io/ip_address}')).stdout.trim();
    await selectSubnet('tui-s');
    await type('w');
    await waitForScreen(/> gateway type\s+\[distributed\]/);
    await type('Space');
    await waitForScreen(/gateway nodes/);
    // Down through the node list until gw1 has the cursor, then pick it.
    await type('Down');
    for (let i = 0; i < 10 && !/>\s+\[ \]\s+gw1/.test((await tmux('capture-pane', '-p', '-t', SESSION)).stdout); i++) await type('Down');
    await type('Space');
    await waitForScreen(/\[x\] 1\. gw1/);
    await type('C-s');
    await applyShownPlan(/plan: .*tui-s/);
    const policy = new RegExp(`29050\\s+ip4.src == 10.53.0.0/24\\s+reroute\\s+${joinIp.replaceAll('.', '\\.')}`);
    await waitFor('centralized reroute policy', async () => policy.test(await nbctl('lr-policy-list', 'ovn-cluster')));

    await selectSubnet('tui-s');
    await type('w');
    await waitForScreen(/> gateway type\s+distributed {2}\[centralized\]/);
    await type('Space', 'C-s');
    await applyShownPlan(/plan: .*tui-s/);
    await waitFor('reroute policy gone', async () => !/10\.53\.0\.0\/24\s+reroute/.test(await nbctl('lr-policy-list', 'ovn-cluster')));
  });

  it('adds a static route to a VPC in the route editor and removes it again', { timeout: 120_000 }, async () => {
    await type('Escape');
    await burst(':vpc\r');
    await waitForScreen(/VPCs \[\d+\]/);
    await burst('/^ovn-cluster\r');
    await waitForScreen(/VPCs \[1\/\d+\] \/\^ovn-cluster/);
    await type('r');
    await waitForScreen(/Routes of VPC ovn-cluster/);
    await type('s');
    await waitForScreen(/Add a static route to VPC ovn-cluster/);
    await type('10.99.0.0/16', 'Tab', '10.53.0.254', 'C-s');
    await waitForScreen(/\+ dst 10\.99\.0\.0\/16 → 10\.53\.0\.254/);
    await type('Enter');
    await applyShownPlan(/plan: Edit the routes of VPC ovn-cluster/);
    const route = /10\.99\.0\.0\/16\s+10\.53\.0\.254/;
    await waitFor('static route in NB', async () => route.test(await nbctl('lr-route-list', 'ovn-cluster')));

    await type('r');
    await waitForScreen(/>\s+dst 10\.99\.0\.0\/16/);
    await type('x');
    await waitForScreen(/- dst 10\.99\.0\.0\/16/);
    await type('Enter');
    await applyShownPlan(/plan: Edit the routes of VPC ovn-cluster/);
    await waitFor('static route gone from NB', async () => !route.test(await nbctl('lr-route-list', 'ovn-cluster')));
    await type(':', 'q', 'Enter');
  });
});
