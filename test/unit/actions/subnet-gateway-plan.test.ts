import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ActionValidationError, planSubnetGateway } from '../../../src/actions/index.js';
import { clusterFixture, pureContext, subnet } from './fixtures.js';

describe('planSubnetGateway', () => {
  it('plans distributed → centralized: the reroute policy to the gateway, pods leave the node group', async () => {
    const plan = await planSubnetGateway(pureContext, { subnet: 's1', gatewayType: 'centralized', nodes: [{ name: 'n2', egressIP: '172.18.0.3' }, { name: 'n1' }] }, clusterFixture());
    assert.deepEqual(plan.objectChanges[0].diff, ['spec.gatewayNode: (unset) → "n2:172.18.0.3,n1"', 'spec.gatewayType: (unset) → "centralized"']);
    assert.deepEqual(plan.ovnChanges, ['+ Logical_Router_Policy 29050 ip4.src == 10.30.0.0/24 (reroute 100.64.0.3)', '- Port_Group node.n1 member web.default']);
  });

  it('reroutes to every gateway with ECMP', async () => {
    const plan = await planSubnetGateway(pureContext, { subnet: 's1', gatewayType: 'centralized', nodes: [{ name: 'n1' }, { name: 'n2' }], enableEcmp: true }, clusterFixture());
    assert.ok(plan.ovnChanges.includes('+ Logical_Router_Policy 29050 ip4.src == 10.30.0.0/24 (reroute 100.64.0.2 100.64.0.3)'), plan.ovnChanges.join('\n'));
  });

  it('shows a gateway move as a changed next hop', async () => {
    const fixture = clusterFixture();
    const centralized = clusterFixture({
      subnets: fixture.subnets.map((s) => (s.metadata.name === 's1' ? subnet('s1', { ...s.spec, gatewayType: 'centralized', gatewayNode: 'n1' }) : s)),
    });
    const plan = await planSubnetGateway(pureContext, { subnet: 's1', gatewayType: 'centralized', nodes: [{ name: 'n2' }] }, centralized);
    assert.deepEqual(plan.ovnChanges, ['~ Logical_Router_Policy 29050 ip4.src == 10.30.0.0/24 reroute 100.64.0.2 → 100.64.0.3']);
  });

  it('plans centralized → distributed: the policy goes, the pods come back to their node group', async () => {
    const fixture = clusterFixture();
    const centralized = clusterFixture({
      subnets: fixture.subnets.map((s) => (s.metadata.name === 's1' ? subnet('s1', { ...s.spec, gatewayType: 'centralized', gatewayNode: 'n1' }) : s)),
    });
    const plan = await planSubnetGateway(pureContext, { subnet: 's1', gatewayType: 'distributed' }, centralized);
    assert.deepEqual(plan.objectChanges[0].diff, ['spec.gatewayNode: "n1" → ""', 'spec.gatewayType: "centralized" → "distributed"']);
    assert.deepEqual(plan.ovnChanges, ['- Logical_Router_Policy 29050 ip4.src == 10.30.0.0/24 (reroute 100.64.0.2)', '+ Port_Group node.n1 member web.default']);
  });

  it('picks gateways by label selector', async () => {
    const plan = await planSubnetGateway(pureContext, { subnet: 's1', gatewayType: 'centralized', selectors: [{ matchLabels: { gw: 'yes' } }] }, clusterFixture());
    assert.ok(plan.ovnChanges.includes('+ Logical_Router_Policy 29050 ip4.src == 10.30.0.0/24 (reroute 100.64.0.3)'), plan.ovnChanges.join('\n'));
  });

  it('changes no OVN row for natOutgoing alone (the node agent does NAT)', async () => {
    const plan = await planSubnetGateway(pureContext, { subnet: 's1', gatewayType: 'distributed', natOutgoing: true }, clusterFixture());
    assert.deepEqual(plan.objectChanges[0].diff, ['spec.gatewayType: (unset) → "distributed"', 'spec.natOutgoing: (unset) → true']);
    assert.deepEqual(plan.ovnChanges, []);
  });

  it('rejects a gateway node that does not exist, naming the node', async () => {
    await assert.rejects(
      planSubnetGateway(pureContext, { subnet: 's1', gatewayType: 'centralized', nodes: [{ name: 'n9' }] }, clusterFixture()),
      (err: unknown) => err instanceof ActionValidationError && err.issues[0].field === 'spec.gatewayNode' && err.issues[0].conflictsWith === 'Node/n9',
    );
  });

  it('rejects a centralized gateway without nodes, and a malformed egress IP', async () => {
    await assert.rejects(planSubnetGateway(pureContext, { subnet: 's1', gatewayType: 'centralized' }, clusterFixture()), /spec\.gatewayNode .*needs spec\.gatewayNode or spec\.gatewayNodeSelectors/);
    await assert.rejects(
      planSubnetGateway(pureContext, { subnet: 's1', gatewayType: 'centralized', nodes: [{ name: 'n1', egressIP: '1.2.3' }] }, clusterFixture()),
      /spec\.gatewayNode "n1:1\.2\.3": egress IP/,
    );
  });
});
