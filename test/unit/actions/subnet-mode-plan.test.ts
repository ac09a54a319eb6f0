import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ActionValidationError, planSubnetMode } from '../../../src/actions/index.js';
import { clusterFixture, pureContext, subnet } from './fixtures.js';

async function rejection(promise: Promise<unknown>): Promise<ActionValidationError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ActionValidationError, `expected ActionValidationError, got ${String(err)}`);
    return err;
  }
  assert.fail('the plan was accepted');
}

describe('planSubnetMode', () => {
  it('plans overlay → underlay: adds the localnet port, removes the router port and its peer', async () => {
    const plan = await planSubnetMode(pureContext, { subnet: 's1', mode: { vlan: 'v100' } }, clusterFixture());
    assert.equal(plan.title, 'Switch subnet s1 to underlay on Vlan v100');
    assert.equal(plan.destructive, false);
    assert.deepEqual(plan.objectChanges.map((c) => [c.kind, c.name, c.op]), [['Subnet', 's1', 'update']]);
    assert.deepEqual(plan.objectChanges[0].diff, ['spec.vlan: (unset) → "v100"']);
    assert.ok(plan.ovnChanges.includes('+ Logical_Switch_Port localnet.s1 (localnet, tag 100, network_name phy)'), plan.ovnChanges.join('\n'));
    assert.ok(plan.ovnChanges.includes('- Logical_Router_Port ovn-cluster-s1 (10.30.0.1/24)'), plan.ovnChanges.join('\n'));
    assert.ok(plan.ovnChanges.includes('- Logical_Switch_Port s1-ovn-cluster (router, router-port ovn-cluster-s1)'), plan.ovnChanges.join('\n'));
    // An underlay subnet is no longer routed: its pods leave the node's distributed-egress group.
    assert.ok(plan.ovnChanges.includes('- Port_Group node.n1 member web.default'), plan.ovnChanges.join('\n'));
  });

  it('keeps the router port with logicalGateway', async () => {
    const plan = await planSubnetMode(pureContext, { subnet: 's1', mode: { vlan: 'v100' }, logicalGateway: true }, clusterFixture());
    assert.ok(plan.ovnChanges.includes('+ Logical_Switch_Port localnet.s1 (localnet, tag 100, network_name phy)'));
    assert.ok(!plan.ovnChanges.some((l) => l.includes('ovn-cluster-s1')), plan.ovnChanges.join('\n'));
  });

  it('plans underlay → overlay: clears vlan and logicalGateway, removes the localnet port', async () => {
    const fixture = clusterFixture();
    const underlay = clusterFixture({
      subnets: fixture.subnets.map((s) => (s.metadata.name === 's1' ? subnet('s1', { ...s.spec, vlan: 'v100', logicalGateway: true }) : s)),
    });
    const plan = await planSubnetMode(pureContext, { subnet: 's1', mode: 'overlay' }, underlay);
    assert.deepEqual(plan.objectChanges[0].diff, ['spec.logicalGateway: true → (unset)', 'spec.vlan: "v100" → (unset)']);
    assert.ok(plan.ovnChanges.includes('- Logical_Switch_Port localnet.s1 (localnet, tag 100, network_name phy)'), plan.ovnChanges.join('\n'));
  });

  it('creates the Vlan first when asked, and plans its tag', async () => {
    const plan = await planSubnetMode(pureContext, { subnet: 's1', mode: { vlan: 'v200', createVlan: { id: 200, provider: 'phy' } } }, clusterFixture());
    assert.deepEqual(plan.objectChanges.map((c) => [c.kind, c.name, c.op]), [['Vlan', 'v200', 'create'], ['Subnet', 's1', 'update']]);
    assert.ok(plan.ovnChanges.includes('+ Logical_Switch_Port localnet.s1 (localnet, tag 200, network_name phy)'));
  });

  it('rejects a Vlan that does not exist, naming spec.vlan and the missing object', async () => {
    const err = await rejection(planSubnetMode(pureContext, { subnet: 's1', mode: { vlan: 'nope' } }, clusterFixture()));
    assert.equal(err.issues[0].field, 'spec.vlan');
    assert.equal(err.issues[0].conflictsWith, 'Vlan/nope');
    assert.match(err.message, /spec\.vlan "nope": no Vlan "nope" exists/);
  });

  it('rejects logicalGateway together with u2oInterconnection', async () => {
    const err = await rejection(planSubnetMode(pureContext, { subnet: 's1', mode: { vlan: 'v100' }, logicalGateway: true, u2oInterconnection: true }, clusterFixture()));
    assert.deepEqual(err.issues.map((i) => i.field), ['spec.u2oInterconnection']);
  });

  it('rejects a new Vlan with id 5000, and one whose ProviderNetwork does not exist', async () => {
    const bad = await rejection(planSubnetMode(pureContext, { subnet: 's1', mode: { vlan: 'v5k', createVlan: { id: 5000, provider: 'phy' } } }, clusterFixture()));
    assert.equal(bad.kind, 'Vlan');
    assert.equal(bad.issues[0].field, 'spec.id');
    assert.equal(bad.issues[0].value, 5000);
    const noPn = await rejection(planSubnetMode(pureContext, { subnet: 's1', mode: { vlan: 'v7', createVlan: { id: 7, provider: 'ghost' } } }, clusterFixture()));
    assert.equal(noPn.issues[0].conflictsWith, 'ProviderNetwork/ghost');
  });

  it('rejects a subnet that does not exist', async () => {
    const err = await rejection(planSubnetMode(pureContext, { subnet: 'ghost', mode: 'overlay' }, clusterFixture()));
    assert.equal(err.issues[0].field, 'metadata.name');
  });

  it('plans nothing when the subnet is already in that mode', async () => {
    const plan = await planSubnetMode(pureContext, { subnet: 's1', mode: 'overlay' }, clusterFixture());
    assert.deepEqual(plan.objectChanges, []);
    assert.deepEqual(plan.ovnChanges, []);
    assert.deepEqual(await plan.apply(), { ok: true, reason: 'Unchanged', message: 'nothing to change' });
  });

  it('counts a subnet the controller rejected as having no rows, so fixing it plans them', async () => {
    const fixture = clusterFixture();
    const rejected = subnet('s1', { cidrBlock: '10.30.0.0/24', vpc: 'ovn-cluster', vlan: 'gone' }, {
      conditions: [{ type: 'Validated', status: 'False', reason: 'VlanNotFound', message: 'spec.vlan "gone": no Vlan "gone" exists' }],
    });
    const snapshot = clusterFixture({ subnets: fixture.subnets.map((s) => (s.metadata.name === 's1' ? rejected : s)) });
    const plan = await planSubnetMode(pureContext, { subnet: 's1', mode: { vlan: 'v100' } }, snapshot);
    assert.ok(plan.ovnChanges.includes('+ Logical_Switch s1'), plan.ovnChanges.join('\n'));
    assert.ok(plan.ovnChanges.includes('+ Logical_Switch_Port localnet.s1 (localnet, tag 100, network_name phy)'));
  });
});
