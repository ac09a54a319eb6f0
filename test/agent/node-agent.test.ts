import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { stopProcess } from '../../src/engine/proc/process-state.js';
import { startOvsdbServer, type OvsdbServerHandle } from '../../src/engine/daemons/ovsdb-server.js';
import { startOvsVswitchd, type OvsVswitchdHandle } from '../../src/engine/daemons/ovs-vswitchd.js';
import { startOvnController, type OvnControllerHandle } from '../../src/engine/daemons/ovn-controller.js';
import { createStandaloneDatabase, SCHEMAS } from '../../src/engine/daemons/ovsdb-tool.js';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import { Controller } from '../../src/engine/controller/controller.js';
import type { KubeObject } from '../../src/engine/cluster/types.js';
import { configureChassis, NodeAgent, vethNames, type NodeAgentOptions } from '../../src/engine/agent/index.js';
import { deleteTestNetns, makeTempDir, makeTestNetns, removeTempDir, startOvnCentral, waitFor, type TestOvnCentral } from '../support/ovn.js';
import { networkConfig, runCni } from './cni-harness.js';

const NODE = 'n1';
const TUNING = { reconcileIntervalMs: 3_600_000, gcIntervalMs: 3_600_000, allocationTimeoutMs: 4_000, startWaitMs: 20_000, log: () => undefined };

interface PodRecord {
  name: string;
  netnsName: string;
  netnsPath: string;
  containerId: string;
  ip: string;
  mac: string;
}

const ovsVsctl = (remote: string, ...args: string[]) => runCommand(['ovs-vsctl', `--db=${remote}`, ...args]).then((r) => r.stdout.trim());
/** ovs-vsctl quotes a string value only when it has to. */
const unquote = (text: string) => text.replace(/^"(.*)"$/, '$1');

// Needs root and real OVS/OVN: one node in a network namespace (its own ovsdb-server, netdev vswitchd,
// ovn-controller), central NB/SB/northd, the kovn controller on the embedded store, and the agent under test.
describe('node agent and kovn-cni on one node with real OVS', () => {
  let central: TestOvnCentral;
  let nb: OvsdbClient;
  let cluster: MemoryCluster;
  let controller: Controller;
  let dir: string;
  let nodeNetns: string;
  let ovsdb: OvsdbServerHandle | undefined;
  let vswitchd: OvsVswitchdHandle | undefined;
  let ovnController: OvnControllerHandle | undefined;
  let agent: NodeAgent | undefined;
  let options: NodeAgentOptions;
  const podNetns: string[] = [];
  const helpers: ChildProcess[] = [];
  const pods = new Map<string, PodRecord>();

  const inNode = (...argv: string[]) => runCommand(['ip', 'netns', 'exec', nodeNetns, ...argv], { timeoutMs: 15_000 });
  const inPod = (pod: PodRecord, ...argv: string[]) => runCommand(['ip', 'netns', 'exec', pod.netnsName, ...argv], { timeoutMs: 15_000 });
  const pingFrom = (argv: (...a: string[]) => Promise<unknown>, ip: string) =>
    waitFor(`ping ${ip}`, async () => (await argv('ping', '-c', '1', '-W', '0.5', ip), true), 20_000);
  const linkJson = async (pod: PodRecord, dev: string) =>
    (JSON.parse((await inPod(pod, 'ip', '-json', 'addr', 'show', 'dev', dev)).stdout) as { ifname: string; address: string; mtu: number; addr_info: { local: string; prefixlen: number; family: string }[] }[])[0]!;

  async function addPod(name: string): Promise<PodRecord> {
    await cluster.create<KubeObject>({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { nodeName: NODE, containers: [{ name: 'c', image: 'none' }] },
    });
    const netnsName = await makeTestNetns();
    podNetns.push(netnsName);
    const record: PodRecord = { name, netnsName, netnsPath: `/var/run/netns/${netnsName}`, containerId: `ctr-${name}-${netnsName}`, ip: '', mac: '' };
    const add = await runCni({ command: 'ADD', containerId: record.containerId, netns: record.netnsPath, pod: { name, namespace: 'default' }, socket: options.cniSocket });
    assert.equal(add.exitCode, 0, `ADD ${name} failed: ${add.stdout}${add.stderr}`);
    const ips = add.json?.ips as { address: string; gateway?: string; interface?: number }[];
    record.ip = ips[0]!.address.split('/')[0]!;
    record.mac = (add.json?.interfaces as { mac: string }[])[1]!.mac;
    pods.set(name, record);
    return record;
  }

  before(async () => {
    assert.equal(process.getuid?.(), 0, 'this test needs root (network namespaces, veths, nftables)');
    central = await startOvnCentral();
    nb = await OvsdbClient.connect(central.nb.remote, { database: 'OVN_Northbound' });
    cluster = await openMemoryCluster();
    await cluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    const created = await cluster.create<KubeObject>({ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, labels: { 'kubernetes.io/hostname': NODE } } });
    await cluster.updateStatus({ ...created, status: { addresses: [{ type: 'InternalIP', address: '172.31.255.1' }], conditions: [{ type: 'Ready', status: 'True' }] } });
    controller = new Controller(cluster, nb);
    await controller.start();

    dir = makeTempDir('agent');
    nodeNetns = await makeTestNetns();
    const prefix = ['ip', 'netns', 'exec', nodeNetns];
    await runCommand(['ip', '-n', nodeNetns, 'link', 'set', 'lo', 'up']);
    const dbPath = join(dir, 'conf.db');
    await createStandaloneDatabase(dbPath, SCHEMAS.Open_vSwitch);
    ovsdb = await startOvsdbServer({ dir, name: 'ovsdb', dbPaths: [dbPath], commandPrefix: prefix });
    options = {
      nodeName: NODE,
      cluster,
      ovsRemote: ovsdb.remote,
      netns: nodeNetns,
      cniSocket: join(dir, 'cni.sock'),
      sbRemote: central.sb.remote,
      encapIp: '172.31.255.1',
      datapathType: 'netdev',
      mtu: 1400,
      hostVethPrefix: 'kt',
    };
    await configureChassis(options);
    vswitchd = await startOvsVswitchd({ dir, dbRemote: ovsdb.remote, commandPrefix: prefix });
    await vswitchd.waitReconfigured();
    ovnController = await startOvnController({ dir, dbRemote: ovsdb.remote, ovsRunDir: vswitchd.runDir, commandPrefix: prefix });
    agent = new NodeAgent(options, TUNING);
    await agent.start();
  });

  after(async () => {
    // Each step runs even when an earlier one fails.
    await Promise.allSettled(helpers.map((h) => (h.pid ? stopProcess(h.pid, 500) : undefined)));
    await agent?.stop().catch(() => undefined);
    await Promise.allSettled([ovnController?.stop()]);
    await Promise.allSettled([vswitchd?.stop()]);
    await Promise.allSettled([ovsdb?.stop()]);
    for (const ns of podNetns) await deleteTestNetns(ns);
    if (nodeNetns) await deleteTestNetns(nodeNetns);
    if (dir) removeTempDir(dir);
    await controller?.stop().catch(() => undefined);
    await nb?.close().catch(() => undefined);
    await central?.stop();
  });

  it('writes the chassis settings and br-int into the node database', async () => {
    const ids = await ovsVsctl(ovsdb!.remote, 'get', 'Open_vSwitch', '.', 'external_ids');
    for (const pair of [`system-id=${NODE}`, `hostname=${NODE}`, 'ovn-encap-type=geneve', 'ovn-encap-ip="172.31.255.1"', 'ovn-bridge=br-int', 'ovn-bridge-datapath-type=netdev']) {
      assert.ok(ids.replaceAll('"', '').includes(pair.replaceAll('"', '')), `external_ids ${ids} lacks ${pair}`);
    }
    assert.equal(await ovsVsctl(ovsdb!.remote, 'get', 'Bridge', 'br-int', 'fail_mode'), 'secure');
    assert.equal(unquote(await ovsVsctl(ovsdb!.remote, 'get', 'Bridge', 'br-int', 'other_config:disable-in-band')), 'true');
  });

  it('publishes the chassis on the node and serves CNI on a root-only socket', async () => {
    const node = await cluster.get('Node', NODE);
    assert.equal(node?.metadata.annotations?.['ovn.kubernetes.io/chassis'], NODE);
    assert.equal(statSync(options.cniSocket).mode & 0o777, 0o600);
  });

  it('answers VERSION with the supported versions', async () => {
    const out = await runCni({ command: 'VERSION', stdin: JSON.stringify({ cniVersion: '1.0.0' }) });
    assert.equal(out.exitCode, 0);
    assert.deepEqual(out.json, { cniVersion: '1.0.0', supportedVersions: ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] });
  });

  it('reports malformed stdin, an unknown command and a missing agent socket as CNI errors', async () => {
    const malformed = await runCni({ command: 'ADD', containerId: 'x', netns: '/var/run/netns/none', pod: { name: 'p', namespace: 'default' }, stdin: '{not json' });
    assert.notEqual(malformed.exitCode, 0);
    assert.equal(malformed.json?.code, 6);
    assert.match(String(malformed.json?.msg), /not JSON/);

    const unknown = await runCni({ command: 'FROB', socket: options.cniSocket });
    assert.notEqual(unknown.exitCode, 0);
    assert.equal(unknown.json?.code, 4);
    assert.match(String(unknown.json?.msg), /FROB/);

    const noSocket = await runCni({ command: 'ADD', containerId: 'x', netns: '/var/run/netns/none', pod: { name: 'p', namespace: 'default' }, socket: join(dir, 'absent.sock') });
    assert.notEqual(noSocket.exitCode, 0);
    assert.equal(noSocket.json?.code, 11);
    assert.equal(noSocket.json?.cniVersion, '1.0.0');

    const delNoSocket = await runCni({ command: 'DEL', containerId: 'x', pod: { name: 'p', namespace: 'default' }, socket: join(dir, 'absent.sock') });
    assert.equal(delNoSocket.exitCode, 0, delNoSocket.stdout);

    const badVersion = await runCni({ command: 'ADD', containerId: 'x', netns: '/var/run/netns/none', pod: { name: 'p', namespace: 'default' }, stdin: networkConfig(options.cniSocket, '9.9.9') });
    assert.equal(badVersion.json?.code, 1);
  });

  it('ADD plumbs a pod: interface name, MAC, MTU, address, routes; OVS port bound and ovn-installed', async () => {
    const a = await addPod('pod-a');
    const eth0 = await linkJson(a, 'eth0');
    assert.equal(eth0.address, a.mac);
    assert.equal(eth0.mtu, 1400);
    assert.ok(eth0.addr_info.some((x) => x.local === a.ip && x.prefixlen === 16), JSON.stringify(eth0.addr_info));
    const pod = await cluster.get('Pod', 'pod-a', 'default');
    assert.equal(a.ip, pod?.metadata.annotations?.['ovn.kubernetes.io/ip_address']);
    assert.equal(a.mac, pod?.metadata.annotations?.['ovn.kubernetes.io/mac_address']);
    const routes = (await inPod(a, 'ip', 'route', 'show', 'default')).stdout;
    assert.match(routes, /default via 10\.16\.0\.1 dev eth0/);

    const host = vethNames('kt', 'default', 'pod-a', 'eth0').host;
    assert.equal(unquote(await ovsVsctl(ovsdb!.remote, 'get', 'Interface', host, 'external_ids:iface-id')), 'pod-a.default');
    assert.equal(unquote(await ovsVsctl(ovsdb!.remote, 'get', 'Interface', host, 'external_ids:ovn-installed')), 'true');
    assert.equal(unquote(await ovsVsctl(ovsdb!.remote, 'get', 'Interface', host, 'external_ids:vendor')), 'kovn');
    assert.equal(unquote(await ovsVsctl(ovsdb!.remote, 'get', 'Interface', host, 'external_ids:pod_netns')), a.netnsPath);
    assert.equal(unquote(await ovsVsctl(ovsdb!.remote, 'get', 'Interface', host, 'external_ids:ip_address')), a.ip);
    const offload = (await inNode('ethtool', '-k', host)).stdout;
    assert.match(offload, /tx-checksumming: off/);
    assert.match((await inPod(a, 'ethtool', '-k', 'eth0')).stdout, /tx-checksumming: off/);
    const events = (await cluster.list('Event', { namespace: 'default' })).items as { involvedObject?: { name?: string }; reason?: string; message?: string }[];
    const configured = events.find((e) => e.involvedObject?.name === 'pod-a' && e.reason === 'PodNetworkConfigured');
    assert.match(String(configured?.message), new RegExp(`subnet=ovn-default ip=${a.ip.replaceAll('.', '\\.')} mac=${a.mac}`));
  });

  it('returns a spec-shaped result and passes CHECK', async () => {
    const b = await addPod('pod-b');
    const check = await runCni({ command: 'CHECK', containerId: b.containerId, netns: b.netnsPath, pod: { name: 'pod-b', namespace: 'default' }, socket: options.cniSocket });
    assert.equal(check.exitCode, 0, check.stdout);
    const status = await runCni({ command: 'STATUS', socket: options.cniSocket });
    assert.equal(status.exitCode, 0, status.stdout);
  });

  it('moves packets: pod to pod, pod to gateway, TCP between pods, node to pod through ovn0', async () => {
    const a = pods.get('pod-a')!;
    const b = pods.get('pod-b')!;
    await pingFrom((...argv) => inPod(a, ...argv), b.ip);
    await pingFrom((...argv) => inPod(a, ...argv), '10.16.0.1');

    const server = spawn('ip', ['netns', 'exec', b.netnsName, process.execPath, '-e',
      "const n=require('net').createServer({allowHalfOpen:true},s=>{let c=0;s.on('data',d=>c+=d.length);s.on('end',()=>s.end('got '+c))});n.listen(8080,()=>console.log('listening'))"], { stdio: ['ignore', 'pipe', 'inherit'] });
    helpers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
      server.once('exit', () => reject(new Error('TCP server exited')));
    });
    const client = await inPod(a, process.execPath, '-e',
      `const s=require('net').connect(8080,'${b.ip}',()=>s.end(Buffer.alloc(200000,120)));let r='';s.on('data',d=>r+=d);s.on('end',()=>{console.log(r);process.exit(0)});setTimeout(()=>process.exit(3),10000)`);
    assert.equal(client.stdout.trim(), 'got 200000');

    const routes = (await inNode('ip', 'route', 'show', 'dev', 'ovn0')).stdout;
    assert.match(routes, /10\.16\.0\.0\/16 via 100\.64\.0\.1/);
    await pingFrom((...argv) => inNode(...argv), a.ip);
  });

  it('re-adds the host route when a link flap deletes it', async () => {
    await inNode('ip', 'link', 'set', 'ovn0', 'down');
    await inNode('ip', 'link', 'set', 'ovn0', 'up');
    await waitFor('route re-added', async () => /10\.16\.0\.0\/16 via 100\.64\.0\.1/.test((await inNode('ip', 'route', 'show', 'dev', 'ovn0')).stdout));
    await pingFrom((...argv) => inNode(...argv), pods.get('pod-a')!.ip);
  });

  it('masquerades natOutgoing subnets with one nft table it owns: outside hosts see the node address', async () => {
    const ruleset = (await inNode('nft', 'list', 'table', 'inet', 'kovn')).stdout;
    assert.match(ruleset, /set nat4[\s\S]*10\.16\.0\.0\/16/);
    assert.match(ruleset, /set cluster4[\s\S]*100\.64\.0\.0\/16/);
    assert.match(ruleset, /ip saddr @nat4 ip daddr != @cluster4 masquerade/);

    // An "outside" host on a veth from the node: a pod reaches it through the distributed gateway (ovn0).
    const ext = await makeTestNetns();
    podNetns.push(ext);
    await runCommand(['ip', '-n', nodeNetns, 'link', 'add', 'kt-ext', 'type', 'veth', 'peer', 'name', 'kt-ext-peer', 'netns', ext]);
    await inNode('ethtool', '-K', 'kt-ext', 'tx', 'off');
    await runCommand(['ip', 'netns', 'exec', ext, 'ethtool', '-K', 'kt-ext-peer', 'tx', 'off']);
    await runCommand(['ip', '-n', nodeNetns, 'addr', 'add', '192.0.2.1/24', 'dev', 'kt-ext']);
    await runCommand(['ip', '-n', nodeNetns, 'link', 'set', 'kt-ext', 'up']);
    await runCommand(['ip', '-n', ext, 'addr', 'add', '192.0.2.2/24', 'dev', 'kt-ext-peer']);
    await runCommand(['ip', '-n', ext, 'link', 'set', 'kt-ext-peer', 'up']);
    const server = spawn('ip', ['netns', 'exec', ext, process.execPath, '-e',
      "require('net').createServer(s=>s.end(s.remoteAddress)).listen(8081,()=>console.log('listening'))"], { stdio: ['ignore', 'pipe', 'inherit'] });
    helpers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
      server.once('exit', () => reject(new Error('outside server exited')));
    });
    const a = pods.get('pod-a')!;
    const seen = await waitFor('the outside host to answer the pod', async () =>
      (await inPod(a, process.execPath, '-e', "const s=require('net').connect(8081,'192.0.2.2');let r='';s.on('data',d=>r+=d);s.on('end',()=>{console.log(r);process.exit(0)});s.on('error',()=>process.exit(2));setTimeout(()=>process.exit(3),2000)")).stdout.trim());
    assert.equal(seen.replace(/^::ffff:/, ''), '192.0.2.1');
  });

  it('fails ADD with a clear error when the controller never allocates the pod', async () => {
    const netnsName = await makeTestNetns();
    podNetns.push(netnsName);
    const out = await runCni({ command: 'ADD', containerId: 'ghost-1', netns: `/var/run/netns/${netnsName}`, pod: { name: 'ghost', namespace: 'default' }, socket: options.cniSocket });
    assert.notEqual(out.exitCode, 0);
    assert.equal(out.json?.code, 100);
    assert.match(String(out.json?.msg), /pod default\/ghost: no address allocated .*the pod does not exist/);
  });

  it('takes the tunnel endpoint from the tunnel interface, and the node annotation overrides the interface', async () => {
    for (const [dev, ip] of [['kt-tun0', '172.30.1.1'], ['kt-tun1', '172.30.2.1']]) {
      // This kernel has no dummy interfaces: a veth pair inside the node namespace stands in for a NIC.
      await runCommand(['ip', '-n', nodeNetns, 'link', 'add', dev!, 'type', 'veth', 'peer', 'name', `${dev}p`]);
      await runCommand(['ip', '-n', nodeNetns, 'addr', 'add', `${ip}/24`, 'dev', dev!]);
    }
    const { encapIp: _explicit, ...rest } = options;
    await configureChassis({ ...rest, tunnelInterface: 'kt-tun0' });
    assert.equal(unquote(await ovsVsctl(ovsdb!.remote, 'get', 'Open_vSwitch', '.', 'external_ids:ovn-encap-ip')), '172.30.1.1');
    await cluster.patch('Node', NODE, { metadata: { annotations: { 'ovn.kubernetes.io/tunnel_interface': 'kt-tun1' } } });
    await configureChassis({ ...rest, tunnelInterface: 'kt-tun0' });
    assert.equal(unquote(await ovsVsctl(ovsdb!.remote, 'get', 'Open_vSwitch', '.', 'external_ids:ovn-encap-ip')), '172.30.2.1');
    await cluster.patch('Node', NODE, { metadata: { annotations: { 'ovn.kubernetes.io/tunnel_interface': null } } });
    await configureChassis(options);
    assert.equal(unquote(await ovsVsctl(ovsdb!.remote, 'get', 'Open_vSwitch', '.', 'external_ids:ovn-encap-ip')), '172.31.255.1');
  });

  it('restarting the agent under running pods changes nothing for them', async () => {
    const before = await ovsVsctl(ovsdb!.remote, '--columns=_uuid,name,ofport', 'list', 'Interface');
    const ovn0Before = (await inNode('ip', '-json', 'addr', 'show', 'dev', 'ovn0')).stdout;
    await agent!.stop();
    assert.equal(existsSync(options.cniSocket), false, 'the socket goes with the agent');
    agent = new NodeAgent(options, TUNING);
    await agent.start();
    assert.equal(await ovsVsctl(ovsdb!.remote, '--columns=_uuid,name,ofport', 'list', 'Interface'), before);
    assert.equal((await inNode('ip', '-json', 'addr', 'show', 'dev', 'ovn0')).stdout, ovn0Before);
    const a = pods.get('pod-a')!;
    await pingFrom((...argv) => inPod(a, ...argv), pods.get('pod-b')!.ip);
    const check = await runCni({ command: 'CHECK', containerId: a.containerId, netns: a.netnsPath, pod: { name: 'pod-a', namespace: 'default' }, socket: options.cniSocket });
    assert.equal(check.exitCode, 0, check.stdout);
  });

  it('DEL removes the port and the veth, and is idempotent', async () => {
    const b = pods.get('pod-b')!;
    const host = vethNames('kt', 'default', 'pod-b', 'eth0').host;
    const call = { command: 'DEL', containerId: b.containerId, netns: b.netnsPath, pod: { name: 'pod-b', namespace: 'default' }, socket: options.cniSocket };
    const first = await runCni(call);
    assert.equal(first.exitCode, 0, first.stdout);
    assert.equal(await ovsVsctl(ovsdb!.remote, '--bare', '--columns=name', 'find', 'Interface', `name=${host}`), '');
    await assert.rejects(inNode('ip', 'link', 'show', host));
    const again = await runCni(call);
    assert.equal(again.exitCode, 0, again.stdout);
    const noNetns = await runCni({ ...call, netns: '/var/run/netns/kovn-gone' });
    assert.equal(noNetns.exitCode, 0, noNetns.stdout);
  });

  it('collects the port of a pod that no longer exists', async () => {
    const c = await addPod('pod-c');
    const host = vethNames('kt', 'default', 'pod-c', 'eth0').host;
    await cluster.delete('Pod', 'pod-c', 'default');
    const removed = await agent!.collectGarbage();
    assert.deepEqual(removed, [host]);
    assert.equal(await ovsVsctl(ovsdb!.remote, '--bare', '--columns=name', 'find', 'Interface', `name=${host}`), '');
    await assert.rejects(inPod(c, 'ip', 'link', 'show', 'eth0'));
    assert.ok(pods.has('pod-a'));
    assert.notEqual(await ovsVsctl(ovsdb!.remote, '--bare', '--columns=name', 'find', 'Interface', `name=${vethNames('kt', 'default', 'pod-a', 'eth0').host}`), '');
  });

  it('collects the port of a pod whose network namespace is gone', async () => {
    const d = await addPod('pod-d');
    const host = vethNames('kt', 'default', 'pod-d', 'eth0').host;
    await deleteTestNetns(d.netnsName);
    assert.deepEqual(await agent!.collectGarbage(), [host]);
    assert.equal(await ovsVsctl(ovsdb!.remote, '--bare', '--columns=name', 'find', 'Interface', `name=${host}`), '');
  });
});
