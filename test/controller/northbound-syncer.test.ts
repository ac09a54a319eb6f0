import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NorthboundSyncer } from '../../src/engine/controller/nb-sync/northbound-syncer.js';
import { startSyncerOnNb, type SyncerOnNb } from '../support/northbound-syncer-fixture.js';
import type { ClusterView } from '../../src/engine/controller/desired/cluster-view.js';
import { subnetView as subnet } from '../support/controller-fixtures.js';

const baseView: ClusterView = {
  vpcs: [{ name: 'ovn-cluster', isDefault: true, staticRoutes: [], policyRoutes: [] }],
  subnets: [subnet('ovn-default', '10.16.0.0/16', '10.16.0.1'), subnet('join', '100.64.0.0/16', '100.64.0.1')],
  nodes: [
    { name: 'n1', joinIPs: ['100.64.0.2'], joinMac: '0a:58:64:40:00:02', internalIPs: ['172.31.0.1'] },
    { name: 'n2', joinIPs: ['100.64.0.3'], joinMac: '0a:58:64:40:00:03', internalIPs: ['172.31.0.2'] },
  ],
  pods: [
    { namespace: 'default', pod: 'a', subnet: 'ovn-default', mac: '0a:00:00:10:00:02', ips: ['10.16.0.2'], nodeName: 'n1', portSecurity: false },
    { namespace: 'default', pod: 'b', subnet: 'ovn-default', mac: '0a:00:00:10:00:03', ips: ['10.16.0.3'], nodeName: 'n2', portSecurity: true },
  ],
  joinSubnet: 'join',
};

describe('NorthboundSyncer against a real NB ovsdb-server', () => {
  let fixture: SyncerOnNb;
  let syncer: NorthboundSyncer;
  let view: ClusterView = baseView;

  before(async () => {
    fixture = await startSyncerOnNb(() => view);
    syncer = fixture.syncer;
  });
  after(() => fixture?.stop());

  const nb = (...args: string[]) => fixture.nb(...args);

  it('writes the default topology, nodes and pods in one pass', async () => {
    const result = await syncer.syncNow();
    assert.ok(result.changes > 0);
    assert.equal((await nb('--bare', '--columns=name', 'list', 'Logical_Router')).trim(), 'ovn-cluster');
    assert.deepEqual((await nb('--bare', '--columns=name', 'list', 'Logical_Switch')).trim().split(/\s+/).sort(), ['join', 'ovn-default']);
    assert.match(await nb('get', 'Logical_Router_Port', 'ovn-cluster-ovn-default', 'networks'), /10\.16\.0\.1\/16/);
    assert.equal((await nb('lsp-get-type', 'ovn-default-ovn-cluster')).trim(), 'router');
    assert.match(await nb('lsp-get-addresses', 'a.default'), /0a:00:00:10:00:02 10\.16\.0\.2/);
    assert.match(await nb('lsp-get-port-security', 'b.default'), /0a:00:00:10:00:03 10\.16\.0\.3/);
    assert.match(await nb('lsp-get-ls', 'node-n1'), /join/);
    const policies = await nb('lr-policy-list', 'ovn-cluster');
    assert.match(policies, /31000\s+ip4.dst == \$ovn.cluster.subnets.ip4\s+allow/);
    assert.match(policies, /30000\s+ip4.dst == 172.31.0.1\s+reroute\s+100.64.0.2/);
    assert.match(policies, /29000\s+ip4.src == \$node.n1_ip4\s+reroute\s+100.64.0.2/);
    assert.match(await nb('lr-route-list', 'ovn-cluster'), /0\.0\.0\.0\/0\s+100\.64\.0\.1 dst-ip/);
    assert.match(await nb('--bare', '--columns=ports', 'find', 'Port_Group', 'name=node.n1'), /[0-9a-f-]{36}/);
  });

  it('writes nothing on a second pass with the same objects', async () => {
    const result = await syncer.syncNow();
    assert.equal(result.changes, 0);
  });

  it('moves the pod to its new node group and switches a subnet to underlay, removing the overlay rows', async () => {
    view = {
      ...baseView,
      subnets: [
        ...baseView.subnets,
        subnet('s1', '10.30.0.0/24', '10.30.0.1', { underlay: { vlan: 'v100', vlanId: 100, provider: 'phy' } }),
      ],
      pods: [{ ...baseView.pods[0], nodeName: 'n2' }, baseView.pods[1]],
    };
    await syncer.syncNow();
    const n2ports = await nb('--bare', '--columns=ports', 'find', 'Port_Group', 'name=node.n2');
    assert.equal(n2ports.trim().split(/\s+/).length, 2);
    assert.equal((await nb('lsp-get-tag', 'localnet.s1')).trim(), '100');
    assert.equal((await nb('--bare', '--columns=name', 'find', 'Logical_Router_Port', 'name=ovn-cluster-s1')).trim(), '');

    view = { ...view, subnets: [...baseView.subnets, subnet('s1', '10.30.0.0/24', '10.30.0.1')] };
    await syncer.syncNow();
    assert.equal((await nb('--bare', '--columns=name', 'find', 'Logical_Switch_Port', 'name=localnet.s1')).trim(), '');
    assert.match(await nb('get', 'Logical_Router_Port', 'ovn-cluster-s1', 'networks'), /10\.30\.0\.1\/24/);
  });

  it('never touches a row it does not own, and reports a name held by one', async () => {
    await nb('ls-add', 'foreign');
    await nb('lsp-add', 'foreign', 'x.default');
    const result = await syncer.syncNow();
    assert.deepEqual(result.conflicts, []);
    assert.equal((await nb('--bare', '--columns=name', 'find', 'Logical_Switch', 'name=foreign')).trim(), 'foreign');
    view = { ...view, pods: [...view.pods, { namespace: 'default', pod: 'x', subnet: 'ovn-default', mac: '0a:00:00:10:00:09', ips: ['10.16.0.9'], portSecurity: false }] };
    const clash = await syncer.syncNow();
    assert.deepEqual(clash.conflicts.map((c) => `${c.table}/${c.name}`), ['Logical_Switch_Port/x.default']);
    assert.match(await nb('lsp-get-ls', 'x.default'), /foreign/);
  });

  it('repairs a row someone changed or deleted behind its back', async () => {
    await nb('lsp-set-addresses', 'a.default', '0a:00:00:00:00:99 10.16.0.99');
    await nb('lr-policy-del', 'ovn-cluster', '30000', 'ip4.dst == 172.31.0.1');
    await syncer.syncNow();
    assert.match(await nb('lsp-get-addresses', 'a.default'), /10\.16\.0\.2/);
    assert.match(await nb('lr-policy-list', 'ovn-cluster'), /30000\s+ip4.dst == 172.31.0.1/);
  });

  it('removes every row it owns when no object wants them, and nothing else', async () => {
    view = { vpcs: [], subnets: [], nodes: [], pods: [], joinSubnet: 'join' };
    await syncer.syncNow();
    assert.equal((await nb('--bare', '--columns=name', 'list', 'Logical_Switch')).trim(), 'foreign');
    assert.equal((await nb('--bare', '--columns=name', 'list', 'Logical_Router')).trim(), '');
    assert.equal((await nb('--bare', '--columns=name', 'list', 'Port_Group')).trim(), '');
    assert.equal((await nb('--bare', '--columns=name', 'list', 'Address_Set')).trim(), '');
    assert.equal((await nb('--bare', '--columns=_uuid', 'list', 'Logical_Router_Policy')).trim(), '');
    assert.equal((await nb('--bare', '--columns=name', 'list', 'Logical_Switch_Port')).trim(), 'x.default');
  });
});
