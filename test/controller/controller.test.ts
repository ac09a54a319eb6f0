import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startOvnCentral, nbctl, waitFor as until, type TestOvnCentral } from '../support/ovn.js';
import { nodeObject as node, podObject as pod, startSettledController } from '../support/controller-fixtures.js';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import type { Controller } from '../../src/engine/controller/controller.js';
import type { Subnet } from '../../src/engine/cluster/kinds/kubeovn-types.js';

describe('Controller on the embedded store and a real NB + northd', () => {
  let central: TestOvnCentral;
  let client: OvsdbClient;
  let cluster: MemoryCluster;
  let controller: Controller;
  const nb = (...args: string[]) => nbctl(central.nb.remote, ...args);

  before(async () => {
    central = await startOvnCentral();
    client = await OvsdbClient.connect(central.nb.remote, { database: 'OVN_Northbound' });
    cluster = await openMemoryCluster();
    await cluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    await cluster.create(node('n1', '172.31.0.1'));
    await cluster.create(node('n2', '172.31.0.2'));
    controller = await startSettledController(cluster, client);
  });
  after(async () => {
    await controller?.stop();
    await client?.close();
    await central?.stop();
  });

  it('creates the start-up topology: ovn-cluster, join and ovn-default, Ready', async () => {
    assert.match(await nb('show'), /router [0-9a-f-]+ \(ovn-cluster\)/);
    assert.match(await nb('get', 'Logical_Router_Port', 'ovn-cluster-ovn-default', 'networks'), /10\.16\.0\.1\/16/);
    assert.match(await nb('get', 'Logical_Router_Port', 'ovn-cluster-join', 'networks'), /100\.64\.0\.1\/16/);
    const subnet = await cluster.get<Subnet>('Subnet', 'ovn-default');
    assert.equal(subnet?.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    assert.equal(subnet?.spec.gateway, '10.16.0.1');
    assert.deepEqual(subnet?.spec.excludeIps, ['10.16.0.1']);
  });

  it('gives nodes join addresses, ports and policies', async () => {
    const n1 = await cluster.get('Node', 'n1');
    const ip = n1?.metadata.annotations?.['ovn.kubernetes.io/ip_address'];
    assert.match(ip ?? '', /^100\.64\.0\.\d+$/);
    assert.match(await nb('lsp-get-addresses', 'node-n1'), new RegExp(ip!.replaceAll('.', '\\.')));
    const policies = await nb('lr-policy-list', 'ovn-cluster');
    assert.match(policies, new RegExp(`30000\\s+ip4.dst == 172.31.0.1\\s+reroute\\s+${ip!.replaceAll('.', '\\.')}`));
    assert.ok(await cluster.get('IP', 'node-n1'));
  });

  it('allocates a pod: annotations, IP object, switch port, routed', async () => {
    await cluster.create(pod('web', 'default', 'n1'));
    const p = await until('pod routed', async () => {
      const p = await cluster.get('Pod', 'web', 'default');
      return p?.metadata.annotations?.['ovn.kubernetes.io/routed'] === 'true' && p;
    });
    const ann = p.metadata.annotations!;
    assert.equal(ann['ovn.kubernetes.io/ip_address'], '10.16.0.2');
    assert.equal(ann['ovn.kubernetes.io/logical_switch'], 'ovn-default');
    assert.equal(ann['ovn.kubernetes.io/gateway'], '10.16.0.1');
    assert.equal(ann['ovn.kubernetes.io/cidr'], '10.16.0.0/16');
    const lsp = await nb('lsp-get-addresses', 'web.default');
    assert.equal(lsp.trim(), `${ann['ovn.kubernetes.io/mac_address']} 10.16.0.2`);
    await until('usage counted', async () => (await cluster.get<Subnet>('Subnet', 'ovn-default'))?.status?.v4usingIPs === 1);
    assert.equal((await cluster.get<Subnet>('Subnet', 'join'))?.status?.v4usingIPs, 2, 'both nodes hold a join address');
    const ipObj = await cluster.get('IP', 'web.default');
    assert.equal((ipObj?.spec as { v4IpAddress?: string }).v4IpAddress, '10.16.0.2');
    assert.match(await nb('--bare', '--columns=ports', 'find', 'Port_Group', 'name=node.n1'), /[0-9a-f-]{36}/);
  });

  it('honours a static IP and MAC, and rejects one that is taken with a named conflict', async () => {
    await cluster.create(pod('fixed', 'default', 'n2', { 'ovn.kubernetes.io/ip_address': '10.16.0.50', 'ovn.kubernetes.io/mac_address': '02:00:00:00:00:50' }));
    await until('static pod routed', async () => (await cluster.get('Pod', 'fixed', 'default'))?.metadata.annotations?.['ovn.kubernetes.io/routed'] === 'true');
    assert.match(await nb('lsp-get-addresses', 'fixed.default'), /02:00:00:00:00:50 10\.16\.0\.50/);

    await cluster.create(pod('clash', 'default', 'n2', { 'ovn.kubernetes.io/ip_address': '10.16.0.50' }));
    const events = await until('conflict event', async () => {
      const list = await cluster.list('Event', { namespace: 'default' });
      return list.items.find((e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === 'clash');
    });
    assert.match(String((events as { message?: string }).message), /10\.16\.0\.50.*fixed/);
    assert.equal((await nb('--bare', '--columns=name', 'find', 'Logical_Switch_Port', 'name=clash.default')).trim(), '');
  });

  it('reports a subnet overlapping another on its status and writes nothing for it', async () => {
    await cluster.create({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 'bad' }, spec: { cidrBlock: '10.16.5.0/24', protocol: 'IPv4' } });
    const s = await until('bad subnet not ready', async () => {
      const s = await cluster.get<Subnet>('Subnet', 'bad');
      return s?.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'False') && s;
    });
    const ready = s.status!.conditions!.find((c) => c.type === 'Ready')!;
    assert.match(ready.message ?? '', /spec\.cidrBlock.*10\.16\.5\.0\/24.*ovn-default/);
    assert.equal((await nb('--bare', '--columns=name', 'find', 'Logical_Switch', 'name=bad')).trim(), '');
  });

  it('switches a subnet to centralized on a chosen node and back', async () => {
    const n2ip = (await cluster.get('Node', 'n2'))!.metadata.annotations!['ovn.kubernetes.io/ip_address'];
    await cluster.patch('Subnet', 'ovn-default', { spec: { gatewayType: 'centralized', gatewayNode: 'n2' } });
    await until('centralized policy', async () => new RegExp(`29050\\s+ip4.src == 10.16.0.0/16\\s+reroute\\s+${n2ip.replaceAll('.', '\\.')}`).test(await nb('lr-policy-list', 'ovn-cluster')));
    await until('activateGateway', async () => (await cluster.get<Subnet>('Subnet', 'ovn-default'))?.status?.activateGateway === 'n2');
    assert.equal((await nb('--bare', '--columns=ports', 'find', 'Port_Group', 'name=node.n1')).trim(), '');

    await cluster.patch('Subnet', 'ovn-default', { spec: { gatewayType: 'distributed', gatewayNode: '' } });
    await until('centralized policy gone', async () => !/29050/.test(await nb('lr-policy-list', 'ovn-cluster')));
    await until('pod back in node group', async () => /[0-9a-f-]{36}/.test(await nb('--bare', '--columns=ports', 'find', 'Port_Group', 'name=node.n1')));
  });

  it('releases a deleted pod: no port, no IP object, address free again', async () => {
    await cluster.delete('Pod', 'web', 'default');
    await until('port gone', async () => (await nb('--bare', '--columns=name', 'find', 'Logical_Switch_Port', 'name=web.default')).trim() === '');
    await until('IP object gone', async () => !(await cluster.get('IP', 'web.default')));
    assert.equal(controller.ipam.isAllocated('ovn-default', '10.16.0.2'), false);
  });

  it('peers two custom VPCs once both declare it, and unpeers when one side drops it', async () => {
    const vpc = (name: string, remote: string, ip: string) => ({
      apiVersion: 'kubeovn.io/v1',
      kind: 'Vpc',
      metadata: { name },
      spec: { vpcPeerings: [{ remoteVpc: remote, localConnectIP: ip }] },
    });
    await cluster.create(vpc('vpc-a', 'vpc-b', '169.254.0.1/30'));
    await cluster.create(vpc('vpc-b', 'vpc-a', '169.254.0.2/30'));
    await until('peer ports', async () => (await nb('get', 'Logical_Router_Port', 'vpc-a-vpc-b', 'peer').catch(() => '')).trim() === 'vpc-b-vpc-a');
    assert.match(await nb('get', 'Logical_Router_Port', 'vpc-b-vpc-a', 'networks'), /169\.254\.0\.2\/30/);
    await cluster.patch('Vpc', 'vpc-b', { spec: { vpcPeerings: null } });
    await until('peering gone', async () => (await nb('--bare', '--columns=name', 'find', 'Logical_Router_Port', 'name=vpc-a-vpc-b')).trim() === '');
  });

  it('leaves northd able to compile what it wrote (logical flows for the router exist)', async () => {
    const out = await until('SB datapath', async () => {
      const { runCommand } = await import('../../src/engine/proc/run-command.js');
      const r = await runCommand(['ovn-sbctl', `--db=${central.sb.remote}`, '--bare', '--columns=external_ids', 'list', 'Datapath_Binding']);
      return /ovn-cluster/.test(r.stdout) && r.stdout;
    });
    assert.match(out, /ovn-default/);
  });
});
