import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ipam } from '../../../src/engine/ipam/index.js';
import type { Subnet } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import { reconcileU2oAddress } from '../../../src/engine/controller/u2o-address.js';
import { desiredNorthbound } from '../../../src/engine/controller/desired/desired-northbound.js';
import { subnetView } from '../../support/controller-fixtures.js';

function underlaySubnet(spec: Subnet['spec'] = {}, status?: Subnet['status']): Subnet {
  return {
    apiVersion: 'kubeovn.io/v1',
    kind: 'Subnet',
    metadata: { name: 'u1' },
    spec: { cidrBlock: '10.100.0.0/24', gateway: '10.100.0.254', vlan: 'v100', u2oInterconnection: true, ...spec },
    ...(status ? { status } : {}),
  };
}

function ipamWithSubnet(): Ipam {
  const ipam = new Ipam();
  ipam.addOrUpdateSubnet({ name: 'u1', cidrBlock: '10.100.0.0/24', gateway: '10.100.0.254', excludeIps: ['10.100.0.254'] });
  return ipam;
}

describe('U2O interconnect address', () => {
  it('takes the address asked for in spec.u2oInterconnectionIP', () => {
    const r = reconcileU2oAddress(ipamWithSubnet(), underlaySubnet({ u2oInterconnectionIP: '10.100.0.100' }), 'ovn-cluster');
    assert.equal(r.allocation?.ipAddress, '10.100.0.100');
    assert.equal(r.allocation?.key, 'u2o-interconnection.ovn-cluster.u1');
  });

  it('keeps the address in status across re-reconciles (a restarted controller does not move it)', () => {
    const r = reconcileU2oAddress(ipamWithSubnet(), underlaySubnet({}, { u2oInterconnectionIP: '10.100.0.77' }), 'ovn-cluster');
    assert.equal(r.allocation?.ipAddress, '10.100.0.77');
  });

  it('names the field, the address and its holder when the asked-for address is taken', () => {
    const ipam = ipamWithSubnet();
    ipam.allocate({ key: 'web.default', subnet: 'u1', owner: 'pod default/web', ip: '10.100.0.100' });
    const r = reconcileU2oAddress(ipam, underlaySubnet({ u2oInterconnectionIP: '10.100.0.100' }), 'ovn-cluster');
    assert.equal(r.allocation, undefined);
    assert.equal(r.issues[0]?.field, 'spec.u2oInterconnectionIP');
    assert.match(r.issues[0]!.message, /10\.100\.0\.100.*default\/web/);
  });

  it('releases the address when U2O is turned off or logicalGateway takes over', () => {
    const ipam = ipamWithSubnet();
    reconcileU2oAddress(ipam, underlaySubnet(), 'ovn-cluster');
    const off = reconcileU2oAddress(ipam, underlaySubnet({ u2oInterconnection: false }), 'ovn-cluster');
    assert.deepEqual(off.released, ['u2o-interconnection.ovn-cluster.u1']);
    assert.equal(ipam.allocations('u1').length, 0);
  });
});

describe('desiredNorthbound: U2O policies', () => {
  it('allows traffic to the subnet, and sends node-bound and off-VPC traffic from it to the physical gateway', () => {
    const nb = desiredNorthbound({
      vpcs: [{ name: 'ovn-cluster', isDefault: true, staticRoutes: [], policyRoutes: [] }],
      subnets: [
        subnetView('join', '100.64.0.0/16', '100.64.0.1'),
        subnetView('u1', '10.100.0.0/24', '10.100.0.254', { underlay: { vlan: 'v100', vlanId: 100, provider: 'phy' }, u2oInterconnectionIPs: ['10.100.0.2'] }),
      ],
      nodes: [{ name: 'n1', joinIPs: ['100.64.0.2'], internalIPs: ['172.31.0.1'] }],
      pods: [],
      joinSubnet: 'join',
    });
    const u2o = [...nb.policies.values()].filter((p) => p.externalIds.kind === 'u2o').map((p) => `${p.priority} ${p.match} ${p.action} ${p.nexthops.join(',')}`.trim());
    assert.deepEqual(u2o.sort(), [
      '29000 ip4.src == 10.100.0.0/24 reroute 10.100.0.254',
      '29400 ip4.dst == 10.100.0.0/24 allow',
      '31000 ip4.dst == $u1.u2o_exclude_ip.ip4 && ip4.src == 10.100.0.0/24 reroute 10.100.0.254',
    ]);
    assert.deepEqual(nb.addressSets.get('u1.u2o_exclude_ip.ip4')?.addresses, ['172.31.0.1']);
  });
});
