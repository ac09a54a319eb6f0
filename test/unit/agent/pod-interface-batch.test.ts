import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayPingWaitSeconds, podInterfaceBatch, vethBatch, vethBatchInNodeNetns, type VethSpec } from '../../../src/engine/agent/pod-interface.js';
import type { PodNetworkPlan } from '../../../src/engine/agent/pod-network-plan.js';

const plan = (addresses: string[]): PodNetworkPlan => ({
  subnet: 'ovn-default',
  mac: '0a:58:0a:10:00:05',
  addresses,
  gateways: addresses.map((a) => (a.includes(':') ? 'fd00::1' : '10.16.0.1')),
  routes: [{ dst: '0.0.0.0/0', gw: '10.16.0.1' }],
  mtu: 1400,
  gatewayCheck: true,
  ipList: addresses.map((a) => a.split('/')[0]).join(','),
});
const spec: VethSpec = { names: { host: 'abc_h', container: 'abc_c' }, podNetnsPath: '/var/run/netns/p', mtu: 1400, hostMac: '02:00:00:00:00:01', quietIpv6: true };

describe('pod interface ip -batch input', () => {
  it('gives an IPv4-only pod interface no IPv6 link-local, so it sends no router solicitations, DAD or MLD', () => {
    const lines = podInterfaceBatch('abc_c', 'eth0', plan(['10.16.0.5/16']), true).split('\n');
    assert.ok(lines.includes('link set dev eth0 addrgenmode none'));
    assert.ok(lines.indexOf('link set dev eth0 addrgenmode none') < lines.indexOf('link set dev eth0 up'), 'before the link comes up');
  });

  it('leaves IPv6 alone on a pod interface that gets an IPv6 address, and when the kernel has no IPv6', () => {
    assert.doesNotMatch(podInterfaceBatch('abc_c', 'eth0', plan(['10.16.0.5/16', 'fd00::5/64']), true), /addrgenmode/);
    assert.doesNotMatch(podInterfaceBatch('abc_c', 'eth0', plan(['10.16.0.5/16']), false), /addrgenmode/);
  });

  it('creates the pair straight into the pod when the node has no named namespace', () => {
    assert.equal(
      vethBatch(spec),
      'link add abc_h address 02:00:00:00:00:01 mtu 1400 type veth peer name abc_c mtu 1400 netns /var/run/netns/p\n' +
        'link set dev abc_h addrgenmode none\n' +
        'link set dev abc_h up\n',
    );
  });

  it('does the whole veth job in one ip process in a named node namespace: tx off on both ends, then the move', () => {
    assert.equal(
      vethBatchInNodeNetns(spec, 'kovn-x-n1'),
      'link add abc_h address 02:00:00:00:00:01 mtu 1400 type veth peer name abc_c mtu 1400\n' +
        'link set dev abc_h addrgenmode none\n' +
        'netns exec kovn-x-n1 ethtool -K abc_h tx off\n' +
        'netns exec kovn-x-n1 ethtool -K abc_c tx off\n' +
        'link set dev abc_c netns /var/run/netns/p\n' +
        'link set dev abc_h up\n',
    );
  });

  it('waits a quarter second for the first gateway ping, then longer, at most a second', () => {
    assert.deepEqual([0, 1, 2, 3, 29].map(gatewayPingWaitSeconds), [0.25, 0.5, 1, 1, 1]);
  });
});
