import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IP, IPPool, ProviderNetwork, Subnet, Vlan, Vpc } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import {
  Reason,
  formatSubnet,
  onlyTransient,
  validateIp,
  validateIpPool,
  validateProviderNetwork,
  validateSubnet,
  validateVlan,
  validateVpc,
} from '../../../src/engine/controller/validation/index.js';
import { cluster, defaults, expectNoIssues } from './fixtures.js';

const meta = (name: string) => ({ name, uid: `uid-${name}`, resourceVersion: '1' });

describe('validation with the kubeovn.io object types', () => {
  it('accepts the cluster API objects as they are (types are structurally compatible)', () => {
    const subnet: Subnet = { apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: meta('s1'), spec: { cidrBlock: '10.17.0.5/16' } };
    const vpc: Vpc = { apiVersion: 'kubeovn.io/v1', kind: 'Vpc', metadata: meta('vpc1'), spec: {}, status: { standby: true } };
    const vlan: Vlan = { apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: meta('v1'), spec: { id: 10, provider: 'net1' } };
    const pn: ProviderNetwork = { apiVersion: 'kubeovn.io/v1', kind: 'ProviderNetwork', metadata: meta('net1'), spec: { defaultInterface: 'eth1' } };
    const ip: IP = { apiVersion: 'kubeovn.io/v1', kind: 'IP', metadata: meta('web.default'), spec: { subnet: 's1', v4IpAddress: '10.17.0.9' } };
    const pool: IPPool = { apiVersion: 'kubeovn.io/v1', kind: 'IPPool', metadata: meta('p1'), spec: { subnet: 's1', ips: ['10.17.1.0/24'] } };

    const formatted: Subnet = { ...subnet, spec: formatSubnet(subnet, defaults).spec };
    assert.equal(formatted.spec.cidrBlock, '10.17.0.0/16');
    expectNoIssues(validateSubnet(formatted, cluster()));
    expectNoIssues(validateVpc(vpc, { subnets: [formatted], defaultVpc: defaults.defaultVpc }));
    expectNoIssues(validateVlan(vlan, { vlans: [vlan], providerNetworks: [pn] }));
    expectNoIssues(validateProviderNetwork(pn));
    expectNoIssues(validateIp(ip, { subnets: [formatted] }));
    expectNoIssues(validateIpPool(pool, { subnets: [formatted], ipPools: [pool] }));
  });

  it('tells transient issues (wait and retry) from ones the user must fix', () => {
    const issues = validateSubnet(
      { metadata: { name: 's1' }, spec: { vpc: 'vpc1', cidrBlock: '10.17.0.0/16' } },
      cluster({ vpcs: [{ metadata: { name: 'vpc1' }, spec: {} }] }),
    );
    assert.deepEqual(issues.map((i) => i.reason), [Reason.VpcNotReady]);
    assert.equal(onlyTransient(issues), true);
    assert.equal(onlyTransient([]), false);
  });
});
