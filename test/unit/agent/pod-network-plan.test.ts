import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildPodNetworkPlan, podMtu, resultFor } from '../../../src/engine/agent/pod-network-plan.js';
import { podInterfaceBatch } from '../../../src/engine/agent/pod-interface.js';
import type { Subnet } from '../../../src/engine/cluster/kinds/kubeovn-types.js';

const allocated = {
  'ovn.kubernetes.io/allocated': 'true',
  'ovn.kubernetes.io/routed': 'true',
  'ovn.kubernetes.io/ip_address': '10.16.0.5',
  'ovn.kubernetes.io/mac_address': '0A:58:0A:10:00:05',
  'ovn.kubernetes.io/cidr': '10.16.0.0/16',
  'ovn.kubernetes.io/gateway': '10.16.0.1',
  'ovn.kubernetes.io/logical_switch': 'ovn-default',
};
const subnet = (spec: Subnet['spec']): Subnet => ({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 's' }, spec });
const base = { podKey: 'default/web', annotations: allocated, subnet: undefined, nodeLabels: {}, defaultMtu: 1400, defaultRoute: true };

describe('pod network plan from the controller annotations', () => {
  it('gives the address its CIDR prefix, a default route via the gateway and a gateway check', () => {
    const plan = buildPodNetworkPlan(base);
    assert.deepEqual(plan.addresses, ['10.16.0.5/16']);
    assert.deepEqual(plan.routes, [{ dst: '0.0.0.0/0', gw: '10.16.0.1' }]);
    assert.equal(plan.mac, '0a:58:0a:10:00:05');
    assert.equal(plan.mtu, 1400);
    assert.equal(plan.gatewayCheck, true);
  });

  it('handles dual stack, one address and default route per family', () => {
    const plan = buildPodNetworkPlan({
      ...base,
      annotations: { ...allocated, 'ovn.kubernetes.io/ip_address': '10.16.0.5,fd00::5', 'ovn.kubernetes.io/cidr': '10.16.0.0/16,fd00::/64', 'ovn.kubernetes.io/gateway': '10.16.0.1,fd00::1' },
    });
    assert.deepEqual(plan.addresses, ['10.16.0.5/16', 'fd00::5/64']);
    assert.deepEqual(plan.routes.map((r) => r.dst), ['0.0.0.0/0', '::/0']);
  });

  it('adds the routes annotation and lets it override the default route', () => {
    const plan = buildPodNetworkPlan({ ...base, annotations: { ...allocated, 'ovn.kubernetes.io/routes': '[{"dst":"192.168.0.0/24","gw":"10.16.0.254"},{"gw":"10.16.0.253"}]' } });
    assert.deepEqual(plan.routes, [{ dst: '0.0.0.0/0', gw: '10.16.0.253' }, { dst: '192.168.0.0/24', gw: '10.16.0.254' }]);
  });

  it('names the pod and annotation when the routes annotation is not JSON', () => {
    assert.throws(() => buildPodNetworkPlan({ ...base, annotations: { ...allocated, 'ovn.kubernetes.io/routes': 'nope' } }), /pod default\/web: annotation ovn\.kubernetes\.io\/routes is not JSON/);
  });

  it('skips the gateway check when the subnet disables it, or for a non-default interface', () => {
    assert.equal(buildPodNetworkPlan({ ...base, subnet: subnet({ disableGatewayCheck: true }) }).gatewayCheck, false);
    const net1 = buildPodNetworkPlan({ ...base, defaultRoute: false });
    assert.equal(net1.gatewayCheck, false);
    assert.deepEqual(net1.routes, []);
  });

  it('takes the MTU from the subnet, else the provider network for underlay, else the default', () => {
    const labels = { 'pn1.provider-network.kubernetes.io/mtu': '1500' };
    assert.equal(podMtu(subnet({ mtu: 1300 }), 'pn1', labels, 1400), 1300);
    assert.equal(podMtu(subnet({ vlan: 'v1' }), 'pn1', labels, 1400), 1500);
    assert.equal(podMtu(subnet({ vlan: 'v1', logicalGateway: true }), 'pn1', labels, 1400), 1400);
    assert.equal(podMtu(subnet({}), undefined, labels, 1400), 1400);
  });

  it('rejects a bad MAC with the pod and annotation named', () => {
    assert.throws(() => buildPodNetworkPlan({ ...base, annotations: { ...allocated, 'ovn.kubernetes.io/mac_address': 'zz' } }), /pod default\/web: annotation ovn\.kubernetes\.io\/mac_address "zz"/);
  });

  it('builds the CNI result with the pod interface at index 1 and the ip -batch input', () => {
    const plan = buildPodNetworkPlan(base);
    const result = resultFor(plan, { name: 'abc_h', mac: '02:00:00:00:00:01' }, 'eth0', '/var/run/netns/p');
    assert.deepEqual(result.ips, [{ address: '10.16.0.5/16', interface: 1, gateway: '10.16.0.1' }]);
    assert.equal(result.interfaces[1]!.sandbox, '/var/run/netns/p');
    assert.equal(
      podInterfaceBatch('abc_c', 'eth0', plan),
      'link set dev abc_c name eth0\nlink set dev eth0 address 0a:58:0a:10:00:05 mtu 1400\nlink set dev lo up\naddr replace 10.16.0.5/16 dev eth0\nlink set dev eth0 up\nroute replace 0.0.0.0/0 via 10.16.0.1 dev eth0\n',
    );
  });
});
