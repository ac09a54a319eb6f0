import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSocketPlugin } from '../../../src/cni/main.js';
import type { AgentRequest } from '../../../src/cni/protocol.js';

const env = (command: string) => ({
  CNI_COMMAND: command,
  CNI_CONTAINERID: 'abc',
  CNI_NETNS: '/var/run/netns/p1',
  CNI_IFNAME: 'eth0',
  CNI_PATH: '/opt/cni/bin',
  CNI_ARGS: 'K8S_POD_NAMESPACE=default;K8S_POD_NAME=web',
});

// A stand-in agent on a real unix socket: records requests, answers ADD with a fixed result.
describe('kovn-cni plugin against an agent socket', () => {
  let dir: string;
  let server: Server;
  const seen: AgentRequest[] = [];
  const config = (cniVersion = '1.0.0', socket?: string) => JSON.stringify({ cniVersion, name: 'kovn', type: 'kovn', server_socket: socket ?? join(dir, 'agent.sock') });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kovn-cniu-'));
    server = createServer((socket) => {
      socket.setEncoding('utf8');
      let buf = '';
      socket.on('data', (d: string) => {
        buf += d;
        if (!buf.includes('\n')) return;
        const req = JSON.parse(buf) as AgentRequest;
        seen.push(req);
        if (req.podName === 'broken') return socket.end(`${JSON.stringify({ ok: false, error: { code: 100, msg: 'no address allocated' } })}\n`);
        const result = { interfaces: [{ name: 'h', mac: '0a:00:00:00:00:01' }, { name: 'eth0', mac: '0a:00:00:00:00:02', sandbox: req.netns }], ips: [{ address: '10.16.0.5/16', gateway: '10.16.0.1', interface: 1 }], routes: [{ dst: '0.0.0.0/0', gw: '10.16.0.1' }], dns: {} };
        socket.end(`${JSON.stringify(req.command === 'ADD' ? { ok: true, result } : { ok: true })}\n`);
      });
    });
    await new Promise<void>((resolve) => server.listen(join(dir, 'agent.sock'), resolve));
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the ADD result in the requested version and forwards the pod', async () => {
    const out = await runSocketPlugin(env('ADD'), config('0.4.0'));
    assert.equal(out.exitCode, 0);
    const result = JSON.parse(out.stdout) as { cniVersion: string; ips: { version: string }[] };
    assert.equal(result.cniVersion, '0.4.0');
    assert.equal(result.ips[0]!.version, '4');
    assert.deepEqual(
      { command: seen.at(-1)!.command, podName: seen.at(-1)!.podName, podNamespace: seen.at(-1)!.podNamespace, containerId: seen.at(-1)!.containerId },
      { command: 'ADD', podName: 'web', podNamespace: 'default', containerId: 'abc' },
    );
  });

  it('relays an agent error as CNI error JSON with a non-zero exit', async () => {
    const out = await runSocketPlugin({ ...env('ADD'), CNI_ARGS: 'K8S_POD_NAMESPACE=default;K8S_POD_NAME=broken' }, config());
    assert.equal(out.exitCode, 1);
    assert.deepEqual(JSON.parse(out.stdout), { cniVersion: '1.0.0', code: 100, msg: 'no address allocated' });
  });

  it('prints nothing for DEL, CHECK and STATUS that succeed', async () => {
    for (const command of ['DEL', 'CHECK', 'STATUS']) {
      const out = await runSocketPlugin(env(command), config());
      assert.deepEqual(out, { stdout: '', exitCode: 0 }, command);
    }
  });

  it('treats DEL without a reachable agent as done, but ADD as "try again later" and STATUS as unavailable', async () => {
    const absent = join(dir, 'absent.sock');
    assert.deepEqual(await runSocketPlugin(env('DEL'), config('1.0.0', absent)), { stdout: '', exitCode: 0 });
    assert.equal(JSON.parse((await runSocketPlugin(env('ADD'), config('1.0.0', absent))).stdout).code, 11);
    assert.equal(JSON.parse((await runSocketPlugin(env('STATUS'), config('1.0.0', absent))).stdout).code, 50);
  });

  it('answers VERSION even without stdin', async () => {
    const out = await runSocketPlugin({ CNI_COMMAND: 'VERSION' }, '');
    assert.equal(out.exitCode, 0);
    assert.ok((JSON.parse(out.stdout) as { supportedVersions: string[] }).supportedVersions.includes('1.0.0'));
  });
});
