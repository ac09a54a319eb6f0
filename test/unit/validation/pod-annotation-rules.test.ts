import { describe, it } from 'node:test';
import { validatePodNetworkAnnotations } from '../../../src/engine/controller/validation/pod-annotation-rules.js';
import { Reason } from '../../../src/engine/controller/validation/reasons.js';
import { expectIssue, expectNoIssues, subnet } from './fixtures.js';

const ctx = {
  subnets: [subnet('s1', { cidrBlock: '10.0.0.0/24,fd00::/120' }), subnet('v4only', { cidrBlock: '10.1.0.0/24' })],
  ipPools: [{ metadata: { name: 'pool1' }, spec: { subnet: 's1', ips: ['10.0.0.10..10.0.0.20'] } }],
};

function check(annotations: Record<string, string>) {
  return validatePodNetworkAnnotations({ metadata: { name: 'web', namespace: 'default', annotations } }, ctx);
}

describe('Pod network annotation rules', () => {
  it('accepts valid network annotations', () => {
    expectNoIssues(
      check({
        'ovn.kubernetes.io/logical_switch': 's1',
        'ovn.kubernetes.io/ip_address': '10.0.0.5,fd00::5',
        'ovn.kubernetes.io/mac_address': '02:00:00:00:00:05',
        'ovn.kubernetes.io/ingress_rate': '100',
        'ovn.kubernetes.io/routes': '[{"dst":"192.168.0.0/16","gw":"10.0.0.254"}]',
        'ovn.kubernetes.io/port_security': 'true',
        'app.kubernetes.io/name': 'web',
      }),
    );
  });

  it('rejects an invalid ip_address', () => {
    expectIssue(check({ 'ovn.kubernetes.io/ip_address': '10.0.0.300' }), Reason.InvalidIPAddress, { field: 'metadata.annotations[ovn.kubernetes.io/ip_address]' });
  });

  it('rejects an ip_address with two addresses of one family', () => {
    expectIssue(check({ 'ovn.kubernetes.io/ip_address': '10.0.0.5,10.0.0.6' }), Reason.InvalidIPAddress, { message: /two IPv4 addresses/ });
  });

  it('rejects an uppercase ip_address', () => {
    expectIssue(check({ 'ovn.kubernetes.io/ip_address': 'FD00::5' }), Reason.InvalidIPAddress, { message: /lowercase/ });
  });

  it('rejects an ip_address outside the logical_switch subnet', () => {
    expectIssue(check({ 'ovn.kubernetes.io/logical_switch': 's1', 'ovn.kubernetes.io/ip_address': '10.9.0.5' }), Reason.AddressOutOfRange, { conflictsWith: 'Subnet/s1' });
  });

  it('rejects a mac_address that is not a unicast MAC', () => {
    expectIssue(check({ 'ovn.kubernetes.io/mac_address': 'ff:ff:ff:ff:ff:ff' }), Reason.InvalidMacAddress);
    expectIssue(check({ 'ovn.kubernetes.io/mac_address': '02:00:00:00:05' }), Reason.InvalidMacAddress);
  });

  it('rejects an ip_pool naming no IPPool', () => {
    expectIssue(check({ 'ovn.kubernetes.io/ip_pool': 'pool9' }), Reason.IPPoolNotFound, { conflictsWith: 'IPPool/pool9' });
    expectNoIssues(check({ 'ovn.kubernetes.io/ip_pool': 'pool1' }));
  });

  it('rejects an ip_pool IP list with an invalid entry', () => {
    expectIssue(check({ 'ovn.kubernetes.io/ip_pool': '10.0.0.5,10.0.0.x' }), Reason.InvalidIPPoolEntry);
    expectNoIssues(check({ 'ovn.kubernetes.io/ip_pool': '10.0.0.5,fd00::5;10.0.0.6,fd00::6' }));
  });

  it('rejects an ip_pool entry outside the logical_switch subnet, but accepts a dual-stack entry on a single-stack subnet', () => {
    const onV4Only = { 'ovn.kubernetes.io/logical_switch': 'v4only' };
    expectIssue(check({ ...onV4Only, 'ovn.kubernetes.io/ip_pool': '10.1.0.5;10.9.0.5' }), Reason.AddressOutOfRange, { message: /"10.9.0.5": is not inside Subnet "v4only"/ });
    expectNoIssues(check({ ...onV4Only, 'ovn.kubernetes.io/ip_pool': '10.1.0.5,fd00::5;10.1.0.6,fd00::6' }));
  });

  it('rejects an ip_pool IPPool of another subnet than logical_switch', () => {
    expectIssue(check({ 'ovn.kubernetes.io/ip_pool': 'pool1', 'ovn.kubernetes.io/logical_switch': 'v4only' }), Reason.IPPoolSubnetMismatch);
  });

  it('rejects a logical_switch naming no subnet', () => {
    expectIssue(check({ 'ovn.kubernetes.io/logical_switch': 'nope' }), Reason.SubnetNotFound, { conflictsWith: 'Subnet/nope' });
  });

  it('rejects a rate that is not a non-negative integer', () => {
    expectIssue(check({ 'ovn.kubernetes.io/ingress_rate': '-1' }), Reason.InvalidRate);
    expectIssue(check({ 'ovn.kubernetes.io/egress_rate': '1.5' }), Reason.InvalidRate, { field: 'metadata.annotations[ovn.kubernetes.io/egress_rate]' });
  });

  it('rejects an ip_family other than ipv4 or ipv6', () => {
    expectIssue(check({ 'ovn.kubernetes.io/ip_family': 'inet' }), Reason.InvalidIpFamily);
  });

  it('rejects an ip_family that disagrees with ip_address or the subnet', () => {
    expectIssue(check({ 'ovn.kubernetes.io/ip_family': 'ipv6', 'ovn.kubernetes.io/ip_address': '10.0.0.5' }), Reason.IpFamilyMismatch);
    expectIssue(check({ 'ovn.kubernetes.io/ip_family': 'ipv6', 'ovn.kubernetes.io/logical_switch': 'v4only' }), Reason.IpFamilyMismatch, { conflictsWith: 'Subnet/v4only' });
  });

  it('rejects routes that are not a JSON list of {dst, gw} with valid addresses', () => {
    expectIssue(check({ 'ovn.kubernetes.io/routes': 'dst=10.0.0.0/8' }), Reason.InvalidRoutes, { message: /not JSON/ });
    expectIssue(check({ 'ovn.kubernetes.io/routes': '[{"dst":"10.0.0.0/33","gw":"10.0.0.1"}]' }), Reason.InvalidRoutes, { field: 'metadata.annotations[ovn.kubernetes.io/routes][0].dst' });
    expectIssue(check({ 'ovn.kubernetes.io/routes': '[{"dst":"fd01::/64","gw":"10.0.0.1"}]' }), Reason.InvalidRoutes, { message: /is IPv4 but dst/ });
  });

  it('rejects a port_security other than true or false', () => {
    expectIssue(check({ 'ovn.kubernetes.io/port_security': 'yes' }), Reason.InvalidPortSecurity);
  });

  it('checks attachment providers under their own prefix', () => {
    expectIssue(check({ 'net1.default.ovn.kubernetes.io/logical_switch': 'v4only', 'net1.default.ovn.kubernetes.io/ip_address': '10.0.0.5' }), Reason.AddressOutOfRange, {
      field: 'metadata.annotations[net1.default.ovn.kubernetes.io/ip_address]',
      conflictsWith: 'Subnet/v4only',
    });
  });
});
