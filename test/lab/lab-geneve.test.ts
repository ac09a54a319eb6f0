import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { isProcessAlive } from '../../src/engine/proc/process-state.js';
import { listNetns } from '../../src/engine/lab/netns/network-namespaces.js';
import { waitFor } from '../support/ovn.js';
import { captureWhile, kovn, pingsWithin, podYaml, startEchoServer, startTestLab, tcpEchoWorks, type PodObject, type TestLab } from './lab-harness.js';

// Needs root: real namespaces, OVS and OVN. One 2-node Geneve lab for the whole file.
describe('kovn lab with 2 nodes over Geneve', { timeout: 300_000 }, () => {
  let lab: TestLab;
  const ip: Record<string, string> = {};
  const netns = (pod: string) => lab.names.podNetns('default', pod);

  before(async () => {
    assert.equal(process.getuid?.(), 0, 'the lab tests need root');
    lab = await startTestLab({ nodes: 2 });
    const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: default}
spec:
  replicas: 1
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {nodeSelector: {kubernetes.io/hostname: node2}, containers: [{name: main, image: kovn-lab}]}
`;
    await lab.apply(
      [
        podYaml('a1', { node: 'node1' }),
        podYaml('a2', { node: 'node1' }),
        podYaml('b1', { node: 'node2' }),
        podYaml('fixed', { node: 'node2', annotations: { 'ovn.kubernetes.io/ip_address': '10.16.0.200', 'ovn.kubernetes.io/mac_address': '00:00:00:4b:0f:c8' } }),
        sts,
      ].join('---\n'),
    );
    for (const name of ['a1', 'a2', 'b1', 'fixed', 'db-0']) ip[name] = (await lab.waitRunning('default', name)).status!.podIP!;
  });
  after(async () => {
    await lab?.down();
  });

  it('reports its nodes Ready with their fabric address and every process running', async () => {
    const status = await lab.refreshStatus();
    assert.equal(status.mode, 'full');
    assert.deepEqual(status.nodes?.map((n) => [n.name, n.ip, n.agent]), [['node1', '172.31.0.1', true], ['node2', '172.31.0.2', true]]);
    for (const p of status.processes) assert.ok(isProcessAlive(p.pid), `${p.name} (pid ${p.pid}) is running`);
    const nodes = JSON.parse(await lab.kubectl(['get', 'nodes', '-o', 'json'])) as { items: { metadata: { name: string }; status: { addresses: { type: string; address: string }[]; conditions: { type: string; status: string }[] } }[] };
    for (const node of nodes.items) {
      assert.ok(node.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'), `${node.metadata.name} Ready`);
      assert.ok(node.status.addresses.some((a) => a.type === 'InternalIP' && /^172\.31\.0\.\d$/.test(a.address)));
    }
    const chassis = await kovn('sbctl', '--state-dir', lab.stateDir, '--bare', '--columns=name', 'list', 'Chassis');
    assert.deepEqual(chassis.stdout.split('\n').filter(Boolean).sort(), ['node1', 'node2']);
  });

  it('trunks each node\'s second interface to the external switch (untagged and VLAN 100 hosts)', async () => {
    const trunks = await runCommand(['ovs-vsctl', `--db=unix:${lab.stateDir}/ext/db.sock`, '--bare', '--columns=name,trunks', 'find', 'Port', 'name=ext-n1']);
    assert.match(trunks.stdout, /ext-n1\s+0 100/);
    // Untagged frames from node1's eth1 reach the untagged host (the agent does not use eth1 by itself).
    await runCommand(['ip', '-n', lab.nodeNetns(1), 'addr', 'add', '10.1.0.1/24', 'dev', 'eth1']);
    try {
      assert.ok(await pingsWithin(lab.nodeNetns(1), '10.1.0.254'));
    } finally {
      await runCommand(['ip', '-n', lab.nodeNetns(1), 'addr', 'del', '10.1.0.1/24', 'dev', 'eth1']);
    }
    const hosts = JSON.parse((await runCommand(['ip', '-n', lab.names.externalNetns, '-j', 'addr', 'show'])).stdout) as { ifname: string; addr_info: { local: string }[] }[];
    assert.ok(hosts.some((h) => h.ifname === 'ext100' && h.addr_info.some((a) => a.local === '10.100.0.254')));
  });

  it('connects pods on one node and across nodes over Geneve, with ping and TCP', async () => {
    assert.ok(await pingsWithin(netns('a1'), ip.a2), 'same node ping');
    assert.ok(await pingsWithin(netns('a1'), ip.b1), 'cross node ping');
    const server = await startEchoServer(netns('b1'), 7001);
    try {
      assert.ok(await tcpEchoWorks(netns('a1'), ip.b1, 7001), 'cross node TCP (100 kB echoed whole)');
    } finally {
      await server.stop();
    }
    const local = await startEchoServer(netns('a2'), 7002);
    try {
      assert.ok(await tcpEchoWorks(netns('a1'), ip.a2, 7002), 'same node TCP');
    } finally {
      await local.stop();
    }
    const tunnels = await lab.vsctl(1, '--bare', '--columns=type', 'find', 'Interface', 'options:remote_ip=172.31.0.2');
    assert.equal(tunnels.trim(), 'geneve');
  });

  it('lets a node reach pods and pods reach the node through ovn0', async () => {
    assert.ok(await pingsWithin(lab.nodeNetns(1), ip.a1), 'node1 → its own pod');
    assert.ok(await pingsWithin(lab.nodeNetns(2), ip.a1), 'node2 → a pod on node1');
    assert.ok(await pingsWithin(netns('a1'), '172.31.0.1'), 'pod → its node');
    assert.ok(await pingsWithin(netns('b1'), '172.31.0.1'), 'pod → another node');
    const server = await startEchoServer(lab.nodeNetns(1), 7003);
    try {
      assert.ok(await tcpEchoWorks(netns('b1'), '172.31.0.1', 7003), 'TCP pod → node');
    } finally {
      await server.stop();
    }
  });

  it('sends pod traffic to the external host from the node address (natOutgoing)', async () => {
    assert.ok(await pingsWithin(netns('b1'), '172.31.0.254'));
    const lines = await captureWhile(lab.names.fabricNetns, 'fabric', ['icmp', 'and', 'host', '172.31.0.254'], async () => {
      assert.ok(await pingsWithin(netns('b1'), '172.31.0.254'));
      assert.ok(await pingsWithin(netns('a1'), '172.31.0.254'));
    });
    assert.ok(lines.some((l) => l.includes('IP 172.31.0.2 > 172.31.0.254: ICMP echo request')), `node2 masquerades b1:\n${lines.join('\n')}`);
    assert.ok(lines.some((l) => l.includes('IP 172.31.0.1 > 172.31.0.254: ICMP echo request')), `node1 masquerades a1:\n${lines.join('\n')}`);
    assert.ok(!lines.some((l) => l.includes('10.16.')), 'no pod address leaves the cluster');
  });

  it('gives a pod the static IP and MAC its annotations ask for', async () => {
    assert.equal(ip.fixed, '10.16.0.200');
    const addr = JSON.parse((await lab.inPod('default', 'fixed', ['ip', '-j', 'addr', 'show', 'eth0'])).stdout) as { address: string; addr_info: { local: string }[] }[];
    assert.equal(addr[0].address, '00:00:00:4b:0f:c8');
    assert.ok(addr[0].addr_info.some((a) => a.local === '10.16.0.200'));
    assert.ok(await pingsWithin(netns('a1'), '10.16.0.200'));
  });

  it('runs a host-network pod in its node\'s namespace with the node address', async () => {
    await lab.apply(podYaml('host', { node: 'node2' }).replace('spec:\n', 'spec:\n  hostNetwork: true\n'));
    const pod = await lab.waitRunning('default', 'host');
    assert.equal(pod.status?.podIP, '172.31.0.2');
    assert.equal(existsSync(`/var/run/netns/${netns('host')}`), false, 'no sandbox namespace');
    await lab.kubectl(['delete', 'pod', 'host', '--wait=false']);
    await waitFor('the host-network pod to go', async () => (await lab.getPod('default', 'host')) === undefined, 30_000);
  });

  it('keeps a StatefulSet pod its IP and connectivity when it is deleted and re-created', async () => {
    const before = (await lab.getPod('default', 'db-0'))!;
    await lab.kubectl(['delete', 'pod', 'db-0', '--wait=false']);
    const again = await lab.waitRunning('default', 'db-0', before.metadata.uid);
    assert.equal(again.status?.podIP, ip['db-0']);
    assert.equal(again.spec.nodeName, 'node2');
    assert.ok(await pingsWithin(netns('a1'), ip['db-0']));
  });

  it('removes the OVS port, the veth and the namespace of a deleted pod', async () => {
    await lab.apply(podYaml('gone', { node: 'node1' }));
    const pod = await lab.waitRunning('default', 'gone');
    const ports = (await lab.vsctl(1, '--bare', '--columns=name', 'find', 'Interface', 'external_ids:iface-id=gone.default')).trim();
    assert.ok(ports, 'the pod has an OVS port');
    const hostLinks = async () => (JSON.parse((await runCommand(['ip', '-n', lab.nodeNetns(1), '-j', 'link', 'show'])).stdout) as { ifname: string }[]).map((l) => l.ifname);
    assert.ok((await hostLinks()).includes(ports), 'its host veth exists');
    assert.ok(existsSync(`/var/run/netns/${netns('gone')}`));
    await lab.kubectl(['delete', 'pod', 'gone', '--wait=false']);
    await waitFor('the pod object to go', async () => (await lab.getPod('default', 'gone')) === undefined, 30_000);
    assert.equal(existsSync(`/var/run/netns/${netns('gone')}`), false, 'namespace deleted');
    assert.equal((await lab.vsctl(1, '--bare', '--columns=name', 'find', 'Interface', 'external_ids:iface-id=gone.default')).trim(), '', 'OVS port deleted');
    assert.ok(!(await hostLinks()).includes(ports), 'host veth deleted');
    assert.ok(pod.metadata.uid);
  });

  it('changes nothing for running pods when the node agent restarts', async () => {
    const portsBefore = await lab.vsctl(1, '--bare', '--columns=name,ofport,external_ids', 'list', 'Interface');
    const addrBefore = (await lab.inPod('default', 'a1', ['ip', '-j', 'addr', 'show', 'eth0'])).stdout;
    const restart = await kovn('lab', 'restart', '--state-dir', lab.stateDir, 'node1', 'agent');
    assert.equal(restart.exitCode, 0, restart.stderr);
    assert.equal(await lab.vsctl(1, '--bare', '--columns=name,ofport,external_ids', 'list', 'Interface'), portsBefore);
    assert.equal((await lab.inPod('default', 'a1', ['ip', '-j', 'addr', 'show', 'eth0'])).stdout, addrBefore);
    assert.ok(await pingsWithin(netns('a1'), ip.b1));
    // And it still wires new pods.
    await lab.apply(podYaml('after-agent', { node: 'node1' }));
    const fresh = await lab.waitRunning('default', 'after-agent');
    assert.ok(await pingsWithin(netns('b1'), fresh.status!.podIP!));
  });

  it('reconnects the pods of a node whose ovs-vswitchd restarted', async () => {
    const oldPid = lab.status.processes.find((p) => p.name === 'node2 ovs-vswitchd')!.pid;
    const restart = await kovn('lab', 'restart', '--state-dir', lab.stateDir, 'node2', 'ovs-vswitchd');
    assert.equal(restart.exitCode, 0, restart.stderr);
    const status = await lab.refreshStatus();
    assert.notEqual(status.processes.find((p) => p.name === 'node2 ovs-vswitchd')!.pid, oldPid);
    assert.equal(isProcessAlive(oldPid), false);
    assert.ok(await pingsWithin(netns('a1'), ip.b1, 300), 'cross node ping after the restart');
    assert.ok(await pingsWithin(netns('b1'), ip.fixed), 'same node ping after the restart');
    const server = await startEchoServer(netns('b1'), 7004);
    try {
      assert.ok(await tcpEchoWorks(netns('a1'), ip.b1, 7004), 'TCP after the restart');
    } finally {
      await server.stop();
    }
  });

  it('runs a command in a pod with kovn lab exec and passes its exit code through', async () => {
    const ok = await kovn('lab', 'exec', '--state-dir', lab.stateDir, 'default/a1', '--', 'ping', '-c1', '-W2', ip.b1);
    assert.equal(ok.exitCode, 0, ok.stderr);
    assert.match(ok.stdout, /1 received/);
    const code = await kovn('lab', 'exec', '--state-dir', lab.stateDir, 'a1', '--', 'sh', '-c', 'exit 7');
    assert.equal(code.exitCode, 7);
  });

  it('leaves no namespace, process or socket behind after kovn lab down', async () => {
    const status = await lab.refreshStatus();
    const pids = [status.pid, ...status.processes.map((p) => p.pid)];
    assert.ok(listNetns(lab.names.netnsPrefix).length >= 4 + 6);
    const down = await kovn('lab', 'down', '--state-dir', lab.stateDir);
    assert.match(down.stdout, /is down/);
    assert.deepEqual(listNetns(lab.names.netnsPrefix), []);
    for (const pid of pids) assert.equal(isProcessAlive(pid), false, `pid ${pid} still running`);
    assert.equal(existsSync(lab.stateDir), false, 'state dir (and every socket in it) removed');
  });
});

export type { PodObject };
