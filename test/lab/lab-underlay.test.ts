import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { waitFor } from '../support/ovn.js';
import { captureWhile, kovn, pingsWithin, podYaml, providerNetworkYaml, startTestLab, type TestLab } from './lab-harness.js';

interface ProviderNetworkView {
  status?: { ready?: boolean; readyNodes?: string[]; notReadyNodes?: string[]; conditions?: { node: string; type: string; status: string; reason?: string; message?: string }[] };
}
interface LinkView {
  ifname: string;
  mtu: number;
  operstate: string;
  flags: string[];
  addr_info: { family: string; local: string; prefixlen: number }[];
}

const LABEL = 'physnet.provider-network.kubernetes.io';
/** An address and a route of node1's own on eth1: they must move to br-physnet and come back. */
const NODE1_ADDRESS = '10.1.0.201/24';
const NODE1_ROUTE = '192.168.77.0/24';

// The lab's own uplink bridge is br-fabric (lab-naming.ts): a provider network may not be called "fabric".
// Needs root. One 2-node lab: a ProviderNetwork on eth1 (trunked to the lab's external switch), VLAN 100 and
// untagged (Vlan 0) subnets on it, pods on both nodes; then node2 is excluded and the ProviderNetwork deleted.
describe('underlay subnets on a provider network (VLAN 100 and untagged)', { timeout: 240_000 }, () => {
  let lab: TestLab;
  const ip: Record<string, string> = {};
  const netns = (pod: string) => lab.names.podNetns('default', pod);
  const ipJson = async <T>(index: number, ...args: string[]) => JSON.parse((await runCommand(['ip', '-n', lab.nodeNetns(index), '-json', ...args])).stdout || '[]') as T;
  const link = async (index: number, dev: string) => (await ipJson<LinkView[]>(index, 'addr', 'show', 'dev', dev))[0]!;
  const routesOn = async (index: number, dev: string) => (await ipJson<{ dst: string; gateway?: string }[]>(index, '-4', 'route', 'show', 'dev', dev)).map((r) => `${r.dst} ${r.gateway ?? ''}`.trim()).sort();
  const providerNetwork = async () => JSON.parse(await lab.kubectl(['get', 'providernetwork', 'physnet', '-o', 'json', '--ignore-not-found']) || '{}') as ProviderNetworkView;
  const nodeLabels = async (name: string) => (JSON.parse(await lab.kubectl(['get', 'node', name, '-o', 'json'])) as { metadata: { labels?: Record<string, string> } }).metadata.labels ?? {};
  const mappings = async (index: number) => (await lab.vsctl(index, '--if-exists', 'get', 'Open_vSwitch', '.', 'external_ids:ovn-bridge-mappings')).trim().replace(/^"(.*)"$/, '$1');
  const lines = (text: string) => text.split('\n').filter(Boolean).sort();
  /** The ports of br-physnet, [] when the bridge does not exist. */
  const bridgePorts = async (index: number) =>
    lines(await lab.vsctl(index, '--bare', '--columns=name', 'list', 'Bridge')).includes('br-physnet') ? lines(await lab.vsctl(index, 'list-ports', 'br-physnet')) : [];
  let eth1Before: { addresses: string[]; routes: string[] };

  before(async () => {
    assert.equal(process.getuid?.(), 0, 'the lab tests need root');
    lab = await startTestLab({ nodes: 2 });
    const node1 = lab.nodeNetns(1);
    await runCommand(['ip', '-n', node1, 'addr', 'add', NODE1_ADDRESS, 'dev', 'eth1']);
    await runCommand(['ip', '-n', node1, 'route', 'add', NODE1_ROUTE, 'via', '10.1.0.254', 'dev', 'eth1']);
    eth1Before = { addresses: (await link(1, 'eth1')).addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`), routes: await routesOn(1, 'eth1') };
    await lab.apply(`${providerNetworkYaml('physnet', 'eth1', [
      { name: 'v100', id: 100 },
      { name: 'v0', id: 0 },
    ])}---
apiVersion: kubeovn.io/v1
kind: Subnet
metadata: {name: u100}
spec: {cidrBlock: 10.100.0.0/24, gateway: 10.100.0.254, excludeIps: [10.100.0.254], vlan: v100, protocol: IPv4}
---
apiVersion: kubeovn.io/v1
kind: Subnet
metadata: {name: u0}
spec: {cidrBlock: 10.1.0.0/24, gateway: 10.1.0.254, excludeIps: [10.1.0.200..10.1.0.254], vlan: v0, protocol: IPv4}
---
${[
  podYaml('a100', { node: 'node1', annotations: { 'ovn.kubernetes.io/logical_switch': 'u100' } }),
  podYaml('b100', { node: 'node2', annotations: { 'ovn.kubernetes.io/logical_switch': 'u100' } }),
  podYaml('a0', { node: 'node1', annotations: { 'ovn.kubernetes.io/logical_switch': 'u0' } }),
  podYaml('b0', { node: 'node2', annotations: { 'ovn.kubernetes.io/logical_switch': 'u0' } }),
  podYaml('overlay', { node: 'node1' }),
].join('---\n')}`);
    for (const pod of ['a100', 'b100', 'a0', 'b0', 'overlay']) ip[pod] = (await lab.waitRunning('default', pod)).status!.podIP!;
  });
  after(async () => {
    await lab?.down();
  });

  it('makes br-physnet with eth1 on each node, maps the provider to it and labels the node', async () => {
    for (const index of [1, 2]) {
      const ports = await bridgePorts(index);
      // Besides eth1, ovn-controller's patch ports to br-int, one per localnet port (the mapping works).
      assert.deepEqual(ports, ['eth1', 'patch-localnet.u0-to-br-int', 'patch-localnet.u100-to-br-int'], `node${index}: ports of br-physnet`);
      assert.match(await lab.vsctl(index, 'get', 'Bridge', 'br-physnet', 'external_ids'), /nic=eth1.*provider-network=physnet.*vendor=kovn/);
      assert.equal(await mappings(index), 'physnet:br-physnet');
      const labels = await nodeLabels(`node${index}`);
      assert.deepEqual([labels[`${LABEL}/ready`], labels[`${LABEL}/interface`], labels[`${LABEL}/mtu`]], ['true', 'eth1', '1500']);
      assert.ok((await link(index, 'br-physnet')).flags.includes('UP'), `node${index}: br-physnet is up`);
    }
  });

  it('reports the provider network ready with a Ready condition per node', async () => {
    const pn = await waitFor('ProviderNetwork physnet ready', async () => {
      const view = await providerNetwork();
      return view.status?.ready === true && view.status.conditions?.length === 2 && view;
    }, 30_000);
    assert.deepEqual(pn.status?.readyNodes, ['node1', 'node2']);
    assert.deepEqual(pn.status?.notReadyNodes, []);
    for (const c of pn.status!.conditions!) assert.deepEqual([c.type, c.status, c.reason, c.message], ['Ready', 'True', 'InitOVSBridgeSucceeded', 'bridge br-physnet on eth1, MTU 1500']);
  });

  it('reports a NIC that is missing, or taken by another provider network, as not ready on that node, with the reason', async () => {
    await lab.apply(`apiVersion: kubeovn.io/v1
kind: ProviderNetwork
metadata: {name: nonic}
spec: {defaultInterface: eth9, customInterfaces: [{interface: eth1, nodes: [node2]}]}
`);
    try {
      type View = ProviderNetworkView['status'];
      const status = await waitFor('ProviderNetwork nonic not ready on both nodes', async () => {
        const view = JSON.parse(await lab.kubectl(['get', 'providernetwork', 'nonic', '-o', 'json'])) as { status?: View };
        return view.status?.conditions?.length === 2 && view.status.notReadyNodes?.length === 2 && view.status;
      }, 30_000);
      const message = (node: string) => status.conditions!.find((c) => c.node === node)!;
      assert.deepEqual([message('node1').status, message('node1').reason], ['False', 'InitOVSBridgeFailed']);
      assert.match(message('node1').message!, /interface eth9 does not exist on node node1/);
      assert.match(message('node2').message!, /interface eth1 is already a port of OVS bridge br-physnet/);
      assert.equal(status.ready, false);
      const events = await lab.kubectl(['get', 'events', '-A', '--field-selector', 'involvedObject.name=nonic', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
      assert.match(events, /InitOVSBridgeFailed: node node1: interface eth9 does not exist/);
      for (const index of [1, 2]) {
        assert.ok(!lines(await lab.vsctl(index, '--bare', '--columns=name', 'list', 'Bridge')).includes('br-nonic'), `node${index}: no half-made bridge`);
        assert.equal(await mappings(index), 'physnet:br-physnet', `node${index}: mapping of the working provider untouched`);
        assert.ok(!('nonic.provider-network.kubernetes.io/ready' in (await nodeLabels(`node${index}`))));
      }
    } finally {
      await lab.kubectl(['delete', 'providernetwork', 'nonic']);
    }
  });

  it("moves node1's address and route from eth1 to br-physnet, and node1 still reaches the untagged host", async () => {
    const bridge = await link(1, 'br-physnet');
    assert.ok(bridge.addr_info.some((a) => `${a.local}/${a.prefixlen}` === NODE1_ADDRESS), 'address on br-physnet');
    assert.ok((await link(1, 'eth1')).addr_info.every((a) => a.family !== 'inet'), 'no IPv4 address left on eth1');
    assert.ok((await routesOn(1, 'br-physnet')).includes(`${NODE1_ROUTE} 10.1.0.254`), 'route on br-physnet');
    assert.ok(await pingsWithin(lab.nodeNetns(1), '10.1.0.254'), 'node1 → 10.1.0.254 through br-physnet');
  });

  it('connects underlay pods across nodes and to the VLAN gateway host, tagged and untagged, with the NIC MTU', async () => {
    assert.ok(await pingsWithin(netns('a100'), ip.b100!), 'VLAN 100 pod node1 → node2');
    assert.ok(await pingsWithin(netns('a0'), ip.b0!), 'untagged pod node1 → node2');
    for (const pod of ['a100', 'b100']) assert.ok(await pingsWithin(netns(pod), '10.100.0.254'), `${pod} → VLAN 100 gateway host`);
    for (const pod of ['a0', 'b0']) assert.ok(await pingsWithin(netns(pod), '10.1.0.254'), `${pod} → untagged gateway host`);
    const mtu = async (pod: string) => (JSON.parse((await lab.inPod('default', pod, ['ip', '-j', 'link', 'show', 'eth0'])).stdout) as LinkView[])[0]!.mtu;
    assert.equal(await mtu('a100'), 1500, 'underlay pod MTU = eth1 MTU');
    assert.equal(await mtu('overlay'), 1400, 'overlay pod keeps the tunnel MTU');
  });

  it('puts VLAN tag 100 on the tagged subnet\'s frames on the trunk, and no tag on the untagged subnet\'s', async () => {
    const tagged = await captureWhile(lab.names.externalNetns, 'ext-n1', ['-e', 'icmp', 'or', '(vlan', 'and', 'icmp)'], async () => {
      assert.ok(await pingsWithin(netns('a100'), '10.100.0.254'));
      assert.ok(await pingsWithin(netns('a0'), '10.1.0.254'));
    });
    const toHost = (dst: string) => tagged.filter((l) => l.includes(`> ${dst}: ICMP echo request`));
    assert.ok(toHost('10.100.0.254').length > 0 && toHost('10.100.0.254').every((l) => /vlan 100\b/.test(l)), `VLAN 100 frames tagged:\n${tagged.join('\n')}`);
    assert.ok(toHost('10.1.0.254').length > 0 && toHost('10.1.0.254').every((l) => !/vlan \d+/.test(l)), `untagged frames:\n${tagged.join('\n')}`);
  });

  it('changes nothing when the agent restarts, and repairs a mapping removed by hand on its next pass', async () => {
    const uuid = await lab.vsctl(1, 'get', 'Bridge', 'br-physnet', '_uuid');
    const restart = await kovn('lab', 'restart', '--state-dir', lab.stateDir, 'node1', 'agent');
    assert.equal(restart.exitCode, 0, restart.stderr);
    assert.equal(await lab.vsctl(1, 'get', 'Bridge', 'br-physnet', '_uuid'), uuid, 'same bridge row');
    assert.ok(await pingsWithin(netns('a100'), ip.b100!));
    await lab.vsctl(1, 'remove', 'Open_vSwitch', '.', 'external_ids', 'ovn-bridge-mappings');
    await lab.kubectl(['label', 'node', 'node1', 'kovn-test/poke=1']); // any Node change runs a pass
    await waitFor('mapping restored', async () => (await mappings(1)) === 'physnet:br-physnet', 30_000);
  });

  it('takes an excluded node out: bridge, mapping, labels and its condition go, eth1 stays up', async () => {
    await lab.kubectl(['patch', 'providernetwork', 'physnet', '--type=merge', '-p', JSON.stringify({ spec: { excludeNodes: ['node2'] } })]);
    await waitFor('br-physnet gone from node2', async () => (await bridgePorts(2)).length === 0 && (await mappings(2)) === '', 30_000);
    await waitFor('no provider labels on node2', async () => Object.keys(await nodeLabels('node2')).every((k) => !k.startsWith(LABEL)), 30_000);
    const pn = await waitFor('node2 out of the status', async () => {
      const view = await providerNetwork();
      return view.status?.readyNodes?.join() === 'node1' && view.status.conditions?.every((c) => c.node === 'node1') && view;
    }, 30_000);
    assert.equal(pn.status?.ready, true);
    assert.deepEqual(pn.status?.notReadyNodes, []);
    assert.ok((await link(2, 'eth1')).flags.includes('UP'));
    assert.ok((await bridgePorts(1)).includes('eth1'), 'node1 keeps its bridge');
  });

  it('removes everything when the ProviderNetwork is deleted and gives eth1 its address and route back', async () => {
    await lab.kubectl(['delete', 'providernetwork', 'physnet']);
    await waitFor('br-physnet gone from node1', async () => (await bridgePorts(1)).length === 0 && (await mappings(1)) === '', 30_000);
    await waitFor('node1 labels gone', async () => Object.keys(await nodeLabels('node1')).every((k) => !k.startsWith(LABEL)), 30_000);
    assert.equal((await runCommand(['ip', '-n', lab.nodeNetns(1), 'link', 'show', 'br-physnet'], { okCodes: [0, 1] })).exitCode, 1, 'no br-physnet link');
    const eth1 = await link(1, 'eth1');
    assert.deepEqual({ addresses: eth1.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`), routes: await routesOn(1, 'eth1') }, eth1Before);
    assert.ok(await pingsWithin(lab.nodeNetns(1), '10.1.0.254'), 'node1 → 10.1.0.254 on eth1 again');
  });
});
