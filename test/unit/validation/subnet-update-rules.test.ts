import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateSubnet, validateSubnetDeletion } from '../../../src/engine/controller/validation/subnet-rules.js';
import type { SubnetSpec, SubnetStatus } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import { Reason } from '../../../src/engine/controller/validation/reasons.js';
import { cluster, expectIssue, expectNoIssues, providerNetwork, subnet, vlan, vpc } from './fixtures.js';

const ctx = cluster({
  vpcs: [vpc('ovn-cluster'), vpc('vpc1')],
  vlans: [vlan('v1', { id: 10, provider: 'net1' })],
  providerNetworks: [providerNetwork('net1')],
});
const base: SubnetSpec = { vpc: 'ovn-cluster', provider: 'ovn', cidrBlock: '10.17.0.0/24', gateway: '10.17.0.1' };

function update(previous: SubnetSpec, next: SubnetSpec, status?: SubnetStatus) {
  return validateSubnet(subnet('s1', next, status), ctx, previous);
}

describe('Subnet update and deletion rules', () => {
  it('rejects a gateway change while IPs are in use', () => {
    expectIssue(update(base, { ...base, gateway: '10.17.0.254' }, { v4usingIPs: 3 }), Reason.GatewayChangeWhileInUse, { message: /3 IP\(s\)/ });
  });

  it('allows the new gateway of a new CIDR while IPs are in use (the pods are re-addressed)', () => {
    expectNoIssues(update(base, { ...base, cidrBlock: '10.18.0.0/24', gateway: '10.18.0.1' }, { v4usingIPs: 3 }));
  });

  it('allows a gateway change when no IP is in use', () => {
    expectNoIssues(update(base, { ...base, gateway: '10.17.0.254' }, { v4usingIPs: 0 }));
  });

  it('rejects adding a CIDR to a MAC-only underlay subnet', () => {
    const macOnly: SubnetSpec = { vpc: 'ovn-cluster', provider: 'ovn', vlan: 'v1' };
    expectIssue(update(macOnly, { ...macOnly, cidrBlock: '10.17.0.0/24' }), Reason.UnderlayCIDRChange, { message: /cannot be added/ });
  });

  it('rejects removing the CIDR from an underlay subnet', () => {
    const underlay: SubnetSpec = { ...base, vlan: 'v1' };
    expectIssue(update(underlay, { vpc: 'ovn-cluster', provider: 'ovn', vlan: 'v1' }), Reason.UnderlayCIDRChange, { message: /cannot be removed/ });
  });

  it('rejects a vpc change other than empty to the default VPC', () => {
    expectIssue(update(base, { ...base, vpc: 'vpc1' }), Reason.VpcImmutable, { conflictsWith: 'Vpc/ovn-cluster' });
  });

  it('allows vpc to change from empty to the default VPC', () => {
    expectNoIssues(update({ ...base, vpc: '' }, base));
  });

  it('rejects deleting a subnet while IPs are in use', () => {
    const issues = validateSubnetDeletion(subnet('s1', base, { v4usingIPs: 2, v6usingIPs: 0 }));
    expectIssue(issues, Reason.SubnetInUse, { field: 'metadata.name', message: /2 IP\(s\)/ });
    assert.deepEqual(validateSubnetDeletion(subnet('s1', base), 0), []);
  });
});
