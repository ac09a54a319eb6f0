import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startOvnCentral, nbctl, waitFor, type TestOvnCentral } from '../support/ovn.js';
import { nodeObject as node, podObject as pod } from '../support/controller-fixtures.js';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import { Controller } from '../../src/engine/controller/controller.js';
import type { IP, Subnet } from '../../src/engine/cluster/kinds/kubeovn-types.js';

const ANN = 'ovn.kubernetes.io';

/**
 * A controller starting on a cluster that already holds pods without addresses (a cold start, or pods
 * created while it was down): it allocates them before its first NB pass, so that pass writes their ports,
 * and the reconciles that follow store exactly those addresses.
 */
describe('Controller cold start on a populated cluster (real NB + northd)', () => {
  let central: TestOvnCentral;
  let client: OvsdbClient;
  let cluster: MemoryCluster;
  let controller: Controller;
  const nb = (...args: string[]) => nbctl(central.nb.remote, ...args);
  /** Switch ports right after start() returned (its first pass done, reconciles only just begun). */
  let portsAtStart: string[] = [];

  before(async () => {
    central = await startOvnCentral();
    client = await OvsdbClient.connect(central.nb.remote, { database: 'OVN_Northbound' });
    cluster = await openMemoryCluster();
    for (const ns of ['default', 'packed']) await cluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await cluster.create(node('n1', '172.31.0.1'));
    await cluster.create(node('n2', '172.31.0.2'));
    // Two subnets for namespace `packed`: the first has one free address left, the second plenty.
    await cluster.create({
      apiVersion: 'kubeovn.io/v1',
      kind: 'Subnet',
      metadata: { name: 'a-tight' },
      spec: { cidrBlock: '10.200.0.0/29', protocol: 'IPv4', namespaces: ['packed'], excludeIps: ['10.200.0.2..10.200.0.5'] },
    });
    await cluster.create({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 'b-spare' }, spec: { cidrBlock: '10.201.0.0/24', protocol: 'IPv4', namespaces: ['packed'] } });
    await cluster.create(pod('web-1', 'default', 'n1'));
    await cluster.create(pod('web-2', 'default', 'n2'));
    await cluster.create(pod('fixed', 'default', 'n1', { [`${ANN}/ip_address`]: '10.16.0.50' }));
    await cluster.create(pod('squatter', 'default', 'n2', { [`${ANN}/ip_address`]: '10.16.0.50' }));
    await cluster.create(pod('tenant', 'packed', 'n1'));
    controller = new Controller(cluster, client);
    await controller.start();
    portsAtStart = (await nb('--bare', '--columns=name', 'list', 'Logical_Switch_Port')).split(/\s+/).filter((s) => s !== '');
    // The squatter keeps failing (as it should), so settling only waits a little; tests poll for the rest.
    await controller.settle(1500);
  });
  after(async () => {
    await controller?.stop();
    await client?.close();
    await central?.stop();
  });

  it('writes the ports of pods and nodes that had no address in its first NB pass', () => {
    for (const port of ['web-1.default', 'web-2.default', 'fixed.default', 'tenant.packed', 'node-n1', 'node-n2']) {
      assert.ok(portsAtStart.includes(port), `${port} missing after start(): ${portsAtStart.join(' ')}`);
    }
  });

  it('stores the primed addresses: annotations, switch port and IP object agree, and the pod is routed', async () => {
    for (const [name, ns] of [['web-1', 'default'], ['web-2', 'default'], ['fixed', 'default'], ['tenant', 'packed']]) {
      const p = await waitFor(`${ns}/${name} routed`, async () => {
        const p = await cluster.get('Pod', name, ns);
        return p?.metadata.annotations?.[`${ANN}/routed`] === 'true' && p;
      });
      const ann = p.metadata.annotations ?? {};
      const addresses = (await nb('lsp-get-addresses', `${name}.${ns}`)).trim();
      assert.equal(addresses, `${ann[`${ANN}/mac_address`]} ${ann[`${ANN}/ip_address`]}`);
      const ip = await cluster.get<IP>('IP', `${name}.${ns}`);
      assert.equal(ip?.spec.v4IpAddress, ann[`${ANN}/ip_address`]);
      assert.equal(ip?.spec.macAddress, ann[`${ANN}/mac_address`]);
    }
    assert.equal((await cluster.get('Pod', 'fixed', 'default'))?.metadata.annotations?.[`${ANN}/ip_address`], '10.16.0.50');
  });

  it('leaves a pod whose static address is taken to its reconcile: a Warning naming the holder, no port', async () => {
    const events = await waitFor('AcquireAddressFailed event', async () => {
      const list = (await cluster.list('Event', { namespace: 'default' })).items as unknown as { reason?: string; message?: string; involvedObject?: { name?: string } }[];
      const found = list.filter((e) => e.reason === 'AcquireAddressFailed' && e.involvedObject?.name === 'squatter');
      return found.length > 0 && found;
    });
    assert.match(events[0].message ?? '', /10\.16\.0\.50/);
    assert.match(events[0].message ?? '', /default\/fixed/);
    assert.equal((await nb('--bare', '--columns=name', 'find', 'Logical_Switch_Port', 'name=squatter.default')).trim(), '');
  });

  it('keeps a pod on the bound subnet it was primed into, even when that took its last address', async () => {
    const ann = (await cluster.get('Pod', 'tenant', 'packed'))?.metadata.annotations ?? {};
    assert.equal(ann[`${ANN}/logical_switch`], 'a-tight');
    assert.equal(ann[`${ANN}/ip_address`], '10.200.0.6');
    await waitFor('usage counted', async () => {
      const tight = await cluster.get<Subnet>('Subnet', 'a-tight');
      const spare = await cluster.get<Subnet>('Subnet', 'b-spare');
      return tight?.status?.v4usingIPs === 1 && spare?.status?.v4usingIPs === 0;
    });
    assert.equal(controller.ipam.allocation('tenant.packed', 'b-spare'), undefined);
  });
});
