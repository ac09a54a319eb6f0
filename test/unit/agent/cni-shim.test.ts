import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CniServer } from '../../../src/engine/agent/cni-server.js';
import { AgentCniError } from '../../../src/engine/agent/agent-cni-error.js';
import type { AgentRequest } from '../../../src/cni/protocol.js';
import { networkConfig, runCni } from '../../agent/cni-harness.js';

// The real `bin/kovn-cni` shim against the real CNI server; the handler behind it stands in for the agent's
// plumbing (that part runs in test/agent/node-agent.test.ts).
describe('kovn-cni shim relaying to the agent', () => {
  let dir: string;
  let server: CniServer;
  let socket: string;
  const seen: AgentRequest[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kovn-shim-'));
    socket = join(dir, 'cni.sock');
    server = new CniServer(socket, (req) => {
      seen.push(req);
      if (req.podName === 'broken') return Promise.reject(new AgentCniError(103, 'gateway 10.16.0.1 of subnet "ovn default" did not answer'));
      if (req.command !== 'ADD') return Promise.resolve(undefined);
      return Promise.resolve({
        interfaces: [{ name: 'h', mac: '0a:00:00:00:00:01' }, { name: 'eth0', mac: '0a:00:00:00:00:02', sandbox: req.netns }],
        ips: [{ address: '10.16.0.5/16', gateway: '10.16.0.1', interface: 1 }],
        routes: [{ dst: '0.0.0.0/0', gw: '10.16.0.1' }],
        dns: {},
      });
    });
    await server.listen();
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const pod = { name: 'web', namespace: 'default' };
  // No node on PATH: the answer cannot come from the Node plugin the shim falls back to.
  const relayOnly = { path: '/nonexistent' };

  it('relays ADD and prints the result in the version the runtime asked for', async () => {
    const out = await runCni({ command: 'ADD', containerId: 'c1', netns: '/var/run/netns/p1', pod, socket, cniVersion: '0.4.0', ...relayOnly });
    assert.equal(out.exitCode, 0, out.stdout + out.stderr);
    assert.equal(out.json?.cniVersion, '0.4.0');
    assert.deepEqual((out.json?.ips as { version: string }[])[0]!.version, '4');
    assert.deepEqual(
      { command: seen.at(-1)!.command, podName: seen.at(-1)!.podName, containerId: seen.at(-1)!.containerId, netns: seen.at(-1)!.netns },
      { command: 'ADD', podName: 'web', containerId: 'c1', netns: '/var/run/netns/p1' },
    );
  });

  it('prints an agent failure as CNI error JSON with a non-zero exit, quotes and all', async () => {
    const out = await runCni({ command: 'ADD', containerId: 'c2', netns: '/var/run/netns/p2', pod: { name: 'broken', namespace: 'default' }, socket, ...relayOnly });
    assert.equal(out.exitCode, 1);
    assert.deepEqual(out.json, { cniVersion: '1.0.0', code: 103, msg: 'gateway 10.16.0.1 of subnet "ovn default" did not answer' });
  });

  it('has the relayed call checked by the plugin code in the agent (missing CNI_NETNS, bad version)', async () => {
    const before = seen.length;
    const noNetns = await runCni({ command: 'ADD', containerId: 'c3', pod, socket, ...relayOnly });
    assert.equal(noNetns.exitCode, 1);
    assert.deepEqual({ code: noNetns.json?.code, msg: noNetns.json?.msg }, { code: 4, msg: 'CNI_NETNS is not set' });
    const badVersion = await runCni({ command: 'ADD', containerId: 'c3', netns: '/var/run/netns/p3', pod, stdin: networkConfig(socket, '9.9.9'), ...relayOnly });
    assert.equal(badVersion.json?.code, 1);
    assert.equal(seen.length, before, 'nothing reached the handler');
  });

  it('prints nothing for DEL, CHECK and STATUS that succeed', async () => {
    for (const command of ['DEL', 'CHECK', 'STATUS']) {
      const out = await runCni({ command, containerId: 'c4', netns: '/var/run/netns/p4', pod, socket, ...relayOnly });
      assert.deepEqual({ exitCode: out.exitCode, stdout: out.stdout }, { exitCode: 0, stdout: '' }, command);
    }
  });

  it('hands VERSION, malformed stdin and a missing agent to the Node plugin, with its answers', async () => {
    const version = await runCni({ command: 'VERSION', stdin: '' });
    assert.equal(version.exitCode, 0);
    assert.ok((version.json?.supportedVersions as string[]).includes('1.0.0'));
    const malformed = await runCni({ command: 'ADD', containerId: 'x', netns: '/var/run/netns/x', pod, stdin: '{not json' });
    assert.deepEqual({ exitCode: malformed.exitCode, code: malformed.json?.code }, { exitCode: 1, code: 6 });
    const absent = join(dir, 'absent.sock');
    assert.equal((await runCni({ command: 'ADD', containerId: 'x', netns: '/var/run/netns/x', pod, socket: absent })).json?.code, 11);
    const del = await runCni({ command: 'DEL', containerId: 'x', pod, socket: absent });
    assert.deepEqual({ exitCode: del.exitCode, stdout: del.stdout }, { exitCode: 0, stdout: '' });
  });
  it('reports a call too large to relay, an agent that hangs up and one that answers nonsense', async () => {
    const huge = JSON.stringify({ cniVersion: '1.0.0', name: 'kovn', type: 'kovn', server_socket: socket, padding: 'x'.repeat(70_000) });
    const tooLarge = await runCni({ command: 'ADD', containerId: 'c5', netns: '/var/run/netns/p5', pod, stdin: huge, ...relayOnly });
    assert.deepEqual({ exitCode: tooLarge.exitCode, code: tooLarge.json?.code }, { exitCode: 1, code: 6 });
    assert.match(String(tooLarge.json?.msg), /request larger than/);

    for (const [reply, code, msg] of [['', 5, /closed the connection without an answer/], ['{"ok":true}\n', 105, /not its protocol: \{"ok":true\}/]] as const) {
      const path = join(dir, `odd-${code}.sock`);
      const odd = createServer((s) => s.once('data', () => s.end(reply)));
      await new Promise<void>((resolve) => odd.listen(path, resolve));
      try {
        const out = await runCni({ command: 'ADD', containerId: 'c6', netns: '/var/run/netns/p6', pod, socket: path, ...relayOnly });
        assert.deepEqual({ exitCode: out.exitCode, code: out.json?.code }, { exitCode: 1, code });
        assert.match(String(out.json?.msg), msg);
      } finally {
        await new Promise<void>((resolve) => odd.close(() => resolve()));
      }
    }
  });
});
