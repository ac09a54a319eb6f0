import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostRouteCidrs, natOutgoingSets } from '../../../src/engine/agent/overlay-subnets.js';
import { natOutgoingRuleset, natOutgoingRemoval } from '../../../src/engine/agent/nat-ruleset.js';
import { vethNames } from '../../../src/engine/agent/veth-names.js';
import { networkOf } from '../../../src/engine/agent/node-agent.js';
import { joinAllocation } from '../../../src/engine/agent/ovn0-port.js';
import { pickTunnelAddress } from '../../../src/engine/agent/tunnel-address.js';
import { netnsGone, stalePortReason } from '../../../src/engine/agent/port-gc.js';
import { missingAllocation } from '../../../src/engine/agent/pod-allocation.js';
import { validateAgentRequest } from '../../../src/engine/agent/cni-server.js';
import type { Subnet } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import type { KubeObject } from '../../../src/engine/cluster/types.js';

const subnet = (name: string, spec: Subnet['spec'], ready = true): Subnet => ({
  apiVersion: 'kubeovn.io/v1',
  kind: 'Subnet',
  metadata: { name },
  spec,
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: '', message: '', lastUpdateTime: '', lastTransitionTime: '' }] },
});

const subnets = [
  subnet('ovn-default', { cidrBlock: '10.16.0.0/16', natOutgoing: true, vpc: 'ovn-cluster' }),
  subnet('join', { cidrBlock: '100.64.0.0/16', vpc: 'ovn-cluster' }),
  subnet('plain', { cidrBlock: '10.17.0.0/16' }),
  subnet('underlay', { cidrBlock: '10.100.0.0/24', vlan: 'v100', natOutgoing: true }),
  subnet('underlay-lg', { cidrBlock: '10.101.0.0/24', vlan: 'v100', logicalGateway: true, natOutgoing: true }),
  subnet('custom-vpc', { cidrBlock: '192.168.0.0/24', vpc: 'vpc1', natOutgoing: true }),
  subnet('broken', { cidrBlock: '10.18.0.0/16', natOutgoing: true }, false),
];

describe('node state computed from subnets', () => {
  it('routes default-VPC overlay and logicalGateway subnets through ovn0, not underlay, custom VPCs or join', () => {
    assert.deepEqual(hostRouteCidrs(subnets, ['100.64.0.0/16']), ['10.101.0.0/24', '10.16.0.0/16', '10.17.0.0/16']);
  });

  it('masquerades natOutgoing subnets towards anything outside the routed subnets', () => {
    assert.deepEqual(natOutgoingSets(subnets), {
      nat: ['10.101.0.0/24', '10.16.0.0/16'],
      cluster: ['10.101.0.0/24', '10.16.0.0/16', '10.17.0.0/16', '100.64.0.0/16'],
    });
  });

  it('replaces the nft table in one transaction and refuses what is not a CIDR', () => {
    const text = natOutgoingRuleset({ nat: ['10.16.0.0/16'], cluster: ['10.16.0.0/16', 'fd00::/64'] }, 'ovn0');
    assert.match(text, /^table inet kovn\ndelete table inet kovn\ntable inet kovn \{/);
    assert.match(text, /set nat4 \{ type ipv4_addr; flags interval; elements = \{ 10\.16\.0\.0\/16 \} \}/);
    assert.match(text, /set nat6 \{ type ipv6_addr; flags interval; \}/);
    assert.match(text, /set cluster6 \{ type ipv6_addr; flags interval; elements = \{ fd00::\/64 \} \}/);
    assert.match(text, /oifname != "ovn0" ip saddr @nat4 ip daddr != @cluster4 masquerade/);
    assert.throws(() => natOutgoingRuleset({ nat: ['10.0.0.0/8; flush ruleset'], cluster: [] }, 'ovn0'), /not a CIDR/);
    assert.equal(natOutgoingRemoval(), 'table inet kovn\ndelete table inet kovn\n');
  });
});

describe('node agent helpers', () => {
  it('names veths from the pod: stable, at most 15 bytes, prefix kept', () => {
    const a = vethNames('l5', 'default', 'web', 'eth0');
    assert.deepEqual(vethNames('l5', 'default', 'web', 'eth0'), a);
    assert.equal(a.host.length, 15);
    assert.ok(a.host.startsWith('l5') && a.host.endsWith('_h') && a.container.endsWith('_c'));
    assert.notEqual(vethNames('l5', 'default', 'web2', 'eth0').host, a.host);
    assert.ok(vethNames('', 'default', 'web', 'eth0').host.length <= 15);
    assert.throws(() => vethNames('toolongprefix', 'd', 'w', 'eth0'), /hostVethPrefix/);
  });

  it('computes the join network of the ovn0 address', () => {
    assert.equal(networkOf('100.64.0.2/16'), '100.64.0.0/16');
    assert.equal(networkOf('10.1.2.3/0'), '0.0.0.0/0');
    assert.equal(networkOf('10.1.2.3/32'), '10.1.2.3/32');
  });

  it('reads the join allocation from node annotations once the controller wrote them', () => {
    const node = (annotations: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', annotations } });
    assert.equal(joinAllocation(node({}), 'n1'), undefined);
    const join = joinAllocation(
      node({ 'ovn.kubernetes.io/allocated': 'true', 'ovn.kubernetes.io/ip_address': '100.64.0.2', 'ovn.kubernetes.io/mac_address': '0A:58:64:40:00:02', 'ovn.kubernetes.io/cidr': '100.64.0.0/16', 'ovn.kubernetes.io/gateway': '100.64.0.1' }),
      'n1',
    );
    assert.deepEqual(join, { portName: 'node-n1', ips: ['100.64.0.2'], mac: '0a:58:64:40:00:02', addresses: ['100.64.0.2/16'], gateways: ['100.64.0.1'] });
  });

  it('picks a tunnel address that is not /32, link-local or loopback', () => {
    assert.equal(
      pickTunnelAddress([
        { family: 'inet', local: '10.0.0.9', prefixlen: 32, scope: 'global' },
        { family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link' },
        { family: 'inet', local: '172.31.0.1', prefixlen: 24, scope: 'global' },
      ]),
      '172.31.0.1',
    );
    assert.equal(pickTunnelAddress([{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }]), undefined);
  });

  it('calls a port stale when its pod is gone, moved to another node, or its netns vanished', () => {
    const row = { uuid: 'u', name: 'x_h', type: '', externalIds: { pod_name: 'web', pod_namespace: 'default', pod_netns: '/var/run/netns/p' }, ofport: 1, error: undefined };
    const pod = (nodeName: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { nodeName } });
    assert.match(stalePortReason(row, undefined, 'n1', true)!, /no longer exists/);
    assert.match(stalePortReason(row, pod('n2'), 'n1', true)!, /node n2/);
    assert.match(stalePortReason(row, pod('n1'), 'n1', false)!, /network namespace/);
    assert.equal(stalePortReason(row, pod('n1'), 'n1', true), undefined);
  });

  it('calls a netns gone only when its directory is visible (or its /proc pid is gone)', () => {
    const seen = (...paths: string[]) => (p: string) => paths.includes(p);
    assert.equal(netnsGone('/var/run/netns/p1', seen('/var/run/netns')), true);
    assert.equal(netnsGone('/var/run/netns/p1', seen('/var/run/netns', '/var/run/netns/p1')), false);
    assert.equal(netnsGone('/var/run/netns/p1', seen()), false);
    assert.equal(netnsGone('/proc/123/ns/net', seen()), true);
    assert.equal(netnsGone(undefined, seen()), false);
  });

  it('waits for allocated and, on the default interface, routed', () => {
    const pod = (a: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'w', namespace: 'd', annotations: a } });
    assert.match(missingAllocation(undefined, true)!, /does not exist/);
    assert.match(missingAllocation(pod({}), true)!, /allocated/);
    const allocated = { 'ovn.kubernetes.io/allocated': 'true', 'ovn.kubernetes.io/ip_address': '10.16.0.5' };
    assert.match(missingAllocation(pod(allocated), true)!, /routed/);
    assert.equal(missingAllocation(pod(allocated), false), undefined);
  });

  it('checks agent requests field by field', () => {
    const ok = { command: 'ADD', cniVersion: '1.0.0', containerId: 'c', netns: '/var/run/netns/p', ifName: 'eth0', podName: 'w', podNamespace: 'd' };
    assert.equal(validateAgentRequest(ok).command, 'ADD');
    assert.throws(() => validateAgentRequest({ ...ok, command: 'GO' }), /command "GO"/);
    assert.throws(() => validateAgentRequest({ ...ok, podName: 3 }), /podName must be a string/);
    assert.throws(() => validateAgentRequest({ ...ok, netns: 'relative' }), /netns "relative" is not a path/);
    assert.equal(validateAgentRequest({ ...ok, command: 'DEL', netns: '' }).command, 'DEL');
  });
});
