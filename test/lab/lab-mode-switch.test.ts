import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { waitFor } from '../support/ovn.js';
import { pingsWithin, podYaml, providerNetworkYaml, startTestLab, type TestLab } from './lab-harness.js';
import { measureLossWindows, type LossWindow } from './loss-window.js';

interface SubnetStatusView {
  status?: { conditions?: { type: string; status: string; message?: string; observedGeneration?: number }[]; u2oInterconnectionIP?: string };
  metadata: { generation?: number };
}

// Needs root. One 2-node lab: a subnet with running pods on both nodes moves overlay → underlay (VLAN 100 on
// the external switch, whose host 10.100.0.254 is the physical gateway) → U2O → overlay.
describe('live overlay ↔ underlay switch with running pods', { timeout: 300_000 }, () => {
  let lab: TestLab;
  const windows: Record<string, Record<string, LossWindow>> = {};
  const addr: Record<string, { ip: string; mac: string }> = {};
  const netns = (pod: string) => lab.names.podNetns('default', pod);
  const nb = async (...args: string[]) => (await runCommand(['ovn-nbctl', `--db=${lab.status.nb}`, ...args], { timeoutMs: 15_000 })).stdout;
  const podLink = async (pod: string) => {
    const [link] = JSON.parse((await lab.inPod('default', pod, ['ip', '-j', 'addr', 'show', 'eth0'])).stdout) as { address: string; mtu: number; addr_info: { local: string; family: string }[] }[];
    return { mac: link.address, mtu: link.mtu, ip: link.addr_info.find((a) => a.family === 'inet')!.local };
  };
  const defaultGateway = async (pod: string) => {
    const routes = JSON.parse((await lab.inPod('default', pod, ['ip', '-j', 'route', 'show', 'default'])).stdout) as { gateway?: string }[];
    return routes[0]?.gateway;
  };
  const subnetReady = (text: RegExp) =>
    waitFor(`subnet sw Ready (${String(text)})`, async () => {
      const s = JSON.parse(await lab.kubectl(['get', 'subnet', 'sw', '-o', 'json'])) as SubnetStatusView;
      const ready = s.status?.conditions?.find((c) => c.type === 'Ready');
      return ready?.status === 'True' && ready.observedGeneration === s.metadata.generation && text.test(ready.message ?? '') && s;
    }, 60_000);
  const patchSubnet = (spec: Record<string, unknown>) => lab.kubectl(['patch', 'subnet', 'sw', '--type=merge', '-p', JSON.stringify({ spec })]);

  before(async () => {
    assert.equal(process.getuid?.(), 0, 'the lab tests need root');
    lab = await startTestLab({ nodes: 2 });
    await lab.apply(`${providerNetworkYaml('physnet', 'eth1', [{ name: 'v100', id: 100 }])}---
apiVersion: kubeovn.io/v1
kind: Subnet
metadata: {name: sw}
spec: {cidrBlock: 10.100.0.0/24, gateway: 10.100.0.254, protocol: IPv4}
---
${podYaml('a', { node: 'node1', annotations: { 'ovn.kubernetes.io/logical_switch': 'sw' } })}---
${podYaml('b', { node: 'node2', annotations: { 'ovn.kubernetes.io/logical_switch': 'sw' } })}---
${podYaml('c', { node: 'node2' })}`);
    for (const pod of ['a', 'b', 'c']) await lab.waitRunning('default', pod);
    for (const pod of ['a', 'b']) {
      const { ip, mac } = await podLink(pod);
      addr[pod] = { ip, mac };
    }
    await waitFor('provider network physnet ready on both nodes', async () => {
      const pn = JSON.parse(await lab.kubectl(['get', 'providernetwork', 'physnet', '-o', 'json'])) as { status?: { readyNodes?: string[] } };
      return pn.status?.readyNodes?.length === 2;
    }, 60_000);
  });
  after(async () => {
    await lab?.down();
    if (Object.keys(windows).length) console.log(`# interruption (longest gap between ping replies from pod a to pod b and to the gateway address, 20 ms interval): ${JSON.stringify(windows)}`);
  });

  it('starts overlay: pods reach each other through the router, whose port answers on the gateway address', async () => {
    assert.ok(await pingsWithin(netns('a'), addr.b.ip));
    assert.match(await nb('--bare', '--columns=networks', 'find', 'Logical_Router_Port', 'name=ovn-cluster-sw'), /10\.100\.0\.254\/24/);
    assert.equal((await podLink('a')).mtu, 1400);
  });

  it('switches to underlay while the pods run: same IP and MAC, no overlay row left, MTU of the physical network, traffic back', async () => {
    windows.overlayToUnderlay = await measureLossWindows(netns('a'), [addr.b.ip, '10.100.0.254'], async () => {
      await patchSubnet({ vlan: 'v100' });
      await subnetReady(/underlay/);
    });
    for (const pod of ['a', 'b']) {
      const now = await podLink(pod);
      assert.deepEqual({ ip: now.ip, mac: now.mac }, addr[pod], `pod ${pod} kept its address`);
    }
    assert.equal(await nb('--bare', '--columns=name', 'find', 'Logical_Router_Port', 'name=ovn-cluster-sw'), '');
    assert.equal(await nb('--bare', '--columns=name', 'find', 'Logical_Switch_Port', 'name=sw-ovn-cluster'), '');
    assert.match(await nb('--bare', '--columns=tag', 'find', 'Logical_Switch_Port', 'name=localnet.sw'), /^100$/m);
    assert.doesNotMatch(await nb('lr-policy-list', 'ovn-cluster'), /10\.100\.0\./);
    assert.doesNotMatch(await nb('--bare', '--columns=ports', 'list', 'Port_Group'), new RegExp(await nb('--bare', '--columns=_uuid', 'find', 'Logical_Switch_Port', 'name=a.default').then((u) => u.trim() || 'none')));
    const vlan = JSON.parse(await lab.kubectl(['get', 'vlan', 'v100', '-o', 'json'])) as { status?: { subnets?: string[] } };
    assert.deepEqual(vlan.status?.subnets, ['sw']);
    await waitFor('pod MTU follows the physical network', async () => (await podLink('a')).mtu === 1500, 30_000);
    assert.ok(await pingsWithin(netns('a'), addr.b.ip));
    // The gateway address is now the VLAN host's on the external switch, reached through br-phy and eth1.
    assert.ok(await pingsWithin(netns('a'), '10.100.0.254'));
    const neigh = await runCommand(['ip', 'netns', 'exec', lab.names.externalNetns, 'ip', 'neigh', 'show', addr.a.ip], { timeoutMs: 5_000 });
    assert.match(neigh.stdout, new RegExp(addr.a.mac, 'i'), 'the VLAN host learned pod a on the wire');
  });

  it('interconnects the underlay subnet with the overlay (U2O): the running pods move their gateway to the router address', async () => {
    await patchSubnet({ u2oInterconnection: true });
    const s = await subnetReady(/u2o/);
    const u2oIp = s.status!.u2oInterconnectionIP!;
    assert.ok(u2oIp.startsWith('10.100.0.'));
    await waitFor('pod a routes through the U2O address', async () => (await defaultGateway('a')) === u2oIp, 30_000);
    const c = await lab.getPod('default', 'c');
    assert.ok(await pingsWithin(netns('a'), c!.status!.podIP!), 'underlay pod reaches an overlay pod');
    assert.ok(await pingsWithin(netns('c'), addr.b.ip), 'overlay pod reaches an underlay pod');
    await patchSubnet({ u2oInterconnection: false });
    await subnetReady(/underlay \(vlan v100\) subnet/);
    await waitFor('pod a routes through the physical gateway again', async () => (await defaultGateway('a')) === '10.100.0.254', 30_000);
  });

  it('switches back to overlay: the localnet port and the Vlan entry go, the router port and the tunnel MTU come back', async () => {
    windows.underlayToOverlay = await measureLossWindows(netns('a'), [addr.b.ip, '10.100.0.254'], async () => {
      await patchSubnet({ vlan: null });
      await subnetReady(/overlay/);
    });
    assert.equal(await nb('--bare', '--columns=name', 'find', 'Logical_Switch_Port', 'name=localnet.sw'), '');
    assert.match(await nb('--bare', '--columns=networks', 'find', 'Logical_Router_Port', 'name=ovn-cluster-sw'), /10\.100\.0\.254\/24/);
    const vlan = JSON.parse(await lab.kubectl(['get', 'vlan', 'v100', '-o', 'json'])) as { status?: { subnets?: string[] } };
    assert.deepEqual(vlan.status?.subnets ?? [], []);
    await waitFor('pod MTU back to the tunnel MTU', async () => (await podLink('a')).mtu === 1400, 30_000);
    for (const pod of ['a', 'b']) assert.deepEqual({ ip: (await podLink(pod)).ip, mac: (await podLink(pod)).mac }, addr[pod]);
    assert.ok(await pingsWithin(netns('a'), addr.b.ip));
    assert.ok(await pingsWithin(netns('a'), (await lab.getPod('default', 'c'))!.status!.podIP!));
  });
});
