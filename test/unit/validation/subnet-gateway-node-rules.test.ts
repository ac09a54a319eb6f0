import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateSubnet } from '../../../src/engine/controller/validation/subnet-rules.js';
import type { SubnetSpec } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import { Reason, transientReasons } from '../../../src/engine/controller/validation/reasons.js';
import { cluster, expectIssue, expectNoIssues, node, subnet } from './fixtures.js';

const nodes = [node('node1', '172.18.0.2'), node('node2', '172.18.0.3', false, { gw: 'yes' }), node('node3', '172.18.0.4', true, { gw: 'yes' })];

function check(spec: SubnetSpec) {
  const full = { vpc: 'ovn-cluster', provider: 'ovn', cidrBlock: '10.17.0.0/16', gatewayType: 'centralized' as const, ...spec };
  return validateSubnet(subnet('s1', full), cluster({ nodes }));
}

describe('Subnet centralized gateway rules', () => {
  it('accepts gateway nodes that exist with one Ready', () => {
    expectNoIssues(check({ gatewayNode: 'node1:172.18.0.2,node2' }));
  });

  it('rejects a centralized subnet without gatewayNode or gatewayNodeSelectors', () => {
    expectIssue(check({}), Reason.NoGatewayNode);
  });

  it('rejects a gateway node that does not exist, naming it', () => {
    expectIssue(check({ gatewayNode: 'node1,node9' }), Reason.GatewayNodeNotFound, {
      conflictsWith: 'Node/node9',
      message: 'spec.gatewayNode "node9": no Node "node9" exists',
    });
  });

  it('rejects gatewayNodeSelectors that match no node', () => {
    expectIssue(check({ gatewayNodeSelectors: [{ matchLabels: { gw: 'no' } }] }), Reason.GatewayNodeNotFound, { field: 'spec.gatewayNodeSelectors' });
  });

  it('rejects a gatewayNode entry with an invalid egress IP', () => {
    expectIssue(check({ gatewayNode: 'node1:172.18.0.300' }), Reason.InvalidGatewayNode);
  });

  it('reports no Ready gateway node as transient', () => {
    const found = expectIssue(check({ gatewayNode: 'node2' }), Reason.NoReadyGatewayNode, { message: /node2/ });
    assert.ok(transientReasons.has(found.reason));
  });

  it('counts nodes chosen by gatewayNodeSelectors', () => {
    expectNoIssues(check({ gatewayNodeSelectors: [{ matchExpressions: [{ key: 'gw', operator: 'In', values: ['yes'] }] }] }));
  });

  it('ignores gateway nodes of a distributed subnet or a custom-VPC subnet', () => {
    expectNoIssues(check({ gatewayType: 'distributed' }));
    const custom = validateSubnet(subnet('s1', { vpc: 'vpc1', cidrBlock: '10.17.0.0/16', gatewayType: 'centralized' }), cluster({ nodes }));
    assert.deepEqual(custom.filter((i) => i.field.startsWith('spec.gatewayNode')), []);
  });
});
