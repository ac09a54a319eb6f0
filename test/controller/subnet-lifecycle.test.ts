import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStandaloneDb, nbctl, waitFor as until, type TestOvsdb } from '../support/ovn.js';
import { nodeObject, podObject, startSettledController } from '../support/controller-fixtures.js';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import type { Controller } from '../../src/engine/controller/controller.js';
import type { IP, Subnet } from '../../src/engine/cluster/kinds/kubeovn-types.js';

describe('subnet lifecycle against a real NB', () => {
  let db: TestOvsdb;
  let client: OvsdbClient;
  let cluster: MemoryCluster;
  let controller: Controller;
  const nb = (...args: string[]) => nbctl(db.remote, ...args);
  const rowsOf = async (table: string, column = 'name') => (await nb('--bare', `--columns=${column}`, 'list', table)).split(/\s+/).filter(Boolean);

  before(async () => {
    db = await startStandaloneDb('OVN_Northbound');
    client = await OvsdbClient.connect(db.remote, { database: 'OVN_Northbound' });
    cluster = await openMemoryCluster();
    for (const ns of ['default', 'team-a']) await cluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await cluster.create(nodeObject('n1', '172.31.0.1'));
    controller = await startSettledController(cluster, client);
  });
  after(async () => {
    await controller?.stop();
    await client?.close();
    await db?.stop();
  });

  it('binds a namespace to a subnet: its new pods get addresses there, and the namespace says so', async () => {
    await cluster.create({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 'team-a' }, spec: { cidrBlock: '10.50.0.0/24', protocol: 'IPv4', namespaces: ['team-a'] } });
    await until('namespace annotated', async () => (await cluster.get('Namespace', 'team-a'))?.metadata.annotations?.['ovn.kubernetes.io/logical_switch'] === 'team-a');
    await cluster.create(podObject('p1', 'team-a', 'n1'));
    const p = await until('pod allocated', async () => {
      const p = await cluster.get('Pod', 'p1', 'team-a');
      return p?.metadata.annotations?.['ovn.kubernetes.io/routed'] === 'true' && p;
    });
    assert.equal(p.metadata.annotations?.['ovn.kubernetes.io/logical_switch'], 'team-a');
    assert.equal(p.metadata.annotations?.['ovn.kubernetes.io/ip_address'], '10.50.0.2');
    assert.match(await nb('lsp-get-ls', 'p1.team-a'), /team-a/);
    assert.equal((await cluster.get('Namespace', 'team-a'))?.metadata.annotations?.['ovn.kubernetes.io/cidr'], '10.50.0.0/24');
  });

  it('moves the router port, the east-west set and the pods when the CIDR changes', async () => {
    await cluster.patch('Subnet', 'team-a', { spec: { cidrBlock: '10.60.0.0/24', gateway: null, excludeIps: null } });
    await until('router port moved', async () => /10\.60\.0\.1\/24/.test(await nb('get', 'Logical_Router_Port', 'ovn-cluster-team-a', 'networks')));
    assert.match(await nb('get', 'Address_Set', 'ovn.cluster.subnets.ip4', 'addresses'), /10\.60\.0\.0\/24/);
    assert.doesNotMatch(await nb('get', 'Address_Set', 'ovn.cluster.subnets.ip4', 'addresses'), /10\.50\.0\.0\/24/);
    const p = await until('pod re-addressed', async () => {
      const p = await cluster.get('Pod', 'p1', 'team-a');
      return p?.metadata.annotations?.['ovn.kubernetes.io/ip_address']?.startsWith('10.60.0.') && p;
    });
    assert.match(await nb('lsp-get-addresses', 'p1.team-a'), new RegExp(p.metadata.annotations!['ovn.kubernetes.io/ip_address'].replaceAll('.', '\\.')));
    const s = await cluster.get<Subnet>('Subnet', 'team-a');
    assert.equal(s?.spec.gateway, '10.60.0.1');
  });

  it('refuses to delete a subnet while addresses are in use, then deletes it and leaves no row behind', async () => {
    await cluster.delete('Subnet', 'team-a');
    await until('deletion blocked', async () => {
      const s = await cluster.get<Subnet>('Subnet', 'team-a');
      return s?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'False' && /in use/i.test(c.message ?? ''));
    });
    assert.ok((await rowsOf('Logical_Switch')).includes('team-a'));
    await cluster.delete('Pod', 'p1', 'team-a');
    await until('subnet gone', async () => !(await cluster.get('Subnet', 'team-a')));
    await until('rows gone', async () => !(await rowsOf('Logical_Switch')).includes('team-a'));
    assert.ok(!(await rowsOf('Logical_Router_Port')).includes('ovn-cluster-team-a'));
    assert.ok(!(await rowsOf('Logical_Switch_Port')).some((n) => n.includes('team-a')));
    assert.doesNotMatch(await nb('get', 'Address_Set', 'ovn.cluster.subnets.ip4', 'addresses'), /10\.60\.0\.0/);
    assert.equal((await cluster.list('IP')).items.filter((i) => i.metadata.name.endsWith('.team-a')).length, 0);
  });

  it('deletes a custom VPC once its subnets are gone, router and all', async () => {
    await cluster.create({ apiVersion: 'kubeovn.io/v1', kind: 'Vpc', metadata: { name: 'blue' }, spec: { staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIP: '192.168.9.254' }] } });
    await cluster.create({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 'blue-net' }, spec: { vpc: 'blue', cidrBlock: '192.168.9.0/24', protocol: 'IPv4' } });
    await until('blue router port', async () => (await rowsOf('Logical_Router_Port')).includes('blue-blue-net'));
    assert.match(await nb('lr-route-list', 'blue'), /0\.0\.0\.0\/0\s+192\.168\.9\.254/);
    await cluster.delete('Vpc', 'blue');
    await sleep(200);
    assert.ok((await rowsOf('Logical_Router')).includes('blue'), 'a VPC with subnets stays');
    await cluster.delete('Subnet', 'blue-net');
    await until('VPC gone', async () => !(await cluster.get('Vpc', 'blue')));
    await until('router gone', async () => !(await rowsOf('Logical_Router')).includes('blue'));
    assert.equal((await rowsOf('Logical_Router_Static_Route', 'ip_prefix')).length, 1, 'only the default VPC route is left');
  });

  it('keeps a ProviderNetwork status of its Vlans and ready nodes, and warns about a bad one', async () => {
    await cluster.create({ apiVersion: 'kubeovn.io/v1', kind: 'ProviderNetwork', metadata: { name: 'phy' }, spec: { defaultInterface: 'eth1' } });
    await cluster.create({ apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: { name: 'v100' }, spec: { id: 100, provider: 'phy' } });
    await cluster.patch('Node', 'n1', { metadata: { labels: { 'phy.provider-network.kubernetes.io/ready': 'true' } } });
    const pn = await until('provider status', async () => {
      const pn = await cluster.get('ProviderNetwork', 'phy');
      const st = pn?.status as { vlans?: string[]; readyNodes?: string[]; ready?: boolean } | undefined;
      return st?.ready && st.vlans?.includes('v100') && st;
    });
    assert.deepEqual(pn.readyNodes, ['n1']);
    await cluster.create({ apiVersion: 'kubeovn.io/v1', kind: 'IP', metadata: { name: 'reserved.default', labels: { 'ovn.kubernetes.io/ip_reserved': 'true' } }, spec: { subnet: 'ovn-default', v4IpAddress: '10.99.0.5' } });
    const warning = await until('IP warning', async () => {
      const events = (await cluster.list('Event', { namespace: 'default' })).items as { involvedObject?: { name?: string }; message?: string }[];
      return events.find((e) => e.involvedObject?.name === 'reserved.default');
    });
    assert.match(String(warning.message), /spec\.v4IpAddress "10\.99\.0\.5".*ovn-default/);
  });

  it('holds a U2O address on an interconnected underlay subnet: router port, policies, IP object, pods\' gateway; all gone when U2O is off', async () => {
    await cluster.create({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 'u2o' }, spec: { cidrBlock: '10.100.0.0/24', gateway: '10.100.0.254', protocol: 'IPv4', vlan: 'v100', u2oInterconnection: true } });
    const subnet = await until('u2o status', async () => {
      const s = await cluster.get<Subnet>('Subnet', 'u2o');
      return s?.status?.u2oInterconnectionIP && s;
    });
    const u2oIp = subnet.status!.u2oInterconnectionIP!;
    assert.equal(subnet.status?.u2oInterconnectionVPC, 'ovn-cluster');
    assert.equal((await cluster.get<IP>('IP', 'u2o-interconnection.ovn-cluster.u2o'))?.spec.v4IpAddress, u2oIp);
    assert.match(await nb('get', 'Logical_Router_Port', 'ovn-cluster-u2o', 'networks'), new RegExp(`${u2oIp.replaceAll('.', '\\.')}/24`));
    const policies = await nb('lr-policy-list', 'ovn-cluster');
    assert.match(policies, /29400\s+ip4\.dst == 10\.100\.0\.0\/24\s+allow/);
    assert.match(policies, /29000\s+ip4\.src == 10\.100\.0\.0\/24\s+reroute\s+10\.100\.0\.254/);
    assert.match(policies, /31000\s+ip4\.dst == \$u2o\.u2o_exclude_ip\.ip4 && ip4\.src == 10\.100\.0\.0\/24\s+reroute\s+10\.100\.0\.254/);
    await cluster.create(podObject('u1', 'default', 'n1', { 'ovn.kubernetes.io/logical_switch': 'u2o' }));
    const pod = await until('u2o pod routed', async () => {
      const p = await cluster.get('Pod', 'u1', 'default');
      return p?.metadata.annotations?.['ovn.kubernetes.io/routed'] === 'true' && p;
    });
    assert.equal(pod.metadata.annotations?.['ovn.kubernetes.io/gateway'], u2oIp);
    assert.notEqual(pod.metadata.annotations?.['ovn.kubernetes.io/ip_address'], u2oIp);

    await cluster.patch('Subnet', 'u2o', { spec: { u2oInterconnection: false } });
    await until('u2o gone', async () => {
      const s = await cluster.get<Subnet>('Subnet', 'u2o');
      const ann = (await cluster.get('Pod', 'u1', 'default'))?.metadata.annotations;
      return !s?.status?.u2oInterconnectionIP && ann?.['ovn.kubernetes.io/gateway'] === '10.100.0.254';
    });
    assert.equal(await cluster.get('IP', 'u2o-interconnection.ovn-cluster.u2o'), undefined);
    assert.ok(!(await rowsOf('Logical_Router_Port')).includes('ovn-cluster-u2o'));
    assert.doesNotMatch(await nb('lr-policy-list', 'ovn-cluster'), /10\.100\.0\.0/);
    assert.doesNotMatch(await nb('list', 'Address_Set'), /u2o_exclude_ip/);
  });
});
