import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { stopProcess } from '../../src/engine/proc/process-state.js';

const kovnBin = fileURLToPath(new URL('../../bin/kovn.js', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'kovn-cli-'));

const manifest = `apiVersion: kubeovn.io/v1
kind: Subnet
metadata: {name: blue, labels: {team: a}}
spec: {cidrBlock: 10.40.0.0/16, protocol: IPv4}
---
apiVersion: kubeovn.io/v1
kind: Vlan
metadata: {name: v7}
spec: {id: 7, provider: physnet1}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec: {containers: [{name: main, image: busybox}]}
`;

function kovn(args: string[], input?: string) {
  return runCommand([process.execPath, kovnBin, ...args, '--state-dir', stateDir], { input, okCodes: [0, 1, 2], timeoutMs: 60_000 });
}

/** Starts `kovn api serve` on the state dir and resolves once it prints its URL. */
function serve(): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [kovnBin, 'api', 'serve', '--state-dir', stateDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('serving https://')) resolve({ child, output: () => out });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`kovn api serve exited (${code}): ${out}`)));
  });
}

describe('kovn api serve, apply, get and delete', () => {
  let server: { child: ChildProcess; output: () => string } | undefined;
  before(async () => {
    server = await serve();
  });
  after(async () => {
    if (server?.child.pid) await stopProcess(server.child.pid);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('applies a multi-document manifest from stdin, then reports it unchanged', async () => {
    const first = await kovn(['apply', '-f', '-'], manifest);
    assert.equal(first.exitCode, 0, first.stderr);
    assert.equal(first.stdout, 'subnet.kubeovn.io/blue created\nvlan.kubeovn.io/v7 created\npod/web created\n');
    const second = await kovn(['apply', '-f', '-'], manifest.replace('id: 7', 'id: 8'));
    assert.equal(second.stdout, 'subnet.kubeovn.io/blue unchanged\nvlan.kubeovn.io/v7 configured\npod/web unchanged\n');
  });

  it('gets a table with the CRD printer columns, yaml of one object and pods of all namespaces', async () => {
    const [table, yaml, pods, wide] = await Promise.all([
      kovn(['get', 'subnets', '-l', 'team=a']),
      kovn(['get', 'vlan', 'v7', '-o', 'yaml']),
      kovn(['get', 'pods', '-A']),
      kovn(['get', 'vlans', '-o', 'wide']),
    ]);
    assert.match(table.stdout, /^NAME\s+PROVIDER\s+VPC\s+VLAN\s+PROTOCOL\s+CIDR/);
    assert.match(table.stdout, /\nblue\s+IPv4\s+10\.40\.0\.0\/16\s+\d+s\n$/);
    assert.match(yaml.stdout, /^apiVersion: kubeovn.io\/v1\nkind: Vlan\n/m);
    assert.match(yaml.stdout, /id: 8/);
    assert.match(pods.stdout, /^NAMESPACE\s+NAME\s+STATUS\s+AGE\nshop\s+web\s+Pending\s+\d+s\n$/);
    assert.match(wide.stdout, /^NAME\s+ID\s+PROVIDER/);
  });

  it('refuses bad YAML, unknown kinds and rejected fields with a clear message and a non-zero exit', async () => {
    const [syntax, unknownKind, invalid, unknownType] = await Promise.all([
      kovn(['apply', '-f', '-'], `${manifest}---\napiVersion: v1\nkind: Pod\nmetadata: {name: [x\n`),
      kovn(['apply', '-f', '-'], 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n'),
      kovn(['apply', '-f', '-'], 'apiVersion: kubeovn.io/v1\nkind: Vlan\nmetadata: {name: v9}\nspec: {id: 4096, provider: p}\n'),
      kovn(['get', 'widgets']),
    ]);
    assert.equal(syntax.exitCode, 1);
    assert.match(syntax.stderr, /stdin: document 4, line \d+: /);
    assert.equal(unknownKind.exitCode, 1);
    assert.match(unknownKind.stderr, /document 1 \(line 1\): no kind "Widget" is served in version "example.com\/v1"/);
    assert.equal(invalid.exitCode, 1);
    assert.match(invalid.stderr, /Vlan.kubeovn.io "v9" is invalid: spec.id: Invalid value: 4096/);
    assert.equal(unknownType.exitCode, 1);
    assert.match(unknownType.stderr, /doesn't have a resource type "widgets"/);
  });

  it('deletes, stops on SIGTERM and serves the same objects after a restart', async () => {
    const deleted = await kovn(['delete', 'vlan', 'v7']);
    assert.equal(deleted.stdout, 'vlan.kubeovn.io "v7" deleted\n');
    const again = await kovn(['delete', 'vlan', 'v7']);
    assert.equal(again.exitCode, 1);
    assert.match(again.stderr, /NotFound.*vlans.kubeovn.io "v7" not found/);

    const exited = new Promise<number | null>((resolve) => server!.child.once('exit', resolve));
    server!.child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(server!.output(), /stopped\n$/);
    server = await serve();
    const after = await kovn(['get', 'subnet', 'blue', '-o', 'json']);
    assert.equal(JSON.parse(after.stdout).spec.cidrBlock, '10.40.0.0/16');
    assert.match((await kovn(['get', 'vlans'])).stderr, /No resources found/);
  });
});
