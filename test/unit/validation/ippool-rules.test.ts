import { describe, it } from 'node:test';
import { validateIpPool } from '../../../src/engine/controller/validation/ippool-rules.js';
import type { IpPoolInput } from '../../../src/engine/controller/validation/inputs.js';
import { Reason } from '../../../src/engine/controller/validation/reasons.js';
import { expectIssue, expectNoIssues, subnet } from './fixtures.js';

const subnets = [subnet('s1', { cidrBlock: '10.0.0.0/24,fd00::/120' }), subnet('s2', { cidrBlock: '10.1.0.0/24' })];

function pool(name: string, ips: string[], subnetName = 's1', creationTimestamp?: string): IpPoolInput {
  return { metadata: { name, ...(creationTimestamp ? { creationTimestamp } : {}) }, spec: { subnet: subnetName, ips } };
}

describe('IPPool rules', () => {
  it('accepts IPs, ranges and CIDRs inside the subnet', () => {
    expectNoIssues(validateIpPool(pool('p1', ['10.0.0.5', '10.0.0.10..10.0.0.20', '10.0.0.64/28', 'fd00::10']), { subnets, ipPools: [] }));
  });

  it('rejects a pool without subnet', () => {
    expectIssue(validateIpPool(pool('p1', ['10.0.0.5'], ''), { subnets, ipPools: [] }), Reason.MissingSubnet);
  });

  it('rejects a pool whose subnet does not exist', () => {
    expectIssue(validateIpPool(pool('p1', ['10.0.0.5'], 's9'), { subnets, ipPools: [] }), Reason.SubnetNotFound, { conflictsWith: 'Subnet/s9' });
  });

  it('rejects a pool without ips', () => {
    expectIssue(validateIpPool(pool('p1', []), { subnets, ipPools: [] }), Reason.MissingIps);
  });

  it('rejects an entry that is not an IP, range or CIDR', () => {
    expectIssue(validateIpPool(pool('p1', ['10.0.0.5', '10.0.0.x']), { subnets, ipPools: [] }), Reason.InvalidIPPoolEntry, { field: 'spec.ips[1]' });
  });

  it('rejects an entry outside the subnet', () => {
    expectIssue(validateIpPool(pool('p1', ['10.0.0.250..10.0.1.5']), { subnets, ipPools: [] }), Reason.AddressOutOfRange, { conflictsWith: 'Subnet/s1' });
  });

  it('rejects a pool sharing addresses with an older pool of the same subnet, naming it', () => {
    const older = pool('p-old', ['10.0.0.10..10.0.0.20'], 's1', '2026-01-01T00:00:00Z');
    const newer = pool('p-new', ['10.0.0.15..10.0.0.30'], 's1', '2026-02-01T00:00:00Z');
    expectIssue(validateIpPool(newer, { subnets, ipPools: [older, newer] }), Reason.IPPoolConflict, {
      conflictsWith: 'IPPool/p-old',
      message: /shares 10.0.0.15-10.0.0.20 with IPPool "p-old"/,
    });
    expectNoIssues(validateIpPool(older, { subnets, ipPools: [older, newer] }));
  });

  it('rejects changing the subnet of a pool', () => {
    expectIssue(validateIpPool(pool('p1', ['10.1.0.5'], 's2'), { subnets, ipPools: [] }, { subnet: 's1', ips: ['10.0.0.5'] }), Reason.FieldImmutable, {
      field: 'spec.subnet',
    });
  });
});
