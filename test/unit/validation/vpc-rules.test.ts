import { describe, it } from 'node:test';
import { validateVpc, validateVpcDeletion } from '../../../src/engine/controller/validation/vpc-rules.js';
import type { VpcSpec } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import { Reason } from '../../../src/engine/controller/validation/reasons.js';
import { defaults, expectIssue, expectNoIssues, subnet, vpc } from './fixtures.js';

const ctx = { subnets: [subnet('ovn-default', { cidrBlock: '10.16.0.0/16' }), subnet('ext1', { cidrBlock: '172.20.0.0/24', vlan: 'v1' })], defaultVpc: 'ovn-cluster' };

function check(spec: VpcSpec, name = 'vpc1') {
  return validateVpc(vpc(name, spec), ctx, {});
}

describe('Vpc rules', () => {
  it('accepts well-formed routes and peerings', () => {
    expectNoIssues(
      check({
        staticRoutes: [{ policy: 'policyDst', cidr: '0.0.0.0/0', nextHopIP: '10.0.1.254' }, { cidr: '10.9.0.5', nextHopIP: '10.0.1.1' }],
        policyRoutes: [{ priority: 100, match: 'ip4.src == 10.0.1.0/24', action: 'reroute', nextHopIP: '10.0.1.253,10.0.1.254' }],
        vpcPeerings: [{ remoteVpc: 'vpc2', localConnectIP: '169.254.0.1/30' }],
      }),
    );
  });

  it('rejects a static route policy other than policySrc or policyDst', () => {
    expectIssue(check({ staticRoutes: [{ policy: 'policyAny' as 'policySrc', cidr: '0.0.0.0/0', nextHopIP: '10.0.1.254' }] }), Reason.InvalidStaticRoutePolicy, {
      field: 'spec.staticRoutes[0].policy',
    });
  });

  it('rejects a static route cidr that is neither a CIDR nor an IP', () => {
    expectIssue(check({ staticRoutes: [{ cidr: '10.0.0.0/33', nextHopIP: '10.0.1.254' }] }), Reason.InvalidStaticRouteCidr, { field: 'spec.staticRoutes[0].cidr' });
  });

  it('rejects a static route nextHopIP that is not an IP', () => {
    expectIssue(check({ staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIP: 'gateway' }] }), Reason.InvalidNextHop, { field: 'spec.staticRoutes[0].nextHopIP' });
  });

  it('rejects a static route whose next hop is of another family than its cidr', () => {
    expectIssue(check({ staticRoutes: [{ cidr: '::/0', nextHopIP: '10.0.1.254' }] }), Reason.NextHopFamilyMismatch);
  });

  it('rejects a policy route priority outside 0..32767', () => {
    expectIssue(check({ policyRoutes: [{ priority: 40000, match: 'ip4', action: 'allow' }] }), Reason.InvalidPolicyRoutePriority, { field: 'spec.policyRoutes[0].priority' });
  });

  it('rejects a policy route action other than allow, drop or reroute', () => {
    expectIssue(check({ policyRoutes: [{ priority: 10, match: 'ip4', action: 'accept' as 'allow' }] }), Reason.InvalidPolicyRouteAction);
  });

  it('rejects a policy route without a match', () => {
    expectIssue(check({ policyRoutes: [{ priority: 10, action: 'drop' }] }), Reason.MissingPolicyRouteMatch);
  });

  it('rejects a reroute policy whose next hops are not all IPs', () => {
    expectIssue(check({ policyRoutes: [{ priority: 10, match: 'ip4', action: 'reroute', nextHopIP: '10.0.1.1,nope' }] }), Reason.InvalidNextHop, {
      message: 'spec.policyRoutes[0].nextHopIP "nope": is not a valid IP address',
    });
  });

  it('rejects a reroute policy without next hop', () => {
    expectIssue(check({ policyRoutes: [{ priority: 10, match: 'ip4', action: 'reroute' }] }), Reason.InvalidNextHop, { message: /required for action reroute/ });
  });

  it('rejects a peering localConnectIP that is not in CIDR form', () => {
    expectIssue(check({ vpcPeerings: [{ remoteVpc: 'vpc2', localConnectIP: '169.254.0.1' }] }), Reason.InvalidLocalConnectIP, { field: 'spec.vpcPeerings[0].localConnectIP' });
  });

  it('rejects a peering without remoteVpc', () => {
    expectIssue(check({ vpcPeerings: [{ localConnectIP: '169.254.0.1/30' }] }), Reason.MissingRemoteVpc);
  });

  it('rejects an enabled BFD port without a valid ip', () => {
    expectIssue(check({ bfdPort: { enabled: true, ip: '10.255.255.300' } }), Reason.InvalidBfdPortIP);
  });

  it('rejects a new VPC named like an existing subnet', () => {
    expectIssue(validateVpc(vpc('ovn-default'), ctx), Reason.NameConflictsWithSubnet, { conflictsWith: 'Subnet/ovn-default' });
  });

  it('rejects enableExternal when neither the external subnet nor extraExternalSubnets exist', () => {
    expectIssue(check({ enableExternal: true }), Reason.ExternalSubnetNotFound, { field: 'spec.enableExternal', conflictsWith: 'Subnet/external' });
    expectNoIssues(check({ enableExternal: true, extraExternalSubnets: ['ext1'] }));
  });

  it('rejects an extraExternalSubnets entry naming no subnet', () => {
    expectIssue(check({ extraExternalSubnets: ['ext9'] }), Reason.ExternalSubnetNotFound, { conflictsWith: 'Subnet/ext9' });
  });

  it('rejects deleting a VPC that subnets still use, naming them', () => {
    const subnets = [subnet('a', { vpc: 'vpc1', cidrBlock: '10.1.0.0/24' }), subnet('b', { vpc: 'vpc2', cidrBlock: '10.2.0.0/24' })];
    expectIssue(validateVpcDeletion(vpc('vpc1'), { ...defaults, subnets }), Reason.VpcHasSubnets, { conflictsWith: 'Subnet/a', message: /Subnet\(s\) a;/ });
    expectNoIssues(validateVpcDeletion(vpc('vpc3'), { ...defaults, subnets }));
  });

  it('rejects deleting a VPC that OVN NAT rules still use', () => {
    const natRules = [{ kind: 'OvnFip', name: 'fip1', vpc: 'vpc1' }];
    expectIssue(validateVpcDeletion(vpc('vpc1'), { ...defaults, subnets: [], natRules }), Reason.VpcReferencedByNat, { conflictsWith: 'OvnFip/fip1' });
  });
});
