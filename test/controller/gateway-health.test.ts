import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startOvnCentral, nbctl, waitFor as until, type TestOvnCentral } from '../support/ovn.js';
import { nodeObject as node, startSettledController } from '../support/controller-fixtures.js';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import type { Controller } from '../../src/engine/controller/controller.js';
import type { Subnet } from '../../src/engine/cluster/kinds/kubeovn-types.js';
import { GATEWAY_HEALTH_ANNOTATION, GATEWAY_LEASE_LABEL, GATEWAY_LEASE_NAMESPACE, gatewayLeaseName, microTime } from '../../src/engine/controller/gateway-heartbeat-lease.js';

describe('Gateway health: heartbeats move egress off dead gateway nodes (real NB + northd)', () => {
  let central: TestOvnCentral;
  let client: OvsdbClient;
  let cluster: MemoryCluster;
  let controller: Controller;
  const joinIp: Record<string, string> = {};
  const nb = (...args: string[]) => nbctl(central.nb.remote, ...args);
  const nexthopsOf = async (cidr: string) => {
    const line = (await nb('lr-policy-list', 'ovn-cluster')).split('\n').find((l) => l.includes(`ip4.src == ${cidr}`));
    // `29050  ip4.src == 10.40.0.0/24  reroute  100.64.0.3, 100.64.0.4`
    return line ? line.slice(line.indexOf('reroute') + 'reroute'.length).split(',').map((ip) => ip.trim()).sort() : [];
  };
  // What each node's agent would report; renewed every 200 ms like the agent's heartbeat (300 ms).
  const reporting = new Map<string, string>();
  let renewer: NodeJS.Timeout | undefined;
  const beat = async (n: string, health = 'ok') => {
    reporting.set(n, health);
    await write(n, health, Date.now());
  };
  /** The node goes quiet (no watch event at all): only the controller's staleness timer can notice. */
  const silence = (n: string) => reporting.delete(n);
  const write = async (n: string, health: string, at: number) => {
    const name = gatewayLeaseName(n);
    const body = { metadata: { annotations: { [GATEWAY_HEALTH_ANNOTATION]: health } }, spec: { holderIdentity: n, renewTime: microTime(at) } };
    if (await cluster.get('Lease', name, GATEWAY_LEASE_NAMESPACE)) await cluster.patch('Lease', name, body, GATEWAY_LEASE_NAMESPACE);
    else await cluster.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { ...body.metadata, name, namespace: GATEWAY_LEASE_NAMESPACE, labels: { [GATEWAY_LEASE_LABEL]: 'true' } }, spec: body.spec });
  };
  const subnetStatus = async (name: string) => (await cluster.get<Subnet>('Subnet', name))?.status;
  const eventsOf = async (name: string) =>
    (await cluster.list('Event', { namespace: 'default' })).items
      .filter((e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === name)
      .map((e) => `${String((e as { reason?: string }).reason)}: ${String((e as { message?: string }).message)}`);

  before(async () => {
    central = await startOvnCentral();
    client = await OvsdbClient.connect(central.nb.remote, { database: 'OVN_Northbound' });
    cluster = await openMemoryCluster();
    await cluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    for (const [n, ip] of [['n1', '172.31.0.1'], ['n2', '172.31.0.2'], ['n3', '172.31.0.3']]) await cluster.create(node(n, ip));
    controller = await startSettledController(cluster, client);
    for (const n of ['n1', 'n2', 'n3']) joinIp[n] = (await cluster.get('Node', n))!.metadata.annotations!['ovn.kubernetes.io/ip_address'];
    renewer = setInterval(() => {
      for (const [n, health] of reporting) void write(n, health, Date.now());
    }, 200);
  });
  after(async () => {
    clearInterval(renewer);
    await controller?.stop();
    await client?.close();
    await central?.stop();
  });

  it('takes an ECMP gateway that reports a sick datapath out of the next hops, names it, and puts it back', async () => {
    await beat('n2');
    await beat('n3');
    await cluster.create({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 'ecmp' }, spec: { cidrBlock: '10.40.0.0/24', gatewayType: 'centralized', gatewayNode: 'n2,n3', enableEcmp: true } });
    await until('both next hops', async () => (await nexthopsOf('10.40.0.0/24')).length === 2);
    assert.deepEqual(await nexthopsOf('10.40.0.0/24'), [joinIp.n2, joinIp.n3].sort());

    await beat('n2', 'ovs-vswitchd does not answer');
    await until('n2 out', async () => (await nexthopsOf('10.40.0.0/24')).join() === joinIp.n3);
    const degraded = await until('Gateway condition degraded', async () => (await subnetStatus('ecmp'))?.conditions?.find((c) => c.type === 'Gateway' && c.reason === 'GatewayDegraded'));
    assert.equal(degraded.message, 'egress through n3; unusable: n2 (ovs-vswitchd does not answer)');
    assert.equal((await subnetStatus('ecmp'))?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    await until('GatewayRemoved event', async () => (await eventsOf('ecmp')).some((e) => e === 'GatewayRemoved: ECMP gateway n2 (ovs-vswitchd does not answer) taken out; egress through n3'));

    await beat('n2');
    await until('n2 back', async () => (await nexthopsOf('10.40.0.0/24')).length === 2);
    await until('GatewayAdded event', async () => (await eventsOf('ecmp')).some((e) => e.startsWith('GatewayAdded: ECMP gateway n2 in use')));
    await until('Gateway condition clean', async () => (await subnetStatus('ecmp'))?.conditions?.find((c) => c.type === 'Gateway')?.reason === 'GatewaysInUse');
  });

  it('treats a heartbeat that stops as a dead node, within about a second', async () => {
    const quietFrom = Date.now();
    silence('n3');
    await until('n3 out', async () => (await nexthopsOf('10.40.0.0/24')).join() === joinIp.n2);
    // Figure for docs/benchmarks.md: up to 200 ms since the last renewal, plus 1 s of grace, plus the NB pass.
    console.log(`# silent gateway out of the NB next hops ${Date.now() - quietFrom} ms after it went quiet`);
    assert.match((await subnetStatus('ecmp'))?.conditions?.find((c) => c.type === 'Gateway')?.message ?? '', /unusable: n3 \(no heartbeat for \d+\.\d s\)/);
    await beat('n3');
    await until('n3 back', async () => (await nexthopsOf('10.40.0.0/24')).length === 2);
  });

  it('moves an active-backup gateway to the backup and says why; no usable node at all is NoActiveGateway naming each', async () => {
    await cluster.create({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 'ab' }, spec: { cidrBlock: '10.41.0.0/24', gatewayType: 'centralized', gatewayNode: 'n2,n3' } });
    await until('active n2', async () => (await subnetStatus('ab'))?.activateGateway === 'n2');
    assert.deepEqual(await nexthopsOf('10.41.0.0/24'), [joinIp.n2]);

    await beat('n2', 'uplink br-phy has no link (eth0 down)');
    await until('active n3', async () => (await subnetStatus('ab'))?.activateGateway === 'n3');
    assert.deepEqual(await nexthopsOf('10.41.0.0/24'), [joinIp.n3]);
    await until('GatewayChanged event', async () => (await eventsOf('ab')).includes('GatewayChanged: active gateway moved from n2 to n3 (n2: uplink br-phy has no link (eth0 down))'));

    // The backup recovering changes no OVN row (no fail-back), but the condition stops naming it.
    await beat('n2');
    await until('n2 no longer named', async () => (await subnetStatus('ab'))?.conditions?.find((c) => c.type === 'Gateway')?.message === 'egress through n3');
    assert.equal((await subnetStatus('ab'))?.activateGateway, 'n3');
    await beat('n2', 'uplink br-phy has no link (eth0 down)');
    await until('n2 named again', async () => /unusable: n2/.test((await subnetStatus('ab'))?.conditions?.find((c) => c.type === 'Gateway')?.message ?? ''));

    await beat('n3', 'ovn-controller does not answer');
    const ready = await until('NoActiveGateway', async () => (await subnetStatus('ab'))?.conditions?.find((c) => c.type === 'Ready' && c.reason === 'NoActiveGateway'));
    assert.equal(ready.message, 'centralized subnet has no usable gateway (gateway nodes unusable: n2 (uplink br-phy has no link (eth0 down)), n3 (ovn-controller does not answer)); egress is not rerouted');
    assert.equal((await subnetStatus('ab'))?.activateGateway, undefined);
    assert.deepEqual(await nexthopsOf('10.41.0.0/24'), []);
    await until('NoActiveGateway event', async () => (await eventsOf('ab')).some((e) => e.startsWith('NoActiveGateway: no usable gateway node (n2 (uplink')));

    await beat('n2');
    await beat('n3');
    await until('active again', async () => (await subnetStatus('ab'))?.activateGateway !== undefined);
    // No needless fail-back: whichever came back first stays active; egress goes through exactly one node.
    assert.equal((await nexthopsOf('10.41.0.0/24')).length, 1);
    await until('GatewayRestored event', async () => (await eventsOf('ab')).some((e) => e.startsWith('GatewayRestored: gateway')));
  });

  it('forgets a node whose heartbeat Lease is deleted (it stopped being a gateway): Node Ready decides again', async () => {
    await beat('n1', 'ovs-vswitchd does not answer');
    await cluster.patch('Subnet', 'ecmp', { spec: { gatewayNode: 'n1,n2,n3' } });
    await until('n1 left out', async () => (await nexthopsOf('10.40.0.0/24')).length === 2);
    reporting.delete('n1');
    await cluster.delete('Lease', gatewayLeaseName('n1'), GATEWAY_LEASE_NAMESPACE);
    await until('n1 in', async () => (await nexthopsOf('10.40.0.0/24')).length === 3);
  });
});
