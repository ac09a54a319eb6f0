import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NorthboundSyncer } from '../../src/engine/controller/nb-sync/northbound-syncer.js';
import { startSyncerOnNb, type SyncerOnNb } from '../support/northbound-syncer-fixture.js';
import type { ClusterView, NatRuleView, VpcView } from '../../src/engine/controller/desired/cluster-view.js';
import { subnetView as subnet } from '../support/controller-fixtures.js';

const external = { subnet: 'ext', networks: ['10.1.0.10/24'], mac: '0a:58:0a:01:00:0a', gateways: ['10.1.0.254'], chassis: ['ch-b', 'ch-a'] };

function vpc(name: string, extra: Partial<VpcView> = {}): VpcView {
  return { name, isDefault: false, staticRoutes: [], policyRoutes: [], ...extra };
}

const rules: NatRuleView[] = [
  { kind: 'fip', name: 'fip1', vpc: 'vpc1', externalIp: '10.1.0.11', internalIp: '10.0.1.5' },
  { kind: 'snat', name: 'snat1', vpc: 'vpc1', externalIp: '10.1.0.12', internalIp: '10.0.1.0/24' },
  { kind: 'dnat', name: 'dnat1', vpc: 'vpc1', externalIp: '10.1.0.13', internalIp: '10.0.1.6', protocol: 'tcp', externalPort: 8080, internalPort: 80 },
];

const baseView: ClusterView = {
  vpcs: [{ name: 'ovn-cluster', isDefault: true, staticRoutes: [], policyRoutes: [] }, vpc('vpc1', { external })],
  subnets: [
    subnet('ovn-default', '10.16.0.0/16', '10.16.0.1'),
    subnet('join', '100.64.0.0/16', '100.64.0.1'),
    subnet('ext', '10.1.0.0/24', '10.1.0.254', { underlay: { vlan: 'ext0', vlanId: 0, provider: 'extnet' } }),
    subnet('s1', '10.0.1.0/24', '10.0.1.1', { vpc: 'vpc1' }),
  ],
  nodes: [],
  pods: [],
  joinSubnet: 'join',
  natRules: rules,
};

describe('NorthboundSyncer: external gateway ports, NAT and router load balancers against a real NB', () => {
  let fixture: SyncerOnNb;
  let syncer: NorthboundSyncer;
  let view: ClusterView = baseView;

  before(async () => {
    fixture = await startSyncerOnNb(() => view);
    syncer = fixture.syncer;
  });
  after(() => fixture?.stop());

  const nb = (...args: string[]) => fixture.nb(...args);

  it('creates the router, its external port on gateway chassis, NAT rows and the DNAT load balancer in one pass', async () => {
    await syncer.syncNow();
    assert.equal((await nb('lrp-get-gateway-chassis', 'vpc1-ext')).trim().replace(/[ \t]+/g, ' '), 'vpc1-ext-ch-b 2\nvpc1-ext-ch-a 1');
    assert.match(await nb('get', 'Logical_Router_Port', 'vpc1-ext', 'networks'), /10\.1\.0\.10\/24/);
    assert.equal((await nb('lsp-get-type', 'ext-vpc1')).trim(), 'router');
    assert.match(await nb('lsp-get-options', 'ext-vpc1'), /router-port=vpc1-ext/);
    const nat = await nb('lr-nat-list', 'vpc1');
    assert.match(nat, /dnat_and_snat\s+10\.1\.0\.11\s+10\.0\.1\.5/);
    assert.match(nat, /snat\s+10\.1\.0\.12\s+10\.0\.1\.0\/24/);
    const lbs = await nb('lr-lb-list', 'vpc1');
    assert.match(lbs, /dnat1\s+tcp\s+10\.1\.0\.13:8080\s+10\.0\.1\.6:80/);
    assert.match(await nb('lr-route-list', 'vpc1'), /0\.0\.0\.0\/0\s+10\.1\.0\.254 dst-ip/);
  });

  it('writes nothing on a second pass with the same objects', async () => {
    assert.equal((await syncer.syncNow()).changes, 0);
  });

  it('changes gateway priorities in place, turns a FIP distributed and drops a removed SNAT', async () => {
    view = {
      ...baseView,
      vpcs: [baseView.vpcs[0], vpc('vpc1', { external: { ...external, chassis: ['ch-a', 'ch-c'] } })],
      natRules: [{ ...rules[0], logicalPort: 'p5.default', externalMac: '0a:58:0a:01:00:0b' }, rules[2]],
    };
    await syncer.syncNow();
    assert.equal((await nb('lrp-get-gateway-chassis', 'vpc1-ext')).trim().replace(/[ \t]+/g, ' '), 'vpc1-ext-ch-a 2\nvpc1-ext-ch-c 1');
    const nat = await nb('lr-nat-list', 'vpc1');
    assert.match(nat, /dnat_and_snat\s+10\.1\.0\.11\s+10\.0\.1\.5\s+0a:58:0a:01:00:0b\s+p5\.default/);
    assert.doesNotMatch(nat, /10\.1\.0\.12/);
    assert.equal((await nb('--bare', '--columns=name', 'list', 'Gateway_Chassis')).trim().split(/\s+/).sort().join(' '), 'vpc1-ext-ch-a vpc1-ext-ch-c');
  });

  it('leaves NAT rows and load balancers it does not own where they are', async () => {
    await nb('lr-nat-add', 'vpc1', 'snat', '10.1.0.99', '10.0.1.99');
    await nb('lb-add', 'foreign-lb', '10.1.0.98:80', '10.0.1.98:80', 'tcp');
    await nb('lr-lb-add', 'vpc1', 'foreign-lb');
    await syncer.syncNow();
    assert.match(await nb('lr-nat-list', 'vpc1'), /snat\s+10\.1\.0\.99/);
    assert.match(await nb('lr-lb-list', 'vpc1'), /foreign-lb/);
  });

  it('removes the external port, its peer, gateway chassis, default route, NAT rows and load balancer when enableExternal goes away', async () => {
    view = { ...baseView, vpcs: [baseView.vpcs[0], vpc('vpc1')] };
    await syncer.syncNow();
    assert.equal((await nb('--bare', '--columns=name', 'find', 'Logical_Router_Port', 'name=vpc1-ext')).trim(), '');
    assert.equal((await nb('--bare', '--columns=name', 'find', 'Logical_Switch_Port', 'name=ext-vpc1')).trim(), '');
    assert.equal((await nb('--bare', '--columns=name', 'list', 'Gateway_Chassis')).trim(), '');
    assert.doesNotMatch(await nb('lr-route-list', 'vpc1'), /10\.1\.0\.254/);
    const nat = await nb('lr-nat-list', 'vpc1');
    assert.doesNotMatch(nat, /10\.1\.0\.1[123]/);
    assert.match(nat, /10\.1\.0\.99/);
    assert.equal((await nb('--bare', '--columns=name', 'find', 'Load_Balancer', 'name=dnat1')).trim(), '');
    assert.match(await nb('lr-lb-list', 'vpc1'), /foreign-lb/);
  });

  it('creates a new router with its external port, gateway chassis, NAT and load balancer in the same transaction', async () => {
    view = {
      ...baseView,
      vpcs: [...baseView.vpcs, vpc('vpc2', { external: { ...external, networks: ['10.1.0.20/24'], mac: '0a:58:0a:01:00:14' } })],
      subnets: [...baseView.subnets, subnet('s2', '10.0.2.0/24', '10.0.2.1', { vpc: 'vpc2' })],
      natRules: [...rules, { kind: 'snat', name: 'snat2', vpc: 'vpc2', externalIp: '10.1.0.21', internalIp: '10.0.2.0/24' }, { ...rules[2], name: 'dnat2', vpc: 'vpc2', externalIp: '10.1.0.22' }],
    };
    await syncer.syncNow();
    assert.equal((await nb('lrp-get-gateway-chassis', 'vpc2-ext')).trim().split('\n').length, 2);
    assert.match(await nb('lr-nat-list', 'vpc2'), /snat\s+10\.1\.0\.21\s+10\.0\.2\.0\/24/);
    assert.match(await nb('lr-lb-list', 'vpc2'), /dnat2/);
    assert.match(await nb('lr-lb-list', 'vpc1'), /dnat1/);
    assert.equal((await syncer.syncNow()).changes, 0);
  });

});
