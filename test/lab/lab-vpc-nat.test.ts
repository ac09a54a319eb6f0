import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../support/ovn.js';
import { captureWhile, pingsWithin, podYaml, startEchoServer, startTestLab, tcpEchoWorks, type TestLab } from './lab-harness.js';

interface Ready {
  status?: { ready?: boolean; v4Ip?: string; enableExternal?: boolean; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

const EXT_HOST = '10.1.0.254';
/** The lab's VLAN 100 host (ext100 in the external namespace): the gateway of an extra external subnet. */
const VLAN100_HOST = '10.100.0.254';

// Needs root. One 2-node lab: the lab's untagged external host (10.1.0.254 on ext0 in the external namespace) is
// the gateway of the external underlay subnet `external` (provider network on eth1, Vlan 0). A custom VPC with
// enableExternal gets its gateway port on node1 (labelled external-gw); a FIP, a SNAT and a DNAT are checked with
// packets from and to the external host, tcpdump on ext0 showing the translated addresses.
describe('custom VPC external access: EIP, FIP, SNAT and DNAT from the external network', { timeout: 240_000 }, () => {
  let lab: TestLab;
  const ip: Record<string, string> = {};
  const mac: Record<string, string> = {};
  const netns = (pod: string) => lab.names.podNetns('ns1', pod);
  const get = async (kind: string, name: string) => JSON.parse((await lab.kubectl(['get', kind, name, '-o', 'json', '--ignore-not-found'])) || '{}') as Ready;
  const waitReady = (kind: string, name: string) =>
    waitFor(`${kind} ${name} Ready`, async () => {
      const obj = await get(kind, name);
      const ready = obj.status?.conditions?.find((c) => c.type === 'Ready');
      if (ready?.status !== 'True') throw new Error(`${ready?.reason ?? 'no status'}: ${ready?.message ?? ''}`);
      return obj;
    }, 60_000);

  before(async () => {
    assert.equal(process.getuid?.(), 0, 'the lab tests need root');
    lab = await startTestLab({ nodes: 2 });
    await lab.kubectl(['label', 'node', 'node1', 'ovn.kubernetes.io/external-gw=true']);
    await lab.apply(`apiVersion: v1
kind: Namespace
metadata: {name: ns1}
---
apiVersion: v1
kind: Namespace
metadata: {name: ns2}
---
apiVersion: kubeovn.io/v1
kind: ProviderNetwork
metadata: {name: extnet}
spec: {defaultInterface: eth1}
---
apiVersion: kubeovn.io/v1
kind: Vlan
metadata: {name: v0}
spec: {id: 0, provider: extnet}
---
apiVersion: kubeovn.io/v1
kind: Subnet
metadata: {name: external}
spec: {cidrBlock: 10.1.0.0/24, gateway: ${EXT_HOST}, excludeIps: [10.1.0.200..10.1.0.254], vlan: v0, protocol: IPv4}
---
apiVersion: kubeovn.io/v1
kind: Vlan
metadata: {name: v100}
spec: {id: 100, provider: extnet}
---
apiVersion: kubeovn.io/v1
kind: Subnet
metadata: {name: external100}
spec: {cidrBlock: 10.100.0.0/24, gateway: ${VLAN100_HOST}, excludeIps: [10.100.0.200..10.100.0.254], vlan: v100, protocol: IPv4}
---
apiVersion: kubeovn.io/v1
kind: Vpc
metadata: {name: vpc2}
spec: {namespaces: [ns2], enableExternal: true, extraExternalSubnets: [external100]}
---
apiVersion: kubeovn.io/v1
kind: Subnet
metadata: {name: s2}
spec: {cidrBlock: 10.0.2.0/24, vpc: vpc2, namespaces: [ns2], protocol: IPv4}
---
apiVersion: kubeovn.io/v1
kind: Vpc
metadata: {name: vpc1}
spec: {namespaces: [ns1], enableExternal: true}
---
apiVersion: kubeovn.io/v1
kind: Subnet
metadata: {name: s1}
spec: {cidrBlock: 10.0.1.0/24, vpc: vpc1, namespaces: [ns1], protocol: IPv4}
`);
    // Pods created before the VPC's subnet is accepted would land in the default subnet.
    await waitReady('subnet', 's1');
    await waitReady('subnet', 's2');
    const pod = (name: string, node: string) => podYaml(name, { node, namespace: 'ns1', annotations: { 'ovn.kubernetes.io/logical_switch': 's1' } });
    await lab.apply([pod('p1', 'node1'), pod('p2', 'node2'), pod('p3', 'node2')].join('---\n'));
    await lab.apply(podYaml('q1', { node: 'node2', namespace: 'ns2', annotations: { 'ovn.kubernetes.io/logical_switch': 's2' } }));
    for (const pod of ['p1', 'p2', 'p3']) ip[pod] = (await lab.waitRunning('ns1', pod)).status!.podIP!;
    ip.q1 = (await lab.waitRunning('ns2', 'q1')).status!.podIP!;
    await lab.apply(`apiVersion: kubeovn.io/v1
kind: OvnEip
metadata: {name: eip-fip}
spec: {externalSubnet: external}
---
apiVersion: kubeovn.io/v1
kind: OvnEip
metadata: {name: eip-shared}
spec: {externalSubnet: external}
---
apiVersion: kubeovn.io/v1
kind: OvnEip
metadata: {name: eip-dfip}
spec: {externalSubnet: external}
---
apiVersion: kubeovn.io/v1
kind: OvnEip
metadata: {name: eip-vlan100}
spec: {externalSubnet: external100}
---
apiVersion: kubeovn.io/v1
kind: OvnSnatRule
metadata: {name: snat-s2}
spec: {ovnEip: eip-vlan100, vpcSubnet: s2}
---
apiVersion: kubeovn.io/v1
kind: OvnFip
metadata: {name: fip-p1}
spec: {ovnEip: eip-fip, ipName: p1.ns1}
---
apiVersion: kubeovn.io/v1
kind: OvnFip
metadata: {name: dfip-p3}
spec: {ovnEip: eip-dfip, ipName: p3.ns1, type: distributed}
---
apiVersion: kubeovn.io/v1
kind: OvnSnatRule
metadata: {name: snat-s1}
spec: {ovnEip: eip-shared, vpcSubnet: s1}
---
apiVersion: kubeovn.io/v1
kind: OvnDnatRule
metadata: {name: dnat-p2}
spec: {ovnEip: eip-shared, ipName: p2.ns1, protocol: tcp, externalPort: "8080", internalPort: "7000"}
`);
    for (const [kind, name] of [['vpc', 'vpc1'], ['ovn-fips', 'fip-p1'], ['ovn-fips', 'dfip-p3'], ['ovn-snat-rules', 'snat-s1'], ['ovn-dnat-rules', 'dnat-p2'], ['vpc', 'vpc2'], ['ovn-snat-rules', 'snat-s2']]) await waitReady(kind!, name!);
    ip.fip = (await get('ovn-eips', 'eip-fip')).status!.v4Ip!;
    ip.shared = (await get('ovn-eips', 'eip-shared')).status!.v4Ip!;
    ip.vlan100 = (await get('ovn-eips', 'eip-vlan100')).status!.v4Ip!;
    const dfip = (await get('ovn-eips', 'eip-dfip')).status as { v4Ip: string; macAddress: string };
    ip.dfip = dfip.v4Ip;
    mac.dfip = dfip.macAddress;
  });
  after(async () => {
    await lab?.down();
  });

  it('reaches a pod through its FIP from the external host', async () => {
    assert.ok(await pingsWithin(lab.names.externalNetns, ip.fip!), `external host → FIP ${ip.fip}`);
  });

  it('sends a FIP pod out with the FIP as its source address', async () => {
    const lines = await captureWhile(lab.names.externalNetns, 'ext0', ['icmp'], async () => {
      assert.ok(await pingsWithin(netns('p1'), EXT_HOST), 'p1 → external host');
    });
    assert.ok(lines.some((l) => l.includes(`${ip.fip} > ${EXT_HOST}`)), `source is the FIP ${ip.fip}:\n${lines.join('\n')}`);
    assert.ok(!lines.some((l) => l.includes(`${ip.p1} >`)), 'the pod address never leaves the VPC');
  });

  it('sends the other pods of the subnet out with the SNAT EIP as source', async () => {
    const lines = await captureWhile(lab.names.externalNetns, 'ext0', ['icmp'], async () => {
      assert.ok(await pingsWithin(netns('p2'), EXT_HOST), 'p2 → external host');
    });
    assert.ok(lines.some((l) => l.includes(`${ip.shared} > ${EXT_HOST}`)), `source is the SNAT EIP ${ip.shared}:\n${lines.join('\n')}`);
  });

  it('answers a distributed FIP from the pod\'s own node, with the EIP\'s MAC', async () => {
    // ext-n2 is node2's trunk port on the external switch: p3 (on node2) leaves there, not via the gateway node1.
    const lines = await captureWhile(lab.names.externalNetns, 'ext-n2', ['-e', 'icmp'], async () => {
      assert.ok(await pingsWithin(lab.names.externalNetns, ip.dfip!), `external host → distributed FIP ${ip.dfip}`);
      assert.ok(await pingsWithin(netns('p3'), EXT_HOST), 'p3 → external host');
    });
    assert.ok(lines.some((l) => l.includes(`${mac.dfip} > `) && l.includes(`${ip.dfip} > ${EXT_HOST}`)), `p3 leaves node2 as ${ip.dfip} from ${mac.dfip}:\n${lines.join('\n')}`);
  });

  it('sends a pod of a VPC with an extra external subnet out of that subnet\'s port with its SNAT EIP', async () => {
    const lines = await captureWhile(lab.names.externalNetns, 'ext100', ['icmp'], async () => {
      assert.ok(await pingsWithin(lab.names.podNetns('ns2', 'q1'), VLAN100_HOST), 'q1 → VLAN 100 host');
    });
    assert.ok(lines.some((l) => l.includes(`${ip.vlan100} > ${VLAN100_HOST}`)), `source is ${ip.vlan100}:\n${lines.join('\n')}`);
  });

  it('forwards EIP:8080 from the external host to the pod port of the DNAT rule', async () => {
    const server = await startEchoServer(netns('p2'), 7000);
    try {
      assert.ok(await tcpEchoWorks(lab.names.externalNetns, ip.shared!, 8080), `external host → ${ip.shared}:8080 → p2:7000`);
    } finally {
      await server.stop();
    }
  });

  it('takes external access away when enableExternal is turned off', async () => {
    await lab.kubectl(['patch', 'vpc', 'vpc1', '--type=merge', '-p', '{"spec":{"enableExternal":false}}']);
    await waitFor('FIP unreachable', async () => !(await pingsWithin(lab.names.externalNetns, ip.fip!, 3)), 30_000);
  });
});
