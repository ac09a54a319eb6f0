import { describe, it } from 'node:test';
import { validateSubnet } from '../../../src/engine/controller/validation/subnet-rules.js';
import type { GatewayType, SubnetProtocol, SubnetSpec } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import { Reason } from '../../../src/engine/controller/validation/reasons.js';
import { cluster, expectIssue, subnet, vpc } from './fixtures.js';

function check(spec: SubnetSpec, name = 's1') {
  return validateSubnet(subnet(name, { vpc: 'ovn-cluster', provider: 'ovn', cidrBlock: '10.0.0.0/24', ...spec }), cluster({ vpcs: [vpc('ovn-cluster'), vpc('s1')] }));
}

describe('Subnet feature rules', () => {
  it('rejects a gatewayType other than distributed or centralized', () => {
    expectIssue(check({ gatewayType: 'active' as GatewayType }), Reason.InvalidGatewayType, { message: 'spec.gatewayType "active": must be distributed or centralized' });
  });

  it('rejects a protocol other than IPv4, IPv6, Dual or Mac', () => {
    expectIssue(check({ protocol: 'IPX' as SubnetProtocol }), Reason.InvalidProtocol);
  });

  it('rejects a subnet named like its own VPC', () => {
    expectIssue(check({ vpc: 's1' }), Reason.SubnetNameEqualsVpc, { conflictsWith: 'Vpc/s1' });
  });

  it('rejects externalEgressGateway together with natOutgoing', () => {
    expectIssue(check({ externalEgressGateway: '10.0.0.254', natOutgoing: true }), Reason.ExternalEgressGatewayConflict);
  });

  it('rejects externalEgressGateway with more than two addresses', () => {
    expectIssue(check({ externalEgressGateway: '10.0.0.252,10.0.0.253,10.0.0.254' }), Reason.InvalidExternalEgressGateway, { message: /more than two/ });
  });

  it('rejects an invalid externalEgressGateway address', () => {
    expectIssue(check({ externalEgressGateway: '10.0.0.999' }), Reason.InvalidExternalEgressGateway, { message: /not a valid IP/ });
  });

  it('rejects an externalEgressGateway of a family the subnet has no CIDR for', () => {
    expectIssue(check({ externalEgressGateway: 'fd00::1' }), Reason.InvalidExternalEgressGateway, { message: /no IPv6 CIDR/ });
  });

  it('rejects a policyRoutingTableID that is reserved or out of range', () => {
    expectIssue(check({ policyRoutingTableID: 254 }), Reason.InvalidPolicyRouting, { field: 'spec.policyRoutingTableID' });
    expectIssue(check({ policyRoutingPriority: 40000 }), Reason.InvalidPolicyRouting, { field: 'spec.policyRoutingPriority' });
  });

  it('rejects logicalGateway and u2oInterconnection together', () => {
    expectIssue(check({ vlan: 'v1', logicalGateway: true, u2oInterconnection: true }), Reason.U2OConflictsWithLogicalGateway);
  });

  it('rejects u2oFeatures.overlayOnlyRouting on an overlay subnet', () => {
    expectIssue(check({ u2oFeatures: { overlayOnlyRouting: true } }), Reason.InvalidU2OFeatures, { message: /spec.vlan/ });
  });

  it('rejects u2oFeatures.overlayOnlyRouting without u2oInterconnection', () => {
    expectIssue(check({ vlan: 'v1', u2oFeatures: { overlayOnlyRouting: true } }), Reason.InvalidU2OFeatures, { message: /u2oInterconnection=true/ });
  });

  it('rejects a natOutgoingPolicyRule without srcIPs and dstIPs', () => {
    expectIssue(check({ natOutgoingPolicyRules: [{ match: {}, action: 'nat' }] }), Reason.InvalidNatOutgoingPolicyRule, { field: 'spec.natOutgoingPolicyRules[0].match' });
  });

  it('rejects a natOutgoingPolicyRule address that is not an IP or CIDR', () => {
    expectIssue(check({ natOutgoingPolicyRules: [{ match: { srcIPs: '10.0.0.0/24,bad' }, action: 'nat' }] }), Reason.InvalidNatOutgoingPolicyRule, {
      field: 'spec.natOutgoingPolicyRules[0].match.srcIPs',
    });
  });

  it('rejects a natOutgoingPolicyRule mixing families in one list', () => {
    expectIssue(check({ natOutgoingPolicyRules: [{ match: { dstIPs: '10.0.0.0/24,fd00::/64' }, action: 'forward' }] }), Reason.InvalidNatOutgoingPolicyRule, { message: /mixes/ });
  });

  it('rejects a natOutgoingPolicyRule whose srcIPs and dstIPs differ in family', () => {
    expectIssue(check({ natOutgoingPolicyRules: [{ match: { srcIPs: '10.0.0.0/24', dstIPs: 'fd00::/64' }, action: 'nat' }] }), Reason.InvalidNatOutgoingPolicyRule, {
      message: /is IPv6 but srcIPs is IPv4/,
    });
  });

  it('rejects a natOutgoingPolicyRule action other than nat or forward', () => {
    expectIssue(check({ natOutgoingPolicyRules: [{ match: { srcIPs: '10.0.0.5' }, action: 'drop' as 'nat' }] }), Reason.InvalidNatOutgoingPolicyRule, {
      field: 'spec.natOutgoingPolicyRules[0].action',
    });
  });
});
