import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopProcess } from '../../src/engine/proc/process-state.js';
import { runApply } from '../../src/cli/commands/apply.js';
import { runGet } from '../../src/cli/commands/get.js';
import { runDelete } from '../../src/cli/commands/delete.js';
import { bufferIo } from '../../src/cli/output/command-io.js';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

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

type Verb = (argv: string[], io: ReturnType<typeof bufferIo>) => Promise<number>;

/** Runs a verb in-process against a state directory; resolves with its exit code and output. */
async function run(verb: Verb, args: string[], stateDir: string, stdin = '') {
  const io = bufferIo(stdin);
  const code = await verb([...args, '--state-dir', stateDir], io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('kovn apply, get and delete against a state directory', () => {
  let f: ApiFixture;
  before(async () => {
    // The fixture writes DIR/kubeconfig, exactly where the verbs look for a lab's endpoint.
    f = await startApiFixture();
  });
  after(() => f?.close());

  it('applies a multi-document manifest from stdin, then reports what changed', async () => {
    const first = await run(runApply, ['-f', '-'], f.dir, manifest);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, 'subnet.kubeovn.io/blue created\nvlan.kubeovn.io/v7 created\npod/web created\n');
    const second = await run(runApply, ['-f', '-'], f.dir, manifest.replace('id: 7', 'id: 8'));
    assert.equal(second.stdout, 'subnet.kubeovn.io/blue unchanged\nvlan.kubeovn.io/v7 configured\npod/web unchanged\n');
    assert.equal(((await f.store.get('Vlan', 'v7'))?.spec as { id: number }).id, 8);
  });

  it('keeps fields others set when applying again, and drops fields removed from the manifest', async () => {
    await f.store.patch('Subnet', 'blue', { metadata: { annotations: { 'ovn.kubernetes.io/set-by': 'controller' } } });
    const trimmed = manifest.replace('labels: {team: a}', 'labels: {}');
    assert.equal((await run(runApply, ['-f', '-'], f.dir, trimmed)).code, 0);
    const blue = await f.store.get('Subnet', 'blue');
    assert.equal(blue?.metadata.labels?.team, undefined);
    assert.equal(blue?.metadata.annotations?.['ovn.kubernetes.io/set-by'], 'controller');
    assert.equal((await run(runApply, ['-f', '-'], f.dir, manifest)).code, 0);
  });

  it('gets a table with the CRD printer columns, one object as yaml, and pods of all namespaces', async () => {
    const table = await run(runGet, ['subnets', '-l', 'team=a'], f.dir);
    assert.match(table.stdout, /^NAME\s+PROVIDER\s+VPC\s+VLAN\s+PROTOCOL\s+CIDR/);
    assert.match(table.stdout, /\nblue\s+IPv4\s+10\.40\.0\.0\/16\s+\d+s\n$/);
    const yaml = await run(runGet, ['vlan', 'v7', '-o', 'yaml'], f.dir);
    assert.match(yaml.stdout, /^apiVersion: kubeovn.io\/v1\nkind: Vlan\n/);
    const pods = await run(runGet, ['pods', '-A'], f.dir);
    assert.match(pods.stdout, /^NAMESPACE\s+NAME\s+STATUS\s+AGE\nshop\s+web\s+Pending\s+\d+s\n$/);
    const json = await run(runGet, ['po', '-n', 'shop', '-o', 'json'], f.dir);
    assert.deepEqual(JSON.parse(json.stdout).items.map((p: { metadata: { name: string } }) => p.metadata.name), ['web']);
    const none = await run(runGet, ['pods'], f.dir);
    assert.equal(none.stderr, 'No resources found in default namespace.\n');
  });

  it('refuses bad YAML with the document number and line, before applying anything', async () => {
    await assert.rejects(run(runApply, ['-f', '-'], f.dir, `${manifest}---\napiVersion: v1\nkind: Pod\nmetadata: {name: [x\n`), /stdin: document 4, line \d+: /);
    await assert.rejects(run(runApply, ['-f', '-'], f.dir, '---\nkind: Pod\nmetadata: {name: x}\n'), /stdin: document 1 \(line 2\): apiVersion is required/);
  });

  it('refuses unknown kinds and rejected fields with a clear message and a non-zero exit', async () => {
    await assert.rejects(run(runApply, ['-f', '-'], f.dir, 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n'), /document 1 \(line 1\): no kind "Widget" is served in version "example.com\/v1"/);
    const invalid = await run(runApply, ['-f', '-'], f.dir, 'apiVersion: kubeovn.io/v1\nkind: Vlan\nmetadata: {name: v9}\nspec: {id: 4096, provider: p}\n');
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /stdin: document 1 \(line 1\): Error from server \(Invalid\): Vlan.kubeovn.io "v9" is invalid: spec.id: Invalid value: 4096/);
    const unknownField = await run(runApply, ['-f', '-'], f.dir, 'apiVersion: kubeovn.io/v1\nkind: Vlan\nmetadata: {name: v9}\nspec: {id: 9, provider: p, mtu: 9000}\n');
    assert.match(unknownField.stderr, /unknown field "spec.mtu"/);
    const unknownType = await run(runGet, ['widgets'], f.dir);
    assert.equal(unknownType.code, 1);
    assert.match(unknownType.stderr, /doesn't have a resource type "widgets"/);
  });

  it('deletes by kind and name, and reports a missing object', async () => {
    const deleted = await run(runDelete, ['vlan', 'v7'], f.dir);
    assert.equal(deleted.stdout, 'vlan.kubeovn.io "v7" deleted\n');
    const again = await run(runDelete, ['vlan', 'v7'], f.dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /NotFound.*vlans.kubeovn.io "v7" not found/);
  });

  it('deletes what a manifest names with -f', async () => {
    const pods = 'apiVersion: v1\nkind: Pod\nmetadata: {name: gone, namespace: shop}\nspec: {containers: [{name: c, image: busybox}]}\n';
    assert.equal((await run(runApply, ['-f', '-'], f.dir, pods)).code, 0);
    const deleted = await run(runDelete, ['-f', '-'], f.dir, pods);
    assert.equal(deleted.stdout, 'pod "gone" deleted\n');
    assert.equal(await f.store.get('Pod', 'gone', 'shop'), undefined);
  });

  it('says how to start an endpoint when the state directory has none', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kovn-empty-'));
    try {
      await assert.rejects(run(runGet, ['subnets'], empty), /kovn api serve --state-dir/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

const kovnBin = fileURLToPath(new URL('../../bin/kovn.js', import.meta.url));

/** Starts `kovn api serve` on a state dir and resolves once it prints its URL. */
function serve(stateDir: string): Promise<{ child: ChildProcess; output: () => string }> {
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

describe('kovn api serve', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kovn-serve-'));
  let server: { child: ChildProcess; output: () => string } | undefined;
  after(async () => {
    if (server?.child.pid) await stopProcess(server.child.pid);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('serves a state directory, stops cleanly on SIGTERM, and serves the same objects after a restart', async () => {
    server = await serve(stateDir);
    assert.match(server.output(), new RegExp(`kubeconfig: ${stateDir}/kubeconfig`));
    assert.equal((await run(runApply, ['-f', '-'], stateDir, manifest)).code, 0);
    const exited = new Promise<number | null>((resolve) => server!.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(server.output(), /stopped\n$/);
    server = await serve(stateDir);
    const after = await run(runGet, ['subnet', 'blue', '-o', 'json'], stateDir);
    assert.equal(JSON.parse(after.stdout).spec.cidrBlock, '10.40.0.0/16');
  });
});
