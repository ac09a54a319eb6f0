import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CniServer } from '../../../src/engine/agent/cni-server.js';
import { AgentCniError } from '../../../src/engine/agent/agent-cni-error.js';
import { callAgent } from '../../../src/cni/agent-client.js';
import type { AgentRequest } from '../../../src/cni/protocol.js';

const request: AgentRequest = { command: 'DEL', cniVersion: '1.0.0', containerId: 'c', netns: '', ifName: 'eth0', podName: 'w', podNamespace: 'd' };

describe('CNI server socket', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kovn-cnis-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('listens with mode 0600, creating its directory, and removes the socket on close', async () => {
    const path = join(dir, 'sub', 'cni.sock');
    const server = new CniServer(path, () => Promise.resolve(undefined));
    await server.listen();
    try {
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.deepEqual(await callAgent(path, request, 5000), { ok: true });
    } finally {
      await server.close();
    }
    assert.equal(existsSync(path), false);
  });

  it('replaces a stale socket file but refuses a socket another process serves', async () => {
    const path = join(dir, 'stale.sock');
    writeFileSync(path, '');
    const server = new CniServer(path, () => Promise.resolve(undefined));
    await server.listen();
    await server.close();

    const live = createServer();
    await new Promise<void>((resolve) => live.listen(path, resolve));
    try {
      await assert.rejects(new CniServer(path, () => Promise.resolve(undefined)).listen(), /another process already serves CNI/);
    } finally {
      await new Promise<void>((resolve) => live.close(() => resolve()));
    }
  });

  it('answers handler failures and bad requests as CNI errors', async () => {
    const path = join(dir, 'err.sock');
    const server = new CniServer(path, () => Promise.reject(new AgentCniError(103, 'gateway 10.16.0.1 did not answer')));
    await server.listen();
    try {
      assert.deepEqual(await callAgent(path, request, 5000), { ok: false, error: { code: 103, msg: 'gateway 10.16.0.1 did not answer' } });
      const bad = await callAgent(path, { ...request, command: 'NOPE' as 'DEL' }, 5000);
      assert.equal(bad.ok, false);
      assert.match(JSON.stringify(bad), /command \\"NOPE\\"/);
    } finally {
      await server.close();
    }
  });
  it('answers a relayed call it cannot read in the shim\'s form: exit code, newline, CNI error', async () => {
    const path = join(dir, 'relay.sock');
    const server = new CniServer(path, () => Promise.resolve(undefined));
    await server.listen();
    const send = (line: string) =>
      new Promise<string>((resolve, reject) => {
        let reply = '';
        const socket = connect({ path }, () => socket.write(`${line}\n`));
        socket.setEncoding('utf8').on('data', (d: string) => (reply += d));
        socket.once('end', () => resolve(reply));
        socket.once('error', reject);
      });
    try {
      const badEnv = await send(JSON.stringify({ relay: { env: { CNI_COMMAND: 1 }, stdin: '' } }));
      assert.equal(badEnv, `1\n${JSON.stringify({ cniVersion: '1.0.0', code: 6, msg: 'relayed call: env must be an object of strings' })}\n`);
      const noStdin = await send(JSON.stringify({ relay: { env: {} } }));
      assert.match(noStdin, /^1\n.*"code":6,"msg":"relayed call: stdin must be a string"/);
      // A readable relayed call is the plugin's business: here a missing CNI_COMMAND.
      const noCommand = await send(JSON.stringify({ relay: { env: {}, stdin: '{}' } }));
      assert.match(noCommand, /^1\n.*"code":4,"msg":"CNI_COMMAND is not set"/);
    } finally {
      await server.close();
    }
  });
});
