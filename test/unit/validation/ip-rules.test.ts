import { describe, it } from 'node:test';
import { validateIp } from '../../../src/engine/controller/validation/ip-rules.js';
import type { IPSpec } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import { Reason } from '../../../src/engine/controller/validation/reasons.js';
import { expectIssue, expectNoIssues, subnet } from './fixtures.js';

const ctx = { subnets: [subnet('s1', { cidrBlock: '10.0.0.0/24,fd00::/120' }), subnet('s2', { cidrBlock: '10.1.0.0/24' })] };

function check(spec: IPSpec, previous?: IPSpec) {
  return validateIp({ metadata: { name: 'web.default' }, spec: { subnet: 's1', ...spec } }, ctx, previous);
}

describe('IP rules', () => {
  it('accepts a reservation with valid addresses inside its subnet', () => {
    expectNoIssues(check({ v4IpAddress: '10.0.0.5', v6IpAddress: 'fd00::5', macAddress: '02:00:00:00:00:05', podType: 'StatefulSet' }));
  });

  it('rejects an IP without subnet', () => {
    expectIssue(check({ subnet: '' }), Reason.MissingSubnet, { field: 'spec.subnet' });
  });

  it('rejects an IP whose subnet does not exist', () => {
    expectIssue(check({ subnet: 's9' }), Reason.SubnetNotFound, { conflictsWith: 'Subnet/s9' });
  });

  it('rejects an invalid v4IpAddress', () => {
    expectIssue(check({ v4IpAddress: '10.0.0.256' }), Reason.InvalidIPAddress, { field: 'spec.v4IpAddress' });
  });

  it('rejects a v4IpAddress that is an IPv6 address', () => {
    expectIssue(check({ v4IpAddress: 'fd00::5' }), Reason.InvalidIPAddress, { message: /not an IPv4 address/ });
  });

  it('rejects an uppercase v6IpAddress', () => {
    expectIssue(check({ v6IpAddress: 'FD00::5' }), Reason.InvalidIPAddress, { message: /lowercase/ });
  });

  it("rejects an address outside the subnet's CIDR", () => {
    expectIssue(check({ v4IpAddress: '10.9.0.5' }), Reason.AddressOutOfRange, { conflictsWith: 'Subnet/s1', message: /not inside Subnet "s1"/ });
  });

  it('rejects a deprecated ipAddress with two addresses of one family', () => {
    expectIssue(check({ ipAddress: '10.0.0.5,10.0.0.6' }), Reason.InvalidIPAddress, { field: 'spec.ipAddress' });
  });

  it('rejects an invalid macAddress', () => {
    expectIssue(check({ macAddress: '01:00:5e:00:00:01' }), Reason.InvalidMacAddress);
  });

  it('rejects a podType other than StatefulSet or VirtualMachine', () => {
    expectIssue(check({ podType: 'Deployment' as 'StatefulSet' }), Reason.InvalidPodType);
  });

  it('rejects changing subnet, namespace, podName, podType, addresses or MAC once set', () => {
    const previous: IPSpec = { subnet: 's1', namespace: 'default', podName: 'web', v4IpAddress: '10.0.0.5', macAddress: '02:00:00:00:00:05' };
    expectIssue(check({ ...previous, subnet: 's2', v4IpAddress: '10.1.0.5' }, previous), Reason.FieldImmutable, { field: 'spec.subnet' });
    expectIssue(check({ ...previous, podName: 'api' }, previous), Reason.FieldImmutable, { field: 'spec.podName' });
    expectIssue(check({ ...previous, v4IpAddress: '10.0.0.6' }, previous), Reason.FieldImmutable, { field: 'spec.v4IpAddress' });
    expectNoIssues(check({ ...previous, nodeName: 'node2' }, previous));
  });
});
