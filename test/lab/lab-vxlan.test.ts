import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isProcessAlive } from '../../src/engine/proc/process-state.js';
import { listNetns } from '../../src/engine/lab/netns/network-namespaces.js';
import { waitFor } from '../support/ovn.js';
import { captureWhile, kovn, pingsWithin, startEchoServer, startTestLab, tcpEchoWorks, type PodObject, type TestLab } from './lab-harness.js';

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: main, image: kovn-lab}]}
`;

// Needs root. A second, small lab: VXLAN tunnels, and Deployments expanded into pods by the lab.
describe('kovn lab with 2 nodes over VXLAN, running a Deployment', { timeout: 240_000 }, () => {
  let lab: TestLab;
  const webPods = async () => {
    const list = JSON.parse(await lab.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'json'])) as { items: PodObject[] };
    return list.items.filter((p) => !p.metadata.deletionTimestamp);
  };
  const runningWebPods = (count: number) =>
    waitFor(`${count} running web pods`, async () => {
      const pods = await webPods();
      return pods.length === count && pods.every((p) => p.status?.phase === 'Running') ? pods : undefined;
    }, 60_000);

  before(async () => {
    assert.equal(process.getuid?.(), 0, 'the lab tests need root');
    lab = await startTestLab({ nodes: 2, encap: 'vxlan' });
  });
  after(async () => {
    await lab?.down();
  });

  it('spreads a Deployment over the nodes and connects its pods over VXLAN, with ping and TCP', async () => {
    await lab.apply(deployment(2));
    const pods = await runningWebPods(2);
    assert.deepEqual(pods.map((p) => p.spec.nodeName).sort(), ['node1', 'node2']);
    for (const p of pods) assert.match(p.metadata.name, /^web-[a-z0-9]{10}-[a-z0-9]{5}$/);
    const [a, b] = pods;
    const nsA = lab.names.podNetns('default', a.metadata.name);
    const nsB = lab.names.podNetns('default', b.metadata.name);
    const wire = await captureWhile(lab.names.fabricNetns, 'fabric', ['-c', '20', 'udp', 'port', '4789'], async () => {
      assert.ok(await pingsWithin(nsA, b.status!.podIP!), 'cross node ping');
    });
    assert.ok(wire.some((l) => l.includes('VXLAN')), `VXLAN on the fabric:\n${wire.join('\n')}`);
    const server = await startEchoServer(nsB, 7100);
    try {
      assert.ok(await tcpEchoWorks(nsA, b.status!.podIP!, 7100), 'cross node TCP');
    } finally {
      await server.stop();
    }
    assert.equal((await lab.vsctl(1, '--bare', '--columns=type', 'find', 'Interface', 'options:remote_ip=172.31.0.2')).trim(), 'vxlan');
  });

  it('scales the Deployment up and down, tearing down the pods it removes', async () => {
    await lab.kubectl(['patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"replicas":3}}']);
    await runningWebPods(3);
    await lab.kubectl(['patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"replicas":1}}']);
    const [left] = await runningWebPods(1);
    await waitFor('only one web pod namespace', () => listNetns(lab.names.podNetns('default', 'web-')).length === 1, 30_000);
    assert.deepEqual(listNetns(lab.names.podNetns('default', 'web-')), [lab.names.podNetns('default', left.metadata.name)]);
  });

  it('deletes every pod of a deleted Deployment, with its namespace', async () => {
    await lab.kubectl(['delete', 'deployment', 'web', '--wait=false']);
    await waitFor('no web pods', async () => (await webPods()).length === 0, 30_000);
    await waitFor('no pod namespaces', () => listNetns(lab.names.podNetns('default', '')).length === 0, 30_000);
  });

  it('goes down without leftovers', async () => {
    const status = await lab.refreshStatus();
    assert.equal(status.encap, 'vxlan');
    const pids = [status.pid, ...status.processes.map((p) => p.pid)];
    await kovn('lab', 'down', '--state-dir', lab.stateDir);
    assert.deepEqual(listNetns(lab.names.netnsPrefix), []);
    for (const pid of pids) assert.equal(isProcessAlive(pid), false, `pid ${pid} still running`);
  });
});
