import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

const manifests = `
apiVersion: v1
kind: Namespace
metadata:
  name: web
  labels: {team: blue}
---
apiVersion: kubeovn.io/v1
kind: Subnet
metadata:
  name: net1
spec:
  cidrBlock: 10.10.0.0/16
  protocol: IPv4
---
apiVersion: kubeovn.io/v1
kind: Vlan
metadata:
  name: vlan10
spec:
  id: 10
  provider: physnet1
---
apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: web
spec:
  containers:
  - name: main
    image: busybox
`;

describe('the real kubectl against the endpoint', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
  });
  after(() => f?.close());

  const ok = async (args: string[], options?: { env?: NodeJS.ProcessEnv; input?: string }) => {
    const r = await f.kubectl(args, options);
    assert.equal(r.exitCode, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /warning|error/i, `kubectl ${args.join(' ')} complained: ${r.stderr}`);
    return r.stdout;
  };

  it('applies core and kovn kinds from one file, then applies a modified file', async () => {
    const out = await ok(['apply', '-f', '-'], { input: manifests });
    assert.match(out, /namespace\/web created\nsubnet.kubeovn.io\/net1 created\nvlan.kubeovn.io\/vlan10 created\npod\/app created/);
    const changed = manifests.replace('10.10.0.0/16', '10.20.0.0/16').replace('image: busybox', 'image: nginx').replace('id: 10', 'id: 20');
    const again = await ok(['apply', '-f', '-'], { input: changed });
    assert.match(again, /namespace\/web unchanged\nsubnet.kubeovn.io\/net1 configured\nvlan.kubeovn.io\/vlan10 configured\npod\/app configured/);
    const subnet = await f.store.get('Subnet', 'net1');
    assert.equal((subnet?.spec as { cidrBlock: string }).cidrBlock, '10.20.0.0/16');
    assert.equal(subnet?.metadata.generation, 2);
    const pod = await f.store.get('Pod', 'app', 'web');
    assert.equal((pod?.spec as { containers: { image: string }[] }).containers[0].image, 'nginx');
  });

  it('honours server-side dry run for apply and delete', async () => {
    const dry = manifests.replace('10.10.0.0/16', '10.99.0.0/16');
    assert.match(await ok(['apply', '--dry-run=server', '-f', '-'], { input: dry }), /subnet.kubeovn.io\/net1 configured \(server dry run\)/);
    assert.equal(((await f.store.get('Subnet', 'net1'))?.spec as { cidrBlock: string }).cidrBlock, '10.20.0.0/16');
    assert.match(await ok(['delete', 'subnet', 'net1', '--dry-run=server']), /deleted \(server dry run\)/);
    assert.ok(await f.store.get('Subnet', 'net1'));
  });

  it('creates a namespace with kubectl create (protobuf body) and explains what it cannot read', async () => {
    assert.match(await ok(['create', 'namespace', 'made-by-create']), /namespace\/made-by-create created/);
    assert.equal((await f.store.get('Namespace', 'made-by-create'))?.metadata.generateName, undefined);
    const deployment = await f.kubectl(['create', 'deployment', 'web', '--image=nginx']);
    assert.notEqual(deployment.exitCode, 0);
    assert.match(deployment.stderr, /protobuf only for v1\/Namespace.*send JSON/);
  });

  it('gets tables with CRD printer columns, yaml, json and label-selected lists', async () => {
    const table = await ok(['get', 'subnets']);
    assert.match(table, /^NAME\s+PROVIDER\s+VPC.*CIDR.*AGE\n/);
    assert.match(table, /\nnet1\s.*10\.20\.0\.0\/16/);
    const vlan = await ok(['get', 'vlan', 'vlan10', '-o', 'yaml']);
    assert.match(vlan, /kind: Vlan\n/);
    assert.match(vlan, /id: 20/);
    const pods = JSON.parse(await ok(['get', 'pods', '-A', '-o', 'json'])) as { items: { metadata: { name: string } }[] };
    assert.deepEqual(pods.items.map((p) => p.metadata.name), ['app']);
    assert.match(await ok(['get', 'ns', '-l', 'team=blue', '-o', 'name']), /^namespace\/web\n$/);
    assert.doesNotMatch(await ok(['get', 'ns', '-l', 'team!=blue', '-o', 'name']), /namespace\/web/);
  });

  it('edits a Subnet and a Pod through KUBE_EDITOR', async () => {
    const editor = join(f.dir, 'editor.sh');
    writeFileSync(editor, "#!/bin/sh\nsed -i 's#10.20.0.0/16#10.30.0.0/16#; s/image: nginx/image: redis/' \"$1\"\n");
    chmodSync(editor, 0o755);
    assert.match(await ok(['edit', 'subnet', 'net1'], { env: { KUBE_EDITOR: editor } }), /subnet.kubeovn.io\/net1 edited/);
    assert.match(await ok(['edit', 'pod', 'app', '-n', 'web'], { env: { KUBE_EDITOR: editor } }), /pod\/app edited/);
    assert.equal(((await f.store.get('Subnet', 'net1'))?.spec as { cidrBlock: string }).cidrBlock, '10.30.0.0/16');
    const pod = await f.store.get('Pod', 'app', 'web');
    assert.equal((pod?.spec as { containers: { image: string }[] }).containers[0].image, 'redis');
  });

  it('patches with merge, strategic and JSON patches', async () => {
    await ok(['patch', 'subnet', 'net1', '--type', 'merge', '-p', '{"spec":{"natOutgoing":true}}']);
    await ok(['patch', 'pod', 'app', '-n', 'web', '-p', '{"spec":{"containers":[{"name":"side","image":"envoy"}]}}']);
    await ok(['patch', 'vlan', 'vlan10', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/id","value":30}]']);
    assert.equal(((await f.store.get('Subnet', 'net1'))?.spec as { natOutgoing: boolean }).natOutgoing, true);
    const pod = await f.store.get('Pod', 'app', 'web');
    assert.deepEqual((pod?.spec as { containers: { name: string }[] }).containers.map((c) => c.name), ['main', 'side'], 'strategic merge keeps the other container');
    assert.equal(((await f.store.get('Vlan', 'vlan10'))?.spec as { id: number }).id, 30);
  });

  it('labels and annotates, and removes a label with KEY-', async () => {
    await ok(['label', 'subnet', 'net1', 'env=prod']);
    await ok(['label', 'pod', 'app', '-n', 'web', 'tier=front']);
    await ok(['annotate', 'vlan', 'vlan10', 'owner=netops']);
    assert.deepEqual((await f.store.get('Subnet', 'net1'))?.metadata.labels, { env: 'prod' });
    assert.equal((await f.store.get('Pod', 'app', 'web'))?.metadata.labels?.tier, 'front');
    assert.equal((await f.store.get('Vlan', 'vlan10'))?.metadata.annotations?.owner, 'netops');
    await ok(['label', 'subnet', 'net1', 'env-']);
    assert.equal((await f.store.get('Subnet', 'net1'))?.metadata.labels?.env, undefined);
  });

  it('rejects an invalid field with the server message, without --validate=false', async () => {
    const r = await f.kubectl(['apply', '-f', '-'], { input: 'apiVersion: kubeovn.io/v1\nkind: Vlan\nmetadata: {name: bad}\nspec: {id: 5000, provider: p}\n' });
    assert.notEqual(r.exitCode, 0);
    assert.match(r.stderr, /The Vlan "bad" is invalid: spec.id: Invalid value: 5000: spec.id in body should be less than or equal to 4095/);
    assert.doesNotMatch(r.stderr, /spec.id: spec.id/, 'kubectl prints the field once');
    const unknown = await f.kubectl(['apply', '-f', '-'], { input: 'apiVersion: kubeovn.io/v1\nkind: Vlan\nmetadata: {name: bad}\nspec: {id: 5, provider: p, colour: red}\n' });
    assert.notEqual(unknown.exitCode, 0);
    assert.match(unknown.stderr, /unknown field "spec.colour"/);
  });

  it('waits for a condition set through the status subresource', async () => {
    const waiting = f.kubectl(['wait', '--for=condition=Ready', 'pod/app', '-n', 'web', '--timeout=60s']);
    const waitingSubnet = f.kubectl(['wait', '--for=condition=Ready', 'subnet/net1', '--timeout=60s']);
    await ok(['patch', 'pod', 'app', '-n', 'web', '--subresource=status', '--type', 'merge', '-p', '{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}']);
    await ok(['patch', 'subnet', 'net1', '--subresource=status', '--type', 'merge', '-p', '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}']);
    const [pod, subnet] = await Promise.all([waiting, waitingSubnet]);
    assert.equal(pod.exitCode, 0, pod.stderr);
    assert.match(pod.stdout, /pod\/app condition met/);
    assert.equal(subnet.exitCode, 0, subnet.stderr);
    assert.equal(((await f.store.get('Pod', 'app', 'web'))?.status as { phase: string }).phase, 'Running');
  });

  it('deletes, and waits for deletion held up by a finalizer', async () => {
    await ok(['patch', 'vlan', 'vlan10', '--type', 'merge', '-p', '{"metadata":{"finalizers":["kovn.io/vlan"]}}']);
    assert.match(await ok(['delete', 'vlan', 'vlan10', '--wait=false']), /vlan.kubeovn.io "vlan10" deleted/);
    assert.ok((await f.store.get('Vlan', 'vlan10'))?.metadata.deletionTimestamp);
    const waiting = f.kubectl(['wait', '--for=delete', 'vlan/vlan10', '--timeout=60s']);
    await f.store.patch('Vlan', 'vlan10', { metadata: { finalizers: null } });
    const waited = await waiting;
    assert.equal(waited.exitCode, 0, waited.stderr);
    assert.match(await ok(['delete', 'pod', 'app', '-n', 'web']), /pod "app" deleted/);
    assert.match(await ok(['delete', 'subnet', 'net1']), /subnet.kubeovn.io "net1" deleted/);
    const missing = await f.kubectl(['get', 'subnet', 'net1']);
    assert.notEqual(missing.exitCode, 0);
    assert.match(missing.stderr, /subnets.kubeovn.io "net1" not found/);
  });
});
