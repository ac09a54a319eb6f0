import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { LINK } from '../../src/engine/lab/lab-naming.js';
import { waitFor } from '../support/ovn.js';
import { captureWhile, pingsWithin, podYaml, startTestLab, type TestLab } from './lab-harness.js';
import { measureLossWindows } from './loss-window.js';

const FABRIC_HOST = '172.31.0.254';
const EGRESS_IP = '172.31.0.102';

interface SubnetJson {
  status?: { activateGateway?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

// Needs root: one 3-node lab for the file. Pods live on node1; node2 and node3 are the gateways.
describe('gateways of the default VPC in a 3-node lab (egress seen on the fabric)', { timeout: 600_000 }, () => {
  let lab: TestLab;
  const ip: Record<string, string> = {};
  const netns = (pod: string) => lab.names.podNetns('default', pod);
  const nb = async (...args: string[]) => (await runCommand(['ovn-nbctl', `--db=${lab.status.nb}`, ...args], { timeoutMs: 15_000 })).stdout;
  const patchSubnet = (spec: Record<string, unknown>) => lab.kubectl(['patch', 'subnet', 'gw', '--type=merge', '-p', JSON.stringify({ spec })]);
  const subnet = async () => JSON.parse(await lab.kubectl(['get', 'subnet', 'gw', '-o', 'json'])) as SubnetJson;
  const condition = async (type: string) => (await subnet()).status?.conditions?.find((c) => c.type === type);
  const nexthops = async () => {
    const line = (await nb('lr-policy-list', 'ovn-cluster')).split('\n').find((l) => l.includes('ip4.src == 10.50.0.0/24'));
    return line ? line.slice(line.indexOf('reroute') + 'reroute'.length).split(',').map((s) => s.trim()).sort() : [];
  };
  const gwEvents = () => lab.kubectl(['get', 'events', '-A', '--field-selector', 'involvedObject.name=gw', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
  const vswitchdPid = (node: string) => lab.status.processes.find((p) => p.name === `${node} ovs-vswitchd`)!.pid;
  const nodeOfFabricIp = (addr: string) => `node${addr.split('.')[3]}`;

  /** Source addresses of a pod's echo requests as the external host's fabric sees them. */
  const egressSources = async (pod: string): Promise<string[]> => {
    const lines = await captureWhile(lab.names.fabricNetns, 'fabric', ['icmp', 'and', 'dst', 'host', FABRIC_HOST], async () => {
      assert.ok(await pingsWithin(netns(pod), FABRIC_HOST, 50), `${pod} reaches the fabric host`);
    });
    return [...new Set(lines.map((l) => / IP (\S+) > /.exec(l)?.[1]).filter((s): s is string => s !== undefined))].sort();
  };
  /**
   * Opens `flows` TCP connections at once (the fabric host answers each SYN with a reset) and returns the source
   * of each SYN as the fabric sees it. TCP, not UDP or ICMP: OVS's symmetric L4 hash for the ECMP select group
   * leaves UDP ports out, so only TCP flows of one pod can spread.
   */
  const tcpSources = async (pod: string, flows: number): Promise<string[]> => {
    const script = `const net=require('net');let n=0;for(let i=0;i<${flows};i++){const s=net.connect(9999,'${FABRIC_HOST}');const done=()=>{s.destroy();if(++n===${flows})process.exit(0)};s.on('error',done);s.on('connect',done);s.setTimeout(2000,done)}`;
    const lines = await captureWhile(lab.names.fabricNetns, 'fabric', ['tcp', 'and', 'dst', 'host', FABRIC_HOST, 'and', 'dst', 'port', '9999', 'and', 'tcp[tcpflags] & tcp-syn != 0'], async () => {
      await runCommand(['ip', 'netns', 'exec', netns(pod), process.execPath, '-e', script], { timeoutMs: 20_000 });
    });
    return lines.map((l) => / IP (\S+)\.\d+ > /.exec(l)?.[1]).filter((s): s is string => s !== undefined);
  };

  before(async () => {
    assert.equal(process.getuid?.(), 0, 'the lab tests need root');
    lab = await startTestLab({ nodes: 3 });
    await lab.apply(`apiVersion: kubeovn.io/v1
kind: Subnet
metadata: {name: gw}
spec: {cidrBlock: 10.50.0.0/24, protocol: IPv4, natOutgoing: true, gatewayType: distributed}
---
${podYaml('p1', { node: 'node1', annotations: { 'ovn.kubernetes.io/logical_switch': 'gw' } })}---
${podYaml('p3', { node: 'node3', annotations: { 'ovn.kubernetes.io/logical_switch': 'gw' } })}`);
    for (const name of ['p1', 'p3']) ip[name] = (await lab.waitRunning('default', name)).status!.podIP!;
  });
  after(async () => {
    for (const node of ['node2', 'node3']) {
      const pid = lab?.status.processes.find((p) => p.name === `${node} ovs-vswitchd`)?.pid;
      if (pid) process.kill(pid, 'SIGCONT');
    }
    await lab?.down();
  });

  it('distributed: each pod leaves through its own node, masqueraded to the node address', async () => {
    assert.deepEqual(await egressSources('p1'), ['172.31.0.1']);
    assert.deepEqual(await egressSources('p3'), ['172.31.0.3']);
  });

  it('centralized, switched live: every pod leaves through the gateway node', async () => {
    await patchSubnet({ gatewayType: 'centralized', gatewayNode: 'node2' });
    await waitFor('activateGateway node2', async () => (await subnet()).status?.activateGateway === 'node2', 30_000);
    await waitFor('p1 leaves through node2', async () => (await egressSources('p1')).join() === '172.31.0.2', 30_000);
    assert.deepEqual(await egressSources('p3'), ['172.31.0.2']);
    assert.equal((await condition('Gateway'))?.message, 'egress through node2');
  });

  it('gatewayNode node:IP: egress leaves the gateway node from that address', async () => {
    // The address is the operator's to add (as in Kube-OVN); until it exists the agent warns on the subnet.
    await patchSubnet({ gatewayNode: `node2:${EGRESS_IP},node3` });
    await waitFor('EgressIPMissing event', async () => /EgressIPMissing: node node2 SNATs egress of 10\.50\.0\.0\/24 to 172\.31\.0\.102/.test(await gwEvents()), 30_000);
    await runCommand(['ip', '-n', lab.nodeNetns(2), 'addr', 'add', `${EGRESS_IP}/24`, 'dev', LINK.tunnelBridge]);
    await waitFor('p1 leaves from the egress IP', async () => (await egressSources('p1')).join() === EGRESS_IP, 30_000);
    const rules = await runCommand(['ip', 'netns', 'exec', lab.nodeNetns(2), 'nft', 'list', 'table', 'inet', 'kovn']);
    assert.match(rules.stdout, /ip saddr 10\.50\.0\.0\/24 ip daddr != @cluster4 snat ip to 172\.31\.0\.102/);
    const onNode3 = await runCommand(['ip', 'netns', 'exec', lab.nodeNetns(3), 'nft', 'list', 'table', 'inet', 'kovn']);
    assert.doesNotMatch(onNode3.stdout, /snat ip to/);
  });

  it('active-backup: a frozen gateway is replaced by the backup, and is not taken back when it recovers', async () => {
    assert.equal((await subnet()).status?.activateGateway, 'node2');
    let failedOverAt = 0;
    const frozenAt = Date.now();
    const { [FABRIC_HOST]: window } = await measureLossWindows(netns('p1'), [FABRIC_HOST], async () => {
      process.kill(vswitchdPid('node2'), 'SIGSTOP');
      await waitFor('activateGateway node3', async () => (await subnet()).status?.activateGateway === 'node3', 30_000);
      failedOverAt = Date.now();
    });
    console.log(`# active-backup failover: longest ping gap ${window.gapMs} ms (${window.sent - window.received} of ${window.sent} lost), status moved after ${failedOverAt - frozenAt} ms`);
    assert.ok(window.received > 0);
    assert.match((await condition('Gateway'))?.message ?? '', /^egress through node3; unusable: node2 \(ovs-vswitchd does not answer\)$/);
    assert.deepEqual(await egressSources('p1'), ['172.31.0.3']);

    process.kill(vswitchdPid('node2'), 'SIGCONT');
    await waitFor('node2 usable again', async () => (await condition('Gateway'))?.reason === 'GatewaysInUse', 30_000);
    assert.equal((await subnet()).status?.activateGateway, 'node3', 'no fail-back while node3 is fine');
    const events = await gwEvents();
    assert.match(events, /GatewayChanged: active gateway moved from node2 to node3 \(node2: ovs-vswitchd does not answer\)/);
  });

  it('ECMP: flows spread over both gateways; a frozen one leaves the set and comes back', async () => {
    await patchSubnet({ enableEcmp: true, gatewayNode: 'node2,node3' });
    await waitFor('two next hops', async () => (await nexthops()).length === 2, 30_000);
    // node2's agent drops the SNAT to the egress IP on its own pass, a moment after the NB change.
    await waitFor('node2 masquerades again', async () => !/snat ip to/.test((await runCommand(['ip', 'netns', 'exec', lab.nodeNetns(2), 'nft', 'list', 'table', 'inet', 'kovn'])).stdout), 30_000);
    const sources = await tcpSources('p1', 16);
    console.log(`# ECMP: 16 TCP connections left through ${['172.31.0.2', '172.31.0.3'].map((a) => `${a} ×${sources.filter((s) => s === a).length}`).join(', ')}`);
    assert.deepEqual([...new Set(sources)].sort(), ['172.31.0.2', '172.31.0.3'], 'both gateways carry flows');

    // Freeze the gateway that carries p1's ping flow, so the measured flow is one that must move.
    const [carrier] = await egressSources('p1');
    const gateway = nodeOfFabricIp(carrier);
    const survivor = gateway === 'node2' ? 'node3' : 'node2';
    let removedAt = 0;
    const frozenAt = Date.now();
    const { [FABRIC_HOST]: window } = await measureLossWindows(netns('p1'), [FABRIC_HOST], async () => {
      process.kill(vswitchdPid(gateway), 'SIGSTOP');
      await waitFor(`${gateway} out of the next hops`, async () => (await nexthops()).length === 1, 30_000);
      removedAt = Date.now();
    });
    console.log(`# ECMP failover (${gateway} frozen): longest ping gap ${window.gapMs} ms (${window.sent - window.received} of ${window.sent} lost), next hop removed after ${removedAt - frozenAt} ms`);
    assert.deepEqual(await egressSources('p1'), [`172.31.0.${survivor.slice(4)}`]);
    assert.match((await condition('Gateway'))?.message ?? '', new RegExp(`^egress through ${survivor}; unusable: ${gateway} \\(`));

    process.kill(vswitchdPid(gateway), 'SIGCONT');
    const restoredAt = Date.now();
    await waitFor('both next hops again', async () => (await nexthops()).length === 2, 30_000);
    console.log(`# ECMP recovery: ${gateway} back in the next hops ${Date.now() - restoredAt} ms after it thawed`);
    const events = await gwEvents();
    assert.match(events, new RegExp(`GatewayRemoved: ECMP gateway ${gateway} \\(`));
    assert.match(events, new RegExp(`GatewayAdded: ECMP gateway ${gateway} in use`));
    assert.deepEqual([...new Set(await tcpSources('p1', 16))].sort(), ['172.31.0.2', '172.31.0.3'], 'flows spread again');
  });

  it('ECMP: a gateway whose uplink loses link leaves the set, and comes back with it', async () => {
    const [carrier] = await egressSources('p1');
    const gateway = nodeOfFabricIp(carrier);
    const index = Number(gateway.slice(4));
    let removedAt = 0;
    const downAt = Date.now();
    try {
      const { [FABRIC_HOST]: window } = await measureLossWindows(netns('p1'), [FABRIC_HOST], async () => {
        await runCommand(['ip', '-n', lab.nodeNetns(index), 'link', 'set', 'eth0', 'down']);
        await waitFor(`${gateway} out`, async () => (await nexthops()).length === 1, 30_000);
        removedAt = Date.now();
      });
      console.log(`# ECMP failover (${gateway} uplink down): longest ping gap ${window.gapMs} ms (${window.sent - window.received} of ${window.sent} lost), next hop removed after ${removedAt - downAt} ms`);
      assert.match((await condition('Gateway'))?.message ?? '', new RegExp(`unusable: ${gateway} \\(uplink eth0 is down\\)`));
      assert.notDeepEqual(await egressSources('p1'), [carrier]);
    } finally {
      await runCommand(['ip', '-n', lab.nodeNetns(index), 'link', 'set', 'eth0', 'up']);
    }
    await waitFor(`${gateway} back`, async () => (await nexthops()).length === 2, 30_000);
  });

  it('natOutgoing off: egress keeps the pod address; back to distributed: the pod\'s own node again', async () => {
    await patchSubnet({ natOutgoing: false });
    // The fabric host has no route back to pod addresses: only the requests are seen, with the pod's source.
    await waitFor(`an echo request from ${ip.p1} itself`, async () => {
      const lines = await captureWhile(lab.names.fabricNetns, 'fabric', ['icmp', 'and', 'dst', 'host', FABRIC_HOST], async () => {
        await runCommand(['ip', 'netns', 'exec', netns('p1'), 'ping', '-c2', '-i0.2', '-W0.3', FABRIC_HOST], { okCodes: [0, 1, 2] });
      });
      return lines.some((l) => l.includes(`IP ${ip.p1} > ${FABRIC_HOST}: ICMP echo request`));
    }, 30_000);

    await patchSubnet({ natOutgoing: true, gatewayType: 'distributed', gatewayNode: '', enableEcmp: false });
    await waitFor('centralized policy gone', async () => (await nexthops()).length === 0, 30_000);
    await waitFor('p1 leaves through node1', async () => (await egressSources('p1')).join() === '172.31.0.1', 30_000);
    assert.equal(await condition('Gateway'), undefined);
    assert.equal((await subnet()).status?.activateGateway, undefined);
    await runCommand(['ip', '-n', lab.nodeNetns(2), 'addr', 'del', `${EGRESS_IP}/24`, 'dev', LINK.tunnelBridge]);
  });
});
