import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateSubnet } from '../../../src/engine/controller/validation/subnet-rules.js';
import type { SubnetSpec } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import type { SubnetValidationContext } from '../../../src/engine/controller/validation/inputs.js';
import { Reason } from '../../../src/engine/controller/validation/reasons.js';
import { transientReasons } from '../../../src/engine/controller/validation/reasons.js';
import { cluster, expectIssue, expectNoIssues, providerNetwork, subnet, vlan, vpc } from './fixtures.js';

function check(spec: SubnetSpec, extra: Partial<SubnetValidationContext> = {}, name = 's1') {
  return validateSubnet(subnet(name, { vpc: 'ovn-cluster', provider: 'ovn', ...spec }), cluster(extra), { ...spec, vpc: 'ovn-cluster' });
}

const underlay = {
  vlans: [vlan('v100', { id: 100, provider: 'net1' }, '2026-01-01T00:00:00Z')],
  providerNetworks: [providerNetwork('net1', {}, { vlans: ['v100'] })],
};

describe('Subnet rules against the cluster', () => {
  it('accepts a subnet that fits the cluster', () => {
    expectNoIssues(check({ cidrBlock: '10.17.0.0/16' }));
  });

  it('rejects a CIDR overlapping another subnet of the same VPC, naming it', () => {
    const found = expectIssue(check({ cidrBlock: '10.16.5.0/24' }), Reason.CIDRConflict, { conflictsWith: 'Subnet/ovn-default' });
    assert.equal(found.message, 'spec.cidrBlock "10.16.5.0/24": overlaps Subnet "ovn-default" (10.16.0.0/16) in VPC ovn-cluster');
  });

  it('allows the same CIDR in another VPC or on another Vlan', () => {
    const custom = validateSubnet(subnet('s1', { vpc: 'vpc1', cidrBlock: '10.16.5.0/24' }), cluster({ vpcs: [vpc('ovn-cluster'), vpc('vpc1')] }));
    assert.equal(custom.filter((i) => i.reason === Reason.CIDRConflict).length, 0);
    assert.equal(check({ cidrBlock: '10.16.5.0/24', vlan: 'v100' }, underlay).filter((i) => i.reason === Reason.CIDRConflict).length, 0);
  });

  it('rejects two externalEgressGateway subnets sharing a policyRoutingTableID', () => {
    const other = subnet('egress1', { cidrBlock: '10.30.0.0/24', vpc: 'ovn-cluster', externalEgressGateway: '10.30.0.254', policyRoutingTableID: 1000 });
    const issues = check({ cidrBlock: '10.31.0.0/24', externalEgressGateway: '10.31.0.254', policyRoutingTableID: 1000 }, { subnets: [other] });
    expectIssue(issues, Reason.PolicyRoutingTableConflict, { conflictsWith: 'Subnet/egress1' });
  });

  it('rejects a new subnet named like an existing VPC', () => {
    const issues = validateSubnet(subnet('vpc1', { cidrBlock: '10.17.0.0/16' }), cluster({ vpcs: [vpc('ovn-cluster'), vpc('vpc1')] }));
    expectIssue(issues, Reason.NameConflictsWithVpc, { conflictsWith: 'Vpc/vpc1' });
  });

  it('rejects a custom-VPC subnet namespace that the VPC does not list', () => {
    const ctx = { vpcs: [vpc('ovn-cluster'), vpc('vpc1', { namespaces: ['ns1'] })] };
    const issues = check({ vpc: 'vpc1', cidrBlock: '10.17.0.0/16', namespaces: ['ns1', 'ns2'] }, ctx);
    expectIssue(issues, Reason.NamespaceNotInVpc, { field: 'spec.namespaces[1]', conflictsWith: 'Vpc/vpc1' });
  });

  it('rejects a default-VPC subnet namespace bound to a custom VPC', () => {
    const ctx = { vpcs: [vpc('ovn-cluster'), vpc('vpc1', { namespaces: ['ns1'] })] };
    expectIssue(check({ cidrBlock: '10.17.0.0/16', namespaces: ['ns1'] }, ctx), Reason.NamespaceClaimedByVpc, { conflictsWith: 'Vpc/vpc1' });
  });

  it('rejects a default-VPC subnet holding the API server service address', () => {
    expectIssue(check({ cidrBlock: '10.96.0.0/24' }, { apiServerServiceIP: '10.96.0.1' }), Reason.ApiServerAddressConflict, { message: /10.96.0.1/ });
  });

  it('rejects a default-VPC overlay subnet holding a node InternalIP, naming the node', () => {
    expectIssue(check({ cidrBlock: '172.18.0.0/16' }), Reason.NodeAddressConflict, {
      conflictsWith: 'Node/node1',
      message: 'spec.cidrBlock "172.18.0.0/16": holds the InternalIP 172.18.0.2 of Node "node1"',
    });
  });

  it('allows an underlay subnet to hold node addresses', () => {
    const issues = check({ cidrBlock: '172.18.0.0/16', vlan: 'v100' }, underlay);
    assert.equal(issues.filter((i) => i.reason === Reason.NodeAddressConflict).length, 0);
  });

  it('rejects a spec.vlan naming no Vlan', () => {
    expectIssue(check({ cidrBlock: '10.17.0.0/16', vlan: 'v200' }), Reason.VlanNotFound, { field: 'spec.vlan', conflictsWith: 'Vlan/v200' });
  });

  it('rejects a spec.vlan whose Vlan id clashes with an older Vlan on the same provider', () => {
    const ctx = { ...underlay, vlans: [...underlay.vlans, vlan('v100b', { id: 100, provider: 'net1' }, '2026-02-01T00:00:00Z')] };
    expectIssue(check({ cidrBlock: '10.17.0.0/16', vlan: 'v100b' }, ctx), Reason.VlanIdConflict, { conflictsWith: 'Vlan/v100' });
  });

  it("rejects a spec.vlan whose Vlan's ProviderNetwork is missing", () => {
    const ctx = { vlans: underlay.vlans, providerNetworks: [] };
    expectIssue(check({ cidrBlock: '10.17.0.0/16', vlan: 'v100' }, ctx), Reason.ProviderNetworkNotFound, { conflictsWith: 'ProviderNetwork/net1' });
  });

  it('reports a Vlan its ProviderNetwork has not set up yet as transient', () => {
    const ctx = { vlans: underlay.vlans, providerNetworks: [providerNetwork('net1', {}, { vlans: [] })] };
    const found = expectIssue(check({ cidrBlock: '10.17.0.0/16', vlan: 'v100' }, ctx), Reason.VlanNotReady);
    assert.ok(transientReasons.has(found.reason));
  });

  it('rejects a spec.vpc naming no Vpc', () => {
    expectIssue(check({ vpc: 'vpc9', cidrBlock: '10.17.0.0/16' }), Reason.VpcNotFound, { field: 'spec.vpc', conflictsWith: 'Vpc/vpc9' });
  });

  it('reports a VPC that is not standby yet as transient', () => {
    const ctx = { vpcs: [vpc('ovn-cluster'), vpc('vpc1', {}, {})] };
    const found = expectIssue(check({ vpc: 'vpc1', cidrBlock: '10.17.0.0/16' }, ctx), Reason.VpcNotReady);
    assert.ok(transientReasons.has(found.reason));
  });

  it('skips VPC and overlap rules for an IPAM-only provider', () => {
    expectNoIssues(validateSubnet(subnet('mv', { provider: 'macvlan.default', cidrBlock: '10.16.5.0/24' }), cluster()));
  });
});
