import { describe, it } from 'node:test';
import { validateSubnet } from '../../../src/engine/controller/validation/subnet-rules.js';
import type { SubnetSpec } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import { Reason } from '../../../src/engine/controller/validation/reasons.js';
import { cluster, expectIssue, expectNoIssues, subnet } from './fixtures.js';

function check(spec: SubnetSpec) {
  return validateSubnet(subnet('s1', { vpc: 'ovn-cluster', provider: 'ovn', ...spec }), cluster());
}

describe('Subnet addressing rules', () => {
  it('accepts a well-formed dual-stack subnet', () => {
    expectNoIssues(check({ cidrBlock: '10.0.0.0/24,fd00::/120', gateway: '10.0.0.1,fd00::1', excludeIps: ['10.0.0.1', 'fd00::1'] }));
  });

  it('rejects an overlay subnet without a CIDR', () => {
    expectIssue(check({}), Reason.MissingCIDR, { field: 'spec.cidrBlock' });
  });

  it('rejects an unparsable CIDR', () => {
    expectIssue(check({ cidrBlock: '10.0.0.300/24' }), Reason.InvalidCIDR, { message: 'spec.cidrBlock "10.0.0.300/24": is not a valid CIDR' });
  });

  it('rejects a CIDR block with a trailing comma', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24,' }), Reason.InvalidCIDR, { message: /empty entry/ });
  });

  it('rejects an uppercase IPv6 CIDR', () => {
    expectIssue(check({ cidrBlock: 'FD00::/120' }), Reason.InvalidCIDR, { message: /lowercase/ });
  });

  it('rejects a host mask CIDR (/32, /128)', () => {
    expectIssue(check({ cidrBlock: '10.0.0.1/32' }), Reason.InvalidCIDR, { message: /host mask/ });
    expectIssue(check({ cidrBlock: 'fd00::1/128' }), Reason.InvalidCIDR, { message: /host mask/ });
  });

  it('rejects two CIDRs of one family', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24,10.1.0.0/24' }), Reason.InvalidCIDR, { message: /two CIDRs of one family/ });
  });

  it('rejects a CIDR overlapping reserved address space (multicast, loopback, link-local, zero, broadcast)', () => {
    for (const cidrBlock of ['224.1.0.0/16', '127.0.0.0/16', '169.254.1.0/24', '0.0.0.0/8', '255.255.255.0/24', 'ff02::/16', 'fe80::/64', '::/64']) {
      expectIssue(check({ cidrBlock }), Reason.ReservedCIDR, { field: 'spec.cidrBlock' });
    }
  });

  it('rejects an uppercase IPv6 gateway', () => {
    expectIssue(check({ cidrBlock: 'fd00::/120', gateway: 'FD00::1' }), Reason.InvalidGateway, { message: 'spec.gateway "FD00::1": must be lowercase' });
  });

  it('rejects a gateway with two addresses of one family', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', gateway: '10.0.0.1,10.0.0.2' }), Reason.InvalidGateway, { message: /two addresses of one family/ });
  });

  it('rejects a gateway outside the CIDR', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', gateway: '10.0.1.1' }), Reason.GatewayOutOfRange, {
      message: 'spec.gateway "10.0.1.1": is not inside spec.cidrBlock 10.0.0.0/24',
    });
  });

  it('rejects a gateway of a family the subnet has no CIDR for', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', gateway: 'fd00::1' }), Reason.GatewayOutOfRange);
  });

  it('rejects a gateway equal to the network address', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', gateway: '10.0.0.0' }), Reason.GatewayNotUsable, { message: /network address of 10.0.0.0\/24/ });
  });

  it('rejects a gateway equal to the IPv4 broadcast address', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', gateway: '10.0.0.255' }), Reason.GatewayNotUsable, { message: /broadcast address/ });
  });

  it('rejects an excludeIps entry that is not an IP or range', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', excludeIps: ['10.0.0.1', 'ten'] }), Reason.InvalidExcludeIps, { field: 'spec.excludeIps[1]' });
  });

  it('rejects an excludeIps range with more than two parts', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', excludeIps: ['10.0.0.1..10.0.0.2..10.0.0.3'] }), Reason.InvalidExcludeIps, { message: /more than two parts/ });
  });

  it('rejects an excludeIps range whose start is after its end', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', excludeIps: ['10.0.0.9..10.0.0.2'] }), Reason.InvalidExcludeIps, { message: /start after end/ });
  });

  it('rejects an uppercase excludeIps entry', () => {
    expectIssue(check({ cidrBlock: 'fd00::/120', excludeIps: ['FD00::5'] }), Reason.InvalidExcludeIps, { message: /lowercase/ });
  });

  it('rejects an excludeIps entry outside the CIDR', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', excludeIps: ['10.0.1.5'] }), Reason.ExcludeIpOutOfRange, {
      message: 'spec.excludeIps[0] "10.0.1.5": is outside spec.cidrBlock 10.0.0.0/24',
    });
  });

  it('rejects an allowSubnets entry that is not a CIDR', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', allowSubnets: ['10.1.0.0/16', '10.2.0.1'] }), Reason.InvalidAllowSubnets, { field: 'spec.allowSubnets[1]' });
  });

  it('rejects an uppercase allowSubnets entry', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', allowSubnets: ['FD00::/64'] }), Reason.InvalidAllowSubnets, { message: /lowercase/ });
  });

  it('rejects an MTU below the IPv6 minimum on a subnet with an IPv6 CIDR', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24,fd00::/120', mtu: 1200 }), Reason.InvalidMTU, { message: /1280/ });
  });

  it('rejects an MTU outside 68..65535', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', mtu: 40 }), Reason.InvalidMTU);
  });

  it('rejects a VIP outside the CIDR', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', vips: ['10.0.0.10', '10.9.0.10'] }), Reason.InvalidVip, { message: /"10.9.0.10": is not inside/ });
  });

  it('rejects an uppercase VIP', () => {
    expectIssue(check({ cidrBlock: 'fd00::/120', vips: ['FD00::10'] }), Reason.InvalidVip, { message: /lowercase/ });
  });

  it('rejects VIPs on a MAC-only subnet', () => {
    expectIssue(check({ vlan: 'v1', vips: ['10.0.0.10'] }), Reason.InvalidVip);
  });

  it('rejects a u2oInterconnectionIP outside the CIDR', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', vlan: 'v1', u2oInterconnection: true, u2oInterconnectionIP: '10.1.0.9' }), Reason.InvalidU2OInterconnectionIP, { message: /not inside/ });
  });

  it('rejects a u2oInterconnectionIP equal to the gateway', () => {
    expectIssue(check({ cidrBlock: '10.0.0.0/24', vlan: 'v1', u2oInterconnection: true, u2oInterconnectionIP: '10.0.0.1' }), Reason.InvalidU2OInterconnectionIP, { message: /gateway/ });
  });

  it('rejects an uppercase u2oInterconnectionIP', () => {
    expectIssue(check({ cidrBlock: 'fd00::/120', vlan: 'v1', u2oInterconnection: true, u2oInterconnectionIP: 'FD00::9' }), Reason.InvalidU2OInterconnectionIP, { message: /lowercase/ });
  });

  it('rejects a u2oInterconnectionIP on a MAC-only subnet', () => {
    expectIssue(check({ vlan: 'v1', u2oInterconnection: true, u2oInterconnectionIP: '10.0.0.9' }), Reason.InvalidU2OInterconnectionIP);
  });

  it('rejects a gateway on a MAC-only subnet', () => {
    expectIssue(check({ vlan: 'v1', gateway: '10.0.0.1' }), Reason.MacOnlyAddressing, { field: 'spec.gateway' });
  });

  it('rejects excludeIps on a MAC-only subnet', () => {
    expectIssue(check({ vlan: 'v1', excludeIps: ['10.0.0.1'] }), Reason.MacOnlyAddressing, { field: 'spec.excludeIps' });
  });
});
