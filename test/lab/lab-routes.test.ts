import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../support/ovn.js';
import { pingsWithin, podYaml, providerNetworkYaml, startTestLab, type TestLab } from './lab-harness.js';

// Needs root. One 2-node lab: a custom VPC's static and policy routes steer real packets (a pod plays the next
// hop, holding the routed addresses on its loopback), and an underlay subnet whose gateway is the OVN router.
describe('custom VPC routes and a logical-gateway underlay, with real packets', { timeout: 300_000 }, () => {
  let lab: TestLab;
  const ip: Record<string, string> = {};
  const netns = (pod: string) => lab.names.podNetns('default', pod);
  const patchVpc = (spec: Record<string, unknown>) => lab.kubectl(['patch', 'vpc', 'blue', '--type=merge', '-p', JSON.stringify({ spec })]);
  const canPing = (from: string, to: string) => pingsWithin(netns(from), to, 15);

  before(async () => {
    assert.equal(process.getuid?.(), 0, 'the lab tests need root');
    lab = await startTestLab({ nodes: 2 });
    await lab.apply(`apiVersion: kubeovn.io/v1
kind: Vpc
metadata: {name: blue}
spec: {}
---
apiVersion: kubeovn.io/v1
kind: Subnet
metadata: {name: blue-a}
spec: {vpc: blue, cidrBlock: 192.168.10.0/24, protocol: IPv4}
---
apiVersion: kubeovn.io/v1
kind: Subnet
metadata: {name: blue-b}
spec: {vpc: blue, cidrBlock: 192.168.20.0/24, protocol: IPv4}
---
${providerNetworkYaml('phy', 'eth1', [{ name: 'v100', id: 100 }])}---
apiVersion: kubeovn.io/v1
kind: Subnet
metadata: {name: lgw}
spec: {cidrBlock: 10.100.0.0/24, gateway: 10.100.0.1, excludeIps: [10.100.0.254], vlan: v100, logicalGateway: true, natOutgoing: true, protocol: IPv4}
---
${podYaml('pa', { node: 'node1', annotations: { 'ovn.kubernetes.io/logical_switch': 'blue-a' } })}---
${podYaml('pb', { node: 'node2', annotations: { 'ovn.kubernetes.io/logical_switch': 'blue-b' } })}---
${podYaml('u1', { node: 'node1', annotations: { 'ovn.kubernetes.io/logical_switch': 'lgw' } })}---
${podYaml('u2', { node: 'node2', annotations: { 'ovn.kubernetes.io/logical_switch': 'lgw' } })}---
${podYaml('o1', { node: 'node2' })}`);
    for (const pod of ['pa', 'pb', 'u1', 'u2', 'o1']) ip[pod] = (await lab.waitRunning('default', pod)).status!.podIP!;
    // pb is the next hop: it owns the routed destinations on its loopback.
    for (const address of ['10.99.0.1/32', '10.98.0.1/32']) await lab.inPod('default', 'pb', ['ip', 'addr', 'add', address, 'dev', 'lo']);
  });
  after(async () => {
    await lab?.down();
  });

  it('routes between the subnets of a custom VPC', async () => {
    assert.ok(await canPing('pa', ip.pb));
  });

  it('sends a static route\'s destination to its next hop, and stops when the route goes', async () => {
    assert.equal(await canPing('pa', '10.99.0.1'), false, 'no route yet');
    await patchVpc({ staticRoutes: [{ cidr: '10.99.0.0/24', nextHopIP: ip.pb, policy: 'policyDst' }] });
    assert.ok(await pingsWithin(netns('pa'), '10.99.0.1'), 'the router forwards 10.99.0.1 to pb');
    await patchVpc({ staticRoutes: null });
    await waitFor('static route gone from the data path', async () => !(await canPing('pa', '10.99.0.1')), 30_000);
  });

  it('reroutes by a policy route and drops by another', async () => {
    // OVN evaluates policies after routing: a destination needs some route first (here to a next hop that does
    // not exist), which the reroute policy then overrides.
    await patchVpc({
      staticRoutes: [{ cidr: '10.98.0.0/24', nextHopIP: '192.168.10.250', policy: 'policyDst' }],
      policyRoutes: [
        { priority: 1000, match: `ip4.src == ${ip.pa} && ip4.dst == 10.98.0.1`, action: 'reroute', nextHopIP: ip.pb },
        { priority: 1100, match: `ip4.src == ${ip.pa} && ip4.dst == ${ip.pb}`, action: 'drop' },
      ],
    });
    assert.ok(await pingsWithin(netns('pa'), '10.98.0.1'), 'rerouted to pb');
    await waitFor('the drop policy cuts pa → pb', async () => !(await canPing('pa', ip.pb)), 30_000);
    await patchVpc({ policyRoutes: null });
    assert.ok(await pingsWithin(netns('pa'), ip.pb), 'pa reaches pb again');
    await waitFor('without the reroute, 10.98.0.1 follows its dead route', async () => !(await canPing('pa', '10.98.0.1')), 30_000);
    await patchVpc({ staticRoutes: null });
  });

  it('answers as gateway from the OVN router on a logical-gateway underlay, reaches the overlay and egresses through the node', async () => {
    assert.ok(await pingsWithin(netns('u1'), '10.100.0.1'), 'the router port answers on the gateway address');
    assert.ok(await pingsWithin(netns('u1'), ip.u2), 'underlay pods on two nodes');
    assert.ok(await pingsWithin(netns('u1'), ip.o1), 'underlay pod → overlay pod through the router');
    assert.ok(await pingsWithin(netns('u1'), '10.100.0.254'), 'the VLAN host on the same segment');
    assert.ok(await pingsWithin(netns('u2'), '172.31.0.254'), 'egress through the node (natOutgoing)');
  });
});
