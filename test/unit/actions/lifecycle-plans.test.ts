import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ActionValidationError,
  planCreateSubnet,
  planCreateVpc,
  planDeleteSubnet,
  planDeleteVpc,
  planVpcRoutes,
  withStaticRoute,
  withoutStaticRoute,
} from '../../../src/actions/index.js';
import { clusterFixture, pureContext, subnet, vpc } from './fixtures.js';

function fails(field: string, conflictsWith?: string) {
  return (err: unknown) => {
    assert.ok(err instanceof ActionValidationError, String(err));
    const found = err.issues.find((i) => i.field === field);
    assert.ok(found, `no issue on ${field}: ${err.message}`);
    if (conflictsWith) assert.equal(found.conflictsWith, conflictsWith);
    return true;
  };
}

describe('planCreateSubnet / planDeleteSubnet', () => {
  it('plans a new subnet: its switch, router port and peer, and the east-west address set entry', async () => {
    const plan = await planCreateSubnet(pureContext, { name: 's2', spec: { cidrBlock: '10.40.0.0/24' } }, clusterFixture());
    assert.deepEqual(plan.objectChanges.map((c) => [c.kind, c.name, c.op]), [['Subnet', 's2', 'create']]);
    assert.ok(plan.ovnChanges.includes('+ Logical_Switch s2'));
    assert.ok(plan.ovnChanges.includes('+ Logical_Router_Port ovn-cluster-s2 (10.40.0.1/24)'));
    assert.ok(plan.ovnChanges.includes('+ Address_Set ovn.cluster.subnets.ip4 member 10.40.0.0/24'), plan.ovnChanges.join('\n'));
  });

  it('rejects a bad CIDR, an overlapping CIDR and a taken name, each naming the field', async () => {
    await assert.rejects(planCreateSubnet(pureContext, { name: 's2', spec: { cidrBlock: '10.40.0.0/33' } }, clusterFixture()), fails('spec.cidrBlock'));
    await assert.rejects(planCreateSubnet(pureContext, { name: 's2', spec: { cidrBlock: '10.30.0.128/25' } }, clusterFixture()), fails('spec.cidrBlock', 'Subnet/s1'));
    await assert.rejects(planCreateSubnet(pureContext, { name: 's1', spec: { cidrBlock: '10.50.0.0/24' } }, clusterFixture()), fails('metadata.name', 'Subnet/s1'));
    await assert.rejects(planCreateSubnet(pureContext, { name: 'Bad_Name', spec: { cidrBlock: '10.50.0.0/24' } }, clusterFixture()), fails('metadata.name'));
  });

  it('plans a delete as destructive, listing the rows that go and the pods still using it', async () => {
    const plan = await planDeleteSubnet(pureContext, { name: 's1' }, clusterFixture());
    assert.equal(plan.destructive, true);
    assert.ok(plan.ovnChanges.includes('- Logical_Switch s1'));
    assert.ok(plan.ovnChanges.includes('- Logical_Router_Port ovn-cluster-s1 (10.30.0.1/24)'));
    assert.ok(plan.warnings.some((w) => w.includes('default/web')), plan.warnings.join('\n'));
  });

  it('refuses to delete the default and join subnets', async () => {
    await assert.rejects(planDeleteSubnet(pureContext, { name: 'ovn-default' }, clusterFixture()), fails('metadata.name'));
    await assert.rejects(planDeleteSubnet(pureContext, { name: 'join' }, clusterFixture()), fails('metadata.name'));
  });
});

describe('planCreateVpc / planDeleteVpc / planVpcRoutes', () => {
  it('plans a new VPC router', async () => {
    const plan = await planCreateVpc(pureContext, { name: 'blue' }, clusterFixture());
    assert.deepEqual(plan.ovnChanges, ['+ Logical_Router blue']);
  });

  it('refuses to delete a VPC with subnets, naming one', async () => {
    const fixture = clusterFixture({ vpcs: [vpc('ovn-cluster'), vpc('blue')] });
    const withSubnet = { ...fixture, subnets: [...fixture.subnets, subnet('b1', { cidrBlock: '10.60.0.0/24', vpc: 'blue' })] };
    await assert.rejects(planDeleteVpc(pureContext, { name: 'blue' }, withSubnet), fails('metadata.name', 'Subnet/b1'));
    const plan = await planDeleteVpc(pureContext, { name: 'blue' }, fixture);
    assert.equal(plan.destructive, true);
    assert.deepEqual(plan.ovnChanges, ['- Logical_Router blue']);
  });

  it('adds, changes and removes a static route', async () => {
    const fixture = clusterFixture({ vpcs: [vpc('ovn-cluster'), vpc('blue', { staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIP: '10.60.0.254', policy: 'policyDst' }] })] });
    const routes = withStaticRoute(fixture.vpcs[1].spec.staticRoutes ?? [], { cidr: '0.0.0.0/0', nextHopIP: '10.60.0.253', policy: 'policyDst' });
    const changed = await planVpcRoutes(pureContext, { vpc: 'blue', staticRoutes: routes }, fixture);
    assert.deepEqual(changed.ovnChanges, ['~ Logical_Router_Static_Route blue 0.0.0.0/0 via 10.60.0.254 → 10.60.0.253']);
    const added = await planVpcRoutes(pureContext, { vpc: 'blue', staticRoutes: [...routes, { cidr: '192.168.0.0/16', nextHopIP: '10.60.0.1' }] }, fixture);
    assert.ok(added.ovnChanges.includes('+ Logical_Router_Static_Route blue 192.168.0.0/16 (via 10.60.0.1)'), added.ovnChanges.join('\n'));
    const removed = await planVpcRoutes(pureContext, { vpc: 'blue', staticRoutes: withoutStaticRoute(routes, { cidr: '0.0.0.0/0' }) }, fixture);
    assert.deepEqual(removed.ovnChanges, ['- Logical_Router_Static_Route blue 0.0.0.0/0 (via 10.60.0.254)']);
  });

  it('plans a policy route', async () => {
    const plan = await planVpcRoutes(pureContext, { vpc: 'ovn-cluster', policyRoutes: [{ priority: 100, match: 'ip4.src == 10.30.0.0/24', action: 'drop' }] }, clusterFixture());
    assert.deepEqual(plan.ovnChanges, ['+ Logical_Router_Policy 100 ip4.src == 10.30.0.0/24 (drop)']);
  });

  it('rejects a route whose next hop is not an IP, naming the entry', async () => {
    await assert.rejects(
      planVpcRoutes(pureContext, { vpc: 'ovn-cluster', staticRoutes: [{ cidr: '192.168.0.0/16', nextHopIP: 'gateway' }] }, clusterFixture()),
      fails('spec.staticRoutes[0].nextHopIP'),
    );
  });
});
