import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startStandaloneDb, waitFor, type TestOvsdb } from '../../support/ovn.js';
import { unixctlAnswers, unixctlPathOf } from '../../../src/engine/agent/unixctl-probe.js';
import { linkProblem } from '../../../src/engine/agent/uplink-state.js';
import { egressSnatsOf, natOutgoingSets } from '../../../src/engine/agent/overlay-subnets.js';
import { natOutgoingRuleset } from '../../../src/engine/agent/nat-ruleset.js';
import { missingEgressIps } from '../../../src/engine/agent/egress-ip-check.js';
import { gatewayVerdict, isGatewayNode, microTime, type GatewayLease } from '../../../src/engine/controller/gateway-heartbeat-lease.js';
import type { Subnet } from '../../../src/engine/cluster/kinds/kubeovn-types.js';

const subnet = (name: string, spec: Subnet['spec']): Subnet => ({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name }, spec });
const node = (name: string, labels: Record<string, string> = {}) => ({ metadata: { name, labels } });

describe('gateway heartbeat: who beats and what the controller concludes', () => {
  it('beats only on nodes a centralized default-VPC subnet names or selects', () => {
    const subnets = [
      subnet('a', { cidrBlock: '10.1.0.0/24', gatewayType: 'centralized', gatewayNode: 'n1:172.31.0.101,n2' }),
      subnet('b', { cidrBlock: '10.2.0.0/24', gatewayType: 'centralized', gatewayNodeSelectors: [{ matchLabels: { egress: 'yes' } }] }),
      subnet('c', { cidrBlock: '10.3.0.0/24', gatewayType: 'distributed', gatewayNode: 'n4' }),
      subnet('d', { cidrBlock: '10.4.0.0/24', gatewayType: 'centralized', gatewayNode: 'n5', vpc: 'vpc1' }),
    ];
    assert.equal(isGatewayNode(subnets, node('n1')), true);
    assert.equal(isGatewayNode(subnets, node('n2')), true);
    assert.equal(isGatewayNode(subnets, node('n3', { egress: 'yes' })), true);
    assert.equal(isGatewayNode(subnets, node('n3')), false);
    assert.equal(isGatewayNode(subnets, node('n4')), false, 'distributed subnets have no gateway nodes');
    assert.equal(isGatewayNode(subnets, node('n5')), false, 'custom VPCs do not use gateway nodes');
  });

  it('writes renewTime as Kubernetes MicroTime (six fractional digits)', () => {
    assert.equal(microTime(Date.parse('2026-11-21T09:47:32.123Z')), '2026-11-21T09:47:32.123000Z');
  });

  it('judges a node by its fresh heartbeat, its reported problem, or its silence', () => {
    const now = Date.parse('2026-01-01T00:00:10.000Z');
    const lease = (renewTime: string, health = 'ok'): GatewayLease => ({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'kovn-gateway-n1', namespace: 'kube-node-lease', annotations: { 'kovn.io/gateway-health': health } },
      spec: { renewTime },
    });
    assert.deepEqual(gatewayVerdict(undefined, now), { healthy: true }, 'no heartbeat: Node Ready decides');
    assert.deepEqual(gatewayVerdict(lease('2026-01-01T00:00:09.500000Z'), now), { healthy: true });
    assert.deepEqual(gatewayVerdict(lease('2026-01-01T00:00:08.800000Z'), now), { healthy: false, reason: 'no heartbeat for 1.2 s' });
    assert.deepEqual(gatewayVerdict(lease('2026-01-01T00:00:09.900000Z', 'ovs-vswitchd does not answer'), now), { healthy: false, reason: 'ovs-vswitchd does not answer' });
    assert.equal(gatewayVerdict(lease(''), now).healthy, false);
  });

  it('measures silence on the observer\'s clock when it knows when renewTime last changed (node clocks may be skewed)', () => {
    const now = Date.parse('2026-01-01T00:00:10.000Z');
    const skewed: GatewayLease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'kovn-gateway-n1' }, spec: { renewTime: '2026-01-01T00:00:05.000000Z' } };
    assert.deepEqual(gatewayVerdict(skewed, now, 1000, now - 200), { healthy: true }, 'a node 5 s behind that just renewed is alive');
    assert.deepEqual(gatewayVerdict(skewed, now, 1000, now - 1500), { healthy: false, reason: 'no heartbeat for 1.5 s' });
  });

  it('gives a cleanly restarting agent the grace its last renewal asked for (leaseDurationSeconds), and no more', () => {
    const now = Date.parse('2026-01-01T00:00:10.000Z');
    const restarting: GatewayLease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'kovn-gateway-n1' }, spec: { renewTime: '2026-01-01T00:00:05.000000Z', leaseDurationSeconds: 15 } };
    assert.deepEqual(gatewayVerdict(restarting, now), { healthy: true });
    assert.equal(gatewayVerdict(restarting, now + 11_000).healthy, false);
  });

  it('calls the uplink down from the kernel\'s operstate (UNKNOWN counts as up: drivers without carrier reporting)', () => {
    assert.equal(linkProblem('eth0', { ifname: 'eth0', operstate: 'UP' }), undefined);
    assert.equal(linkProblem('eth0', { ifname: 'eth0', operstate: 'UNKNOWN' }), undefined);
    assert.equal(linkProblem('eth0', { ifname: 'eth0', operstate: 'DOWN' }), 'uplink eth0 is down');
    assert.equal(linkProblem('eth0', { ifname: 'eth0', operstate: 'LOWERLAYERDOWN' }), 'uplink eth0 is lowerlayerdown');
    assert.equal(linkProblem('eth0', undefined), 'uplink eth0 does not exist');
  });
});

describe('egress IP of a gateway node (gatewayNode node:IP)', () => {
  const s = subnet('egress', { cidrBlock: '10.20.0.0/24,fd20::/120', gatewayType: 'centralized', gatewayNode: 'n1:172.31.0.101;fd31::101,n2', natOutgoing: true });

  it('pairs each egress IP with the CIDR of its family', () => {
    assert.deepEqual(egressSnatsOf(s), [
      { subnet: 'egress', node: 'n1', cidr: '10.20.0.0/24', ip: '172.31.0.101' },
      { subnet: 'egress', node: 'n1', cidr: 'fd20::/120', ip: 'fd31::101' },
    ]);
    assert.deepEqual(egressSnatsOf({ ...s, spec: { ...s.spec, gatewayType: 'distributed' } }), []);
    assert.equal(natOutgoingSets([{ ...s, spec: { ...s.spec, natOutgoing: false } }]).egress, undefined, 'no natOutgoing, no translation');
  });

  it('finds the egress IPs the node does not hold', () => {
    const wanted = egressSnatsOf(s);
    assert.deepEqual(missingEgressIps(wanted, new Set(['172.31.0.101', '172.31.0.1'])), [wanted[1]]);
    assert.deepEqual(missingEgressIps(wanted, new Set(['172.31.0.101', 'fd31::101'])), []);
  });

  it('SNATs to the egress IP on the named node, before the masquerade rules, and masquerades elsewhere', () => {
    const sets = natOutgoingSets([s]);
    const onN1 = natOutgoingRuleset(sets, 'ovn0', 'n1');
    assert.match(onN1, /oifname != "ovn0" ip saddr 10\.20\.0\.0\/24 ip daddr != @cluster4 snat ip to 172\.31\.0\.101\n/);
    assert.match(onN1, /oifname != "ovn0" ip6 saddr fd20::\/120 ip6 daddr != @cluster6 snat ip6 to fd31::101\n/);
    assert.ok(onN1.indexOf('snat ip to') < onN1.indexOf('masquerade'), 'the SNAT rule comes first');
    assert.doesNotMatch(natOutgoingRuleset(sets, 'ovn0', 'n2'), /snat/);
    // A malformed entry (the controller reports it on the Subnet) is left out; the rest of the table stays.
    const injected = natOutgoingRuleset({ ...sets, egress: [{ subnet: 'egress', node: 'n1', cidr: '10.20.0.0/24', ip: '1.2.3.4; flush ruleset' }] }, 'ovn0', 'n1');
    assert.doesNotMatch(injected, /flush ruleset|snat/);
    assert.match(injected, /masquerade/);
  });
});

describe('unixctl probe against a real ovsdb-server', () => {
  let db: TestOvsdb;
  before(async () => {
    db = await startStandaloneDb('Open_vSwitch');
  });
  after(async () => {
    await db?.stop();
  });

  it('finds a daemon\'s control socket by name or pidfile and hears it answer', async () => {
    // The server makes its control socket a moment after its database socket: wait for it to answer first.
    await waitFor('ovs.ctl answers', () => unixctlAnswers(join(db.dir, 'ovs.ctl'), 2_000));
    assert.equal(unixctlPathOf(db.dir, ['ovs-vswitchd', 'ovs']), join(db.dir, 'ovs.ctl'));
    assert.equal(unixctlPathOf(db.dir, ['ovn-controller']), undefined);
  });

  it('says no for a missing socket or a stopped daemon', async () => {
    assert.equal(await unixctlAnswers(join(db.dir, 'nothing.ctl'), 500), false);
    process.kill(db.server.pid, 'SIGSTOP');
    try {
      assert.equal(await unixctlAnswers(join(db.dir, 'ovs.ctl'), 300), false);
    } finally {
      process.kill(db.server.pid, 'SIGCONT');
    }
    assert.equal(await unixctlAnswers(join(db.dir, 'ovs.ctl'), 2_000), true);
  });
});
