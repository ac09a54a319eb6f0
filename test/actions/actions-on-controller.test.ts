import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startOvnCentral, nbctl, type TestOvnCentral } from '../support/ovn.js';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import { startApiServer, type ApiServer } from '../../src/engine/cluster/http/api-server.js';
import { startSettledController } from '../support/controller-fixtures.js';
import type { Controller } from '../../src/engine/controller/controller.js';
import type { KubeObject } from '../../src/engine/cluster/types.js';
import type { Subnet, Vpc } from '../../src/engine/cluster/kinds/kubeovn-types.js';
import { planCreateSubnet, planDeleteSubnet, planSubnetGateway, planSubnetMode, type ActionContext } from '../../src/actions/index.js';
import { bufferIo } from '../../src/cli/output/command-io.js';
import { runSubnetGateway } from '../../src/cli/commands/subnet-gateway.js';
import { runSubnetMode } from '../../src/cli/commands/subnet-mode.js';
import { runVpcCreate } from '../../src/cli/commands/vpc-create.js';
import { runVpcRoute } from '../../src/cli/commands/vpc-route.js';
import { runSubnetDelete } from '../../src/cli/commands/subnet-delete.js';
import { runSubnetCreate } from '../../src/cli/commands/subnet-create.js';
import { runVpcPolicy } from '../../src/cli/commands/vpc-policy.js';
import { runVpcDelete } from '../../src/cli/commands/vpc-delete.js';
import { runCommand } from '../../src/engine/proc/run-command.js';

function node(name: string, ip: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    status: { addresses: [{ type: 'InternalIP', address: ip }], conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await fn();
    if (v) return v;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('actions applied to the embedded store, with the controller writing a real NB', () => {
  let central: TestOvnCentral;
  let client: OvsdbClient;
  let cluster: MemoryCluster;
  let controller: Controller;
  let server: ApiServer;
  let dir: string;
  let ctx: ActionContext;
  const nb = (...args: string[]) => nbctl(central.nb.remote, ...args);
  const rows = async (table: string, name: string) => (await nb('--bare', '--columns=name', 'find', table, `name=${name}`)).trim();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kovn-actions-'));
    central = await startOvnCentral();
    client = await OvsdbClient.connect(central.nb.remote, { database: 'OVN_Northbound' });
    cluster = await openMemoryCluster();
    await cluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    for (const [name, ip] of [['n1', '172.31.0.1'], ['n2', '172.31.0.2']]) {
      const created = await cluster.create(node(name, ip));
      await cluster.updateStatus({ ...created, status: node(name, ip).status });
    }
    await cluster.create({ apiVersion: 'kubeovn.io/v1', kind: 'ProviderNetwork', metadata: { name: 'phy' }, spec: { defaultInterface: 'eth1' } });
    controller = await startSettledController(cluster, client);
    server = await startApiServer({ store: cluster, kubeconfigPath: join(dir, 'kubeconfig') });
    ctx = { cluster, outcomeTimeoutMs: 20_000 };
  });
  after(async () => {
    await server?.close();
    await controller?.stop();
    await client?.close();
    await central?.stop();
    await cluster?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates a subnet and reports it Ready once the controller wrote its switch', async () => {
    const plan = await planCreateSubnet(ctx, { name: 's1', spec: { cidrBlock: '10.30.0.0/24' } });
    const outcome = await plan.apply();
    assert.equal(outcome.ok, true, outcome.message);
    assert.equal(outcome.message, 'overlay distributed subnet ready');
    assert.equal(await rows('Logical_Switch', 's1'), 's1');
    assert.match(await nb('get', 'Logical_Router_Port', 'ovn-cluster-s1', 'networks'), /10\.30\.0\.1\/24/);
  });

  it('switches the subnet to underlay on a new Vlan and back to overlay', async () => {
    const plan = await planSubnetMode(ctx, { subnet: 's1', mode: { vlan: 'v100', createVlan: { id: 100, provider: 'phy' } } });
    assert.ok(plan.ovnChanges.includes('+ Logical_Switch_Port localnet.s1 (localnet, tag 100, network_name phy)'), plan.ovnChanges.join('\n'));
    const outcome = await plan.apply();
    assert.equal(outcome.ok, true, outcome.message);
    assert.match(outcome.message, /underlay \(vlan v100\)/);
    assert.ok(outcome.events?.some((e) => /^Normal SubnetModeChanged: subnet is now underlay/.test(e)), String(outcome.events));
    assert.equal((await nb('get', 'Logical_Switch_Port', 'localnet.s1', 'tag')).trim(), '100');
    assert.equal(await rows('Logical_Router_Port', 'ovn-cluster-s1'), '');

    const back = await (await planSubnetMode(ctx, { subnet: 's1', mode: 'overlay' })).apply();
    assert.equal(back.ok, true, back.message);
    assert.equal(await rows('Logical_Switch_Port', 'localnet.s1'), '');
    assert.equal(await rows('Logical_Router_Port', 'ovn-cluster-s1'), 'ovn-cluster-s1');
  });

  it('makes the gateway centralized on n2 and distributed again', async () => {
    const n2ip = (await cluster.get('Node', 'n2'))!.metadata.annotations!['ovn.kubernetes.io/ip_address'];
    const plan = await planSubnetGateway(ctx, { subnet: 's1', gatewayType: 'centralized', nodes: [{ name: 'n2' }] });
    assert.deepEqual(plan.ovnChanges, [`+ Logical_Router_Policy 29050 ip4.src == 10.30.0.0/24 (reroute ${n2ip})`]);
    const outcome = await plan.apply();
    assert.equal(outcome.ok, true, outcome.message);
    assert.equal((await cluster.get<Subnet>('Subnet', 's1'))?.status?.activateGateway, 'n2');
    assert.match(await nb('lr-policy-list', 'ovn-cluster'), new RegExp(`29050\\s+ip4.src == 10.30.0.0/24\\s+reroute\\s+${n2ip.replaceAll('.', '\\.')}`));

    const back = await (await planSubnetGateway(ctx, { subnet: 's1', gatewayType: 'distributed' })).apply();
    assert.equal(back.ok, true, back.message);
    await until('policy gone', async () => !/10\.30\.0\.0\/24/.test(await nb('lr-policy-list', 'ovn-cluster')));
  });

  it('reports a concurrent edit as a conflict and overwrites nothing', async () => {
    const plan = await planSubnetGateway(ctx, { subnet: 's1', gatewayType: 'centralized', nodes: [{ name: 'n1' }] });
    await cluster.patch('Subnet', 's1', { spec: { natOutgoing: true } });
    const outcome = await plan.apply();
    assert.equal(outcome.ok, false);
    assert.equal(outcome.reason, 'Conflict');
    assert.match(outcome.message, /spec\.natOutgoing/);
    const s1 = await cluster.get<Subnet>('Subnet', 's1');
    assert.equal(s1?.spec.gatewayType, 'distributed');
    assert.equal(s1?.spec.natOutgoing, true);
  });

  it('runs the CLI against the endpoint: --dry-run writes nothing, --yes applies, bad input names the field', async () => {
    const run = async (fn: (argv: string[], io: ReturnType<typeof bufferIo>) => Promise<number>, args: string[]) => {
      const io = bufferIo();
      const code = await fn([...args, '--state-dir', dir], io);
      return { code, out: io.stdout(), err: io.stderr() };
    };
    const dry = await run(runSubnetGateway, ['s1', '--type', 'centralized', '--nodes', 'n1', '--dry-run']);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /\+ Logical_Router_Policy 29050 ip4\.src == 10\.30\.0\.0\/24 \(reroute 100\.64\./);
    assert.equal((await cluster.get<Subnet>('Subnet', 's1'))?.spec.gatewayType, 'distributed');

    // Without --yes the verb asks on a terminal; under a test runner stdin is no terminal, so it refuses.
    if (!process.stdin.isTTY) {
      const refused = await run(runSubnetGateway, ['s1', '--type', 'centralized', '--nodes', 'n1']);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /pass --yes/);
    }

    const bad = await run(runSubnetMode, ['s1', 'underlay', '--vlan', 'v5k', '--create-vlan-id', '5000', '--provider', 'phy', '--yes']);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /spec\.id 5000: must be an integer in 0\.\.4095/);
    assert.equal(await cluster.get('Vlan', 'v5k'), undefined);

    const applied = await run(runSubnetGateway, ['s1', '--type', 'centralized', '--nodes', 'n1', '--ecmp', '--yes']);
    assert.equal(applied.code, 0, applied.err);
    assert.match(applied.out, /ok \(Ready\): overlay centralized ECMP subnet ready/);

    const vpc = await run(runVpcCreate, ['blue', '--yes']);
    assert.equal(vpc.code, 0, vpc.err);
    assert.match(await nb('show'), /router [0-9a-f-]+ \(blue\)/);
    const route = await run(runVpcRoute.bind(null, 'add'), ['blue', '--cidr', '0.0.0.0/0', '--next-hop', '10.99.0.1', '--yes']);
    assert.equal(route.code, 0, route.err);
    // A route edit leaves the Vpc's Ready message as it was, so the outcome cannot tell when the NB has it: poll.
    await until('route in NB', async () => /0\.0\.0\.0\/0\s+10\.99\.0\.1/.test(await nb('lr-route-list', 'blue')));
    assert.deepEqual((await cluster.get<Vpc>('Vpc', 'blue'))?.spec.staticRoutes, [{ cidr: '0.0.0.0/0', policy: 'policyDst', nextHopIP: '10.99.0.1' }]);

    const deleted = await run(runSubnetDelete, ['s1', '--yes']);
    assert.equal(deleted.code, 0, deleted.err);
    assert.match(deleted.out, /DESTRUCTIVE: Delete subnet s1/);
    assert.equal(await rows('Logical_Switch', 's1'), '');
  });

  it('runs `kovn subnet mode` as a child process: an unknown Vlan exits 1 naming spec.vlan, nothing written', async () => {
    const bin = new URL('../../bin/kovn.js', import.meta.url).pathname;
    const r = await runCommand([process.execPath, bin, 'subnet', 'mode', 'ovn-default', 'underlay', '--vlan', 'nope', '--yes', '--state-dir', dir], {
      okCodes: [0, 1, 2],
      timeoutMs: 60_000,
    });
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(r.stderr, /spec\.vlan "nope": no Vlan "nope" exists \[Vlan\/nope\]/);
    assert.equal((await cluster.get<Subnet>('Subnet', 'ovn-default'))?.spec.vlan, undefined);
  });

  it('reports a delete held by a pod as pending with the controller reason, and finishes once the pod is gone', async () => {
    assert.equal((await (await planCreateSubnet(ctx, { name: 's2', spec: { cidrBlock: '10.31.0.0/24' } })).apply()).ok, true);
    await cluster.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'holder', namespace: 'default', annotations: { 'ovn.kubernetes.io/logical_switch': 's2' } },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'none' }] },
    });
    await until('pod allocated in s2', async () => (await cluster.get('Pod', 'holder', 'default'))?.metadata.annotations?.['ovn.kubernetes.io/ip_address']?.startsWith('10.31.'));
    const plan = await planDeleteSubnet(ctx, { name: 's2' });
    assert.ok(plan.warnings.some((w) => w.includes('default/holder')), plan.warnings.join('\n'));
    const outcome = await plan.apply();
    assert.equal(outcome.ok, false);
    assert.equal(outcome.reason, 'SubnetInUse');
    assert.match(outcome.message, /still in use.*\(the deletion is pending until then\)/);
    await cluster.delete('Pod', 'holder', 'default');
    await until('subnet s2 gone', async () => !(await cluster.get('Subnet', 's2')));
    assert.equal(await rows('Logical_Switch', 's2'), '');
  });

  it('runs subnet create, vpc policy add/del, vpc route del and vpc delete from the CLI', async () => {
    const run = async (fn: (argv: string[], io: ReturnType<typeof bufferIo>) => Promise<number>, args: string[]) => {
      const io = bufferIo();
      const code = await fn([...args, '--state-dir', dir, '--yes'], io);
      assert.equal(code, 0, io.stderr());
      return io.stdout();
    };
    assert.match(await run(runSubnetCreate, ['s3', '--cidr', '10.32.0.0/24', '--exclude', '10.32.0.10']), /\+ Logical_Switch s3/);
    assert.deepEqual((await cluster.get<Subnet>('Subnet', 's3'))?.spec.excludeIps, ['10.32.0.1', '10.32.0.10']);
    await run(runVpcPolicy.bind(null, 'add'), ['blue', '--priority', '100', '--match', 'ip4.src == 10.99.0.0/24', '--action', 'drop']);
    await until('policy in NB', async () => /100\s+ip4.src == 10.99.0.0\/24\s+drop/.test(await nb('lr-policy-list', 'blue')));
    await run(runVpcPolicy.bind(null, 'del'), ['blue', '--priority', '100', '--match', 'ip4.src == 10.99.0.0/24']);
    await run(runVpcRoute.bind(null, 'del'), ['blue', '--cidr', '0.0.0.0/0']);
    await until('policy and route gone', async () => (await nb('lr-policy-list', 'blue')).trim() === '' && (await nb('lr-route-list', 'blue')).trim() === '');
    assert.match(await run(runVpcDelete, ['blue']), /ok \(Deleted\)/);
    assert.doesNotMatch(await nb('show'), /\(blue\)/);
  });
});
