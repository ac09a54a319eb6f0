import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startOvnCentral, nbctl, waitFor as until, type TestOvnCentral } from '../support/ovn.js';
import { nodeObject, podObject, startSettledController } from '../support/controller-fixtures.js';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import { Controller } from '../../src/engine/controller/controller.js';
import type { KubeObject } from '../../src/engine/cluster/types.js';
import type { OvnEip, Vpc } from '../../src/engine/cluster/kinds/kubeovn-types.js';

type Status = { ready?: boolean; v4Ip?: string; macAddress?: string; nat?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };

function kubeovn(kind: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'kubeovn.io/v1', kind, metadata: { name }, spec } as KubeObject;
}

function gatewayNode(name: string, ip: string, chassis: string, labelled: boolean): KubeObject {
  const n = nodeObject(name, ip);
  n.metadata.annotations = { 'ovn.kubernetes.io/chassis': chassis };
  n.metadata.labels = { ...n.metadata.labels, 'extnet.provider-network.kubernetes.io/ready': 'true', ...(labelled ? { 'ovn.kubernetes.io/external-gw': 'true' } : {}) };
  return n;
}

describe('Custom VPC external access and OVN-native NAT, controller on the embedded store and a real NB + northd', () => {
  let central: TestOvnCentral;
  let client: OvsdbClient;
  let cluster: MemoryCluster;
  let controller: Controller;
  const nb = (...args: string[]) => nbctl(central.nb.remote, ...args);
  const sbctl = async (...args: string[]) => (await runCommand(['ovn-sbctl', `--db=${central.sb.remote}`, ...args], { timeoutMs: 15_000 })).stdout;
  const status = async (kind: string, name: string) => (await cluster.get(kind, name))?.status as Status | undefined;
  const ready = (s: Status | undefined) => s?.conditions?.find((c) => c.type === 'Ready');
  const waitReady = (kind: string, name: string) => until(`${kind} ${name} Ready`, async () => ready(await status(kind, name))?.status === 'True');
  /** Waits for Ready=False with `reason` and returns the message. */
  const rejected = async (kind: string, name: string, reason: string) =>
    (await until(`${kind} ${name} rejected with ${reason}`, async () => {
      const c = ready(await status(kind, name));
      return c?.status === 'False' && c.reason === reason && c;
    })).message ?? '';
  const natLines = async (router: string) => (await nb('lr-nat-list', router)).split('\n').filter((l) => /snat/.test(l));

  before(async () => {
    central = await startOvnCentral();
    client = await OvsdbClient.connect(central.nb.remote, { database: 'OVN_Northbound' });
    cluster = await openMemoryCluster();
    for (const ns of ['default', 'ns1']) await cluster.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await cluster.create(gatewayNode('n1', '172.31.0.1', 'ch-n1', true));
    await cluster.create(gatewayNode('n2', '172.31.0.2', 'ch-n2', false));
    await cluster.create(kubeovn('ProviderNetwork', 'extnet', { defaultInterface: 'eth1' }));
    await cluster.create(kubeovn('Vlan', 'ext0', { id: 0, provider: 'extnet' }));
    await cluster.create(kubeovn('Subnet', 'external', { cidrBlock: '10.1.0.0/24', gateway: '10.1.0.254', protocol: 'IPv4', vlan: 'ext0', excludeIps: ['10.1.0.200..10.1.0.254'] }));
    await cluster.create(kubeovn('Vpc', 'vpc1', { namespaces: ['ns1'], enableExternal: true }));
    await cluster.create(kubeovn('Subnet', 's1', { cidrBlock: '10.0.1.0/24', protocol: 'IPv4', vpc: 'vpc1', namespaces: ['ns1'] }));
    await cluster.create(kubeovn('Vpc', 'vpc2', { enableExternal: true }));
    await cluster.create(kubeovn('Subnet', 's2', { cidrBlock: '10.0.2.0/24', protocol: 'IPv4', vpc: 'vpc2' }));
    await cluster.create(kubeovn('Vpc', 'vpc3', {}));
    await cluster.create(kubeovn('Subnet', 's3', { cidrBlock: '10.0.3.0/24', protocol: 'IPv4', vpc: 'vpc3' }));
    await cluster.create(podObject('web', 'ns1', 'n1'));
    await cluster.create(podObject('db', 'ns1', 'n2'));
    controller = await startSettledController(cluster, client);
  });
  after(async () => {
    await controller?.stop();
    await client?.close();
    await central?.stop();
  });

  it('connects an enableExternal VPC: router port addressed from the external subnet, gateway chassis on labelled nodes, default route, Ready', async () => {
    await waitReady('Vpc', 'vpc1');
    assert.equal((await cluster.get<Vpc>('Vpc', 'vpc1'))?.status?.enableExternal, true);
    const eip = await until('lrp eip ready', async () => (await status('OvnEip', 'vpc1-external'))?.ready && (await status('OvnEip', 'vpc1-external')));
    assert.match(eip.v4Ip ?? '', /^10\.1\.0\.\d+$/);
    assert.equal((await cluster.get<OvnEip>('OvnEip', 'vpc1-external'))?.spec.type, 'lrp');
    assert.match(await nb('get', 'Logical_Router_Port', 'vpc1-external', 'networks'), new RegExp(`${eip.v4Ip!.replaceAll('.', '\\.')}/24`));
    assert.equal((await nb('get', 'Logical_Router_Port', 'vpc1-external', 'mac')).trim().replaceAll('"', ''), eip.macAddress);
    assert.equal((await nb('lsp-get-type', 'external-vpc1')).trim(), 'router');
    assert.match(await nb('lrp-get-gateway-chassis', 'vpc1-external'), /vpc1-external-ch-n1\s+1/);
    assert.match(await nb('lr-route-list', 'vpc1'), /0\.0\.0\.0\/0\s+10\.1\.0\.254 dst-ip/);
    // northd turns the gateway chassis into a chassisredirect port for the distributed gateway port.
    await until('cr port in SB', async () => /cr-vpc1-external/.test(await sbctl('--bare', '--columns=logical_port', 'find', 'Port_Binding', 'type=chassisredirect')));
  });

  it('adds a gateway chassis when another node is labelled external-gw=true', async () => {
    await cluster.patch('Node', 'n2', { metadata: { labels: { 'ovn.kubernetes.io/external-gw': 'true' } } });
    await until('two gateway chassis', async () => (await nb('lrp-get-gateway-chassis', 'vpc1-external')).trim().split('\n').length === 2);
    const lines = (await nb('lrp-get-gateway-chassis', 'vpc1-external')).trim().split('\n');
    assert.deepEqual(lines.map((l) => l.trim().split(/\s+/)[1]).sort(), ['1', '2']);
  });

  it('gives an OvnEip an address from the external subnet and a FIP the dnat_and_snat row to the pod', async () => {
    await cluster.create(kubeovn('OvnEip', 'eip-fip', {}));
    await cluster.create(kubeovn('OvnFip', 'fip1', { ovnEip: 'eip-fip', ipName: 'web.ns1' }));
    await waitReady('OvnFip', 'fip1');
    const eip = (await status('OvnEip', 'eip-fip'))!;
    const web = (await cluster.get('IP', 'web.ns1'))!.spec as { v4IpAddress: string };
    assert.match(eip.v4Ip ?? '', /^10\.1\.0\.\d+$/);
    assert.match((await natLines('vpc1')).join('\n'), new RegExp(`dnat_and_snat\\s+${eip.v4Ip!.replaceAll('.', '\\.')}\\s+${web.v4IpAddress.replaceAll('.', '\\.')}`));
    await until('eip lists its NAT use', async () => (await status('OvnEip', 'eip-fip'))?.nat === 'fip');
  });

  it('writes an SNAT row for a subnet and a router load balancer for a DNAT sharing one EIP', async () => {
    await cluster.create(kubeovn('OvnEip', 'eip-shared', { v4Ip: '10.1.0.100' }));
    await cluster.create(kubeovn('OvnSnatRule', 'snat1', { ovnEip: 'eip-shared', vpcSubnet: 's1' }));
    await cluster.create(kubeovn('OvnDnatRule', 'dnat1', { ovnEip: 'eip-shared', ipName: 'db.ns1', externalPort: '8080', internalPort: '80', protocol: 'tcp' }));
    await waitReady('OvnSnatRule', 'snat1');
    await waitReady('OvnDnatRule', 'dnat1');
    assert.match((await natLines('vpc1')).join('\n'), /snat\s+10\.1\.0\.100\s+10\.0\.1\.0\/24/);
    const db = ((await cluster.get('IP', 'db.ns1'))!.spec as { v4IpAddress: string }).v4IpAddress;
    assert.match(await nb('lr-lb-list', 'vpc1'), new RegExp(`dnat1\\s+tcp\\s+10\\.1\\.0\\.100:8080\\s+${db.replaceAll('.', '\\.')}:80`));
    await until('eip lists both uses', async () => (await status('OvnEip', 'eip-shared'))?.nat === 'dnat,snat');
    // northd programs the DNAT on the router's gateway port.
    await until('DNAT logical flow', async () => (await sbctl('lflow-list', 'vpc1')).includes(`ct_lb_mark(backends=${db}:80)`));
  });

  it('rejects every bad NAT input with a named reason and writes nothing for it', async () => {
    const natBefore = (await natLines('vpc1')).length;
    await cluster.create(kubeovn('OvnEip', 'eip-free', {}));
    await cluster.create(kubeovn('OvnFip', 'no-eip', { ipName: 'db.ns1' }));
    assert.match(await rejected('OvnFip', 'no-eip', 'MissingOvnEip'), /spec\.ovnEip/);
    await cluster.create(kubeovn('OvnFip', 'ghost-eip', { ovnEip: 'nope', ipName: 'db.ns1' }));
    assert.match(await rejected('OvnFip', 'ghost-eip', 'OvnEipNotFound'), /"nope"/);
    await cluster.create(kubeovn('OvnFip', 'taken', { ovnEip: 'eip-fip', ipName: 'db.ns1' }));
    assert.match(await rejected('OvnFip', 'taken', 'OvnEipInUse'), /OvnFip "fip1"/);
    await cluster.create(kubeovn('OvnFip', 'fip-on-shared', { ovnEip: 'eip-shared', ipName: 'db.ns1' }));
    assert.match(await rejected('OvnFip', 'fip-on-shared', 'OvnEipInUse'), /(OvnSnatRule "snat1"|OvnDnatRule "dnat1")/);
    await cluster.create(kubeovn('OvnFip', 'lrp-eip', { ovnEip: 'vpc1-external', ipName: 'db.ns1' }));
    assert.match(await rejected('OvnFip', 'lrp-eip', 'OvnEipTypeMismatch'), /type lrp/);
    await cluster.create(kubeovn('OvnFip', 'outside', { ovnEip: 'eip-free', v4Ip: '10.9.9.9', vpc: 'vpc1' }));
    assert.match(await rejected('OvnFip', 'outside', 'AddressNotInVpc'), /10\.9\.9\.9.*vpc1/);
    await cluster.create(kubeovn('OvnFip', 'bare-ip', { ovnEip: 'eip-free', v4Ip: '10.0.1.77' }));
    assert.match(await rejected('OvnFip', 'bare-ip', 'MissingVpc'), /spec\.vpc/);
    await cluster.create(kubeovn('OvnSnatRule', 'both', { ovnEip: 'eip-free', vpcSubnet: 's1', ipName: 'db.ns1' }));
    assert.match(await rejected('OvnSnatRule', 'both', 'NatTargetConflict'), /spec\.vpcSubnet "s1".*spec\.ipName "db\.ns1"/);
    await cluster.create(kubeovn('OvnSnatRule', 'no-target', { ovnEip: 'eip-free' }));
    assert.match(await rejected('OvnSnatRule', 'no-target', 'MissingNatTarget'), /SNAT needs a target/);
    await cluster.create(kubeovn('OvnSnatRule', 'same-subnet', { ovnEip: 'eip-free', vpcSubnet: 's1' }));
    assert.match(await rejected('OvnSnatRule', 'same-subnet', 'NatRuleConflict'), /OvnSnatRule "snat1"/);
    await cluster.create(kubeovn('OvnSnatRule', 'other-vpc', { ovnEip: 'eip-shared', vpcSubnet: 's2' }));
    assert.match(await rejected('OvnSnatRule', 'other-vpc', 'OvnEipInOtherVpc'), /Vpc "vpc1"/);
    await cluster.create(kubeovn('OvnSnatRule', 'no-external', { ovnEip: 'eip-free', vpcSubnet: 's3' }));
    assert.match(await rejected('OvnSnatRule', 'no-external', 'VpcWithoutExternal'), /vpc3.*enableExternal/);
    // The CRD schema already refuses bad ports and protocols at the API (the controller checks them too, for a
    // cluster whose CRDs are older: see test/unit/controller/ovn-nat-rules.test.ts).
    await assert.rejects(
      cluster.create(kubeovn('OvnDnatRule', 'bad-port', { ovnEip: 'eip-free', ipName: 'db.ns1', externalPort: '70000', internalPort: '80' })),
      /spec\.externalPort.*70000/,
    );
    await assert.rejects(
      cluster.create(kubeovn('OvnDnatRule', 'bad-proto', { ovnEip: 'eip-free', ipName: 'db.ns1', externalPort: '80', internalPort: '80', protocol: 'icmp' })),
      /spec\.protocol.*icmp/,
    );
    await cluster.create(kubeovn('OvnDnatRule', 'port-taken', { ovnEip: 'eip-shared', ipName: 'web.ns1', externalPort: '8080', internalPort: '81' }));
    assert.match(await rejected('OvnDnatRule', 'port-taken', 'NatRuleConflict'), /tcp\/8080.*OvnDnatRule "dnat1"/);
    await nb('lb-add', 'dnat-foreign', '192.0.2.1:80', '192.0.2.2:80', 'tcp');
    await cluster.create(kubeovn('OvnDnatRule', 'dnat-foreign', { ovnEip: 'eip-shared', ipName: 'web.ns1', externalPort: '9090', internalPort: '80' }));
    assert.match(await rejected('OvnDnatRule', 'dnat-foreign', 'NatRuleConflict'), /Load_Balancer "dnat-foreign".*does not own/);
    assert.match(await nb('lb-list', 'dnat-foreign'), /192\.0\.2\.1:80/, 'the foreign load balancer is untouched');
    await cluster.create(kubeovn('OvnEip', 'eip-outside', { v4Ip: '10.2.0.5' }));
    assert.match(await rejected('OvnEip', 'eip-outside', 'AddressOutOfRange'), /10\.2\.0\.5/);
    await cluster.create(kubeovn('OvnEip', 'eip-overlay', { externalSubnet: 's1' }));
    assert.match(await rejected('OvnEip', 'eip-overlay', 'ExternalSubnetNotUnderlay'), /spec\.externalSubnet "s1"/);
    await cluster.create(kubeovn('Subnet', 'external2', { cidrBlock: '10.2.0.0/24', gateway: '10.2.0.254', protocol: 'IPv4', vlan: 'ext0' }));
    await cluster.create(kubeovn('OvnEip', 'eip-elsewhere', { externalSubnet: 'external2' }));
    await waitReady('OvnEip', 'eip-elsewhere');
    await cluster.create(kubeovn('OvnSnatRule', 'wrong-network', { ovnEip: 'eip-elsewhere', vpcSubnet: 's2' }));
    assert.match(await rejected('OvnSnatRule', 'wrong-network', 'ExternalSubnetMismatch'), /"external2".*vpc2.*"external"/);
    await cluster.create(kubeovn('OvnEip', 'eip-lsp', { type: 'lsp' }));
    assert.match(await rejected('OvnEip', 'eip-lsp', 'InvalidOvnEipType'), /spec\.type "lsp"/);

    await controller.settle();
    assert.equal((await natLines('vpc1')).length, natBefore, 'no NAT row for any rejected rule');
    assert.equal((await natLines('vpc2')).length, 0);
    assert.deepEqual((await nb('--bare', '--columns=name', 'list', 'Load_Balancer')).trim().split(/\s+/).sort(), ['dnat-foreign', 'dnat1']);
    assert.doesNotMatch(await nb('lr-lb-list', 'vpc1'), /dnat-foreign/);
  });

  it('connects extra external subnets: a port each, NAT rows naming the port of their EIP, and no DNAT', async () => {
    await cluster.patch('Vpc', 'vpc2', { spec: { extraExternalSubnets: ['external2'] } });
    await until('vpc2 status lists external2', async () => (await cluster.get<Vpc>('Vpc', 'vpc2'))?.status?.extraExternalSubnets?.includes('external2'));
    await until('second external port', async () => /ch-n/.test(await nb('lrp-get-gateway-chassis', 'vpc2-external2')));
    assert.equal((await nb('lsp-get-type', 'external2-vpc2')).trim(), 'router');
    assert.doesNotMatch(await nb('lr-route-list', 'vpc2'), /10\.2\.0\.254/, 'the default route stays on the default external subnet');
    // The SNAT refused while vpc2 was not on external2 is accepted now, on the external2 port.
    await waitReady('OvnSnatRule', 'wrong-network');
    const eip = (await status('OvnEip', 'eip-elsewhere'))!.v4Ip!;
    const port = (await nb('--bare', '--columns=_uuid', 'find', 'Logical_Router_Port', 'name=vpc2-external2')).trim();
    assert.equal((await nb('--bare', '--columns=gateway_port', 'find', 'NAT', `external_ip=${eip}`)).trim(), port);
    await cluster.create(kubeovn('OvnDnatRule', 'dnat-vpc2', { ovnEip: 'eip-elsewhere', v4Ip: '10.0.2.9', vpc: 'vpc2', externalPort: '80', internalPort: '80' }));
    assert.match(await rejected('OvnDnatRule', 'dnat-vpc2', 'DnatNeedsOneExternalPort'), /several external ports/);
    assert.equal((await nb('lr-lb-list', 'vpc2')).trim(), '');
  });

  it('keeps an accepted rule as it was when its spec is edited (no support for change), and says so', async () => {
    await cluster.patch('OvnSnatRule', 'snat1', { spec: { vpcSubnet: '', v4IpCidr: '10.0.1.0/25', vpc: 'vpc1' } });
    assert.match(await rejected('OvnSnatRule', 'snat1', 'SpecImmutable'), /does not support change/);
    assert.match((await natLines('vpc1')).join('\n'), /snat\s+10\.1\.0\.100\s+10\.0\.1\.0\/24/);
  });

  it('keeps an OvnEip\'s address and MAC when its spec is edited, and says it does not support change', async () => {
    const held = (await status('OvnEip', 'eip-shared'))!;
    await cluster.patch('OvnEip', 'eip-shared', { spec: { macAddress: '02:00:00:00:99:99' } });
    assert.match(await rejected('OvnEip', 'eip-shared', 'SpecImmutable'), /spec\.macAddress "02:00:00:00:99:99"/);
    const now = (await status('OvnEip', 'eip-shared'))!;
    assert.equal(now.v4Ip, held.v4Ip);
    assert.equal(now.macAddress, held.macAddress);
    assert.match((await natLines('vpc1')).join('\n'), /snat\s+10\.1\.0\.100/, 'its rules keep working');
    await cluster.patch('OvnEip', 'eip-shared', { spec: { macAddress: null } });
    await waitReady('OvnEip', 'eip-shared');
  });

  it('refuses to delete an OvnEip while a rule uses it, and lets it go once the rule is gone', async () => {
    await cluster.delete('OvnEip', 'eip-fip');
    assert.match(await rejected('OvnEip', 'eip-fip', 'OvnEipInUse'), /OvnFip\/fip1/);
    assert.match((await natLines('vpc1')).join('\n'), /dnat_and_snat/);
    await cluster.delete('OvnFip', 'fip1');
    await until('eip gone', async () => !(await cluster.get('OvnEip', 'eip-fip')));
    assert.doesNotMatch((await natLines('vpc1')).join('\n'), /dnat_and_snat/);
  });

  it('does not connect the default VPC (its egress is rerouted to nodes) and says why', async () => {
    await cluster.patch('Vpc', 'ovn-cluster', { spec: { enableExternal: true } });
    assert.match(await rejected('Vpc', 'ovn-cluster', 'ExternalOnDefaultVpc'), /custom VPC/);
    assert.equal((await nb('--bare', '--columns=name', 'find', 'Logical_Router_Port', 'name=ovn-cluster-external')).trim(), '');
    assert.equal(await cluster.get('OvnEip', 'ovn-cluster-external'), undefined);
    await cluster.patch('Vpc', 'ovn-cluster', { spec: { enableExternal: false } });
    await waitReady('Vpc', 'ovn-cluster');
  });

  it('makes a new router port address when the VPC\'s lrp OvnEip is deleted by hand', async () => {
    const old = (await cluster.get('OvnEip', 'vpc2-external'))!.metadata.uid;
    await cluster.delete('OvnEip', 'vpc2-external');
    const eip = await until('a new lrp eip holding an address', async () => {
      const obj = await cluster.get('OvnEip', 'vpc2-external');
      const s = obj?.status as Status | undefined;
      return obj?.metadata.uid !== old && s?.ready && s;
    });
    await until('port follows the new address and MAC', async () => {
      const mac = (await nb('--if-exists', 'get', 'Logical_Router_Port', 'vpc2-external', 'mac')).trim().replaceAll('"', '');
      return mac === eip.macAddress && (await nb('get', 'Logical_Router_Port', 'vpc2-external', 'networks')).includes(`${eip.v4Ip}/24`);
    });
    await waitReady('Vpc', 'vpc2');
    await controller.settle();
  });

  it('takes the external ports out while no node is labelled external-gw, says so, and puts them back', async () => {
    for (const n of ['n1', 'n2']) await cluster.patch('Node', n, { metadata: { labels: { 'ovn.kubernetes.io/external-gw': null } } });
    assert.match(await rejected('Vpc', 'vpc2', 'NoExternalGatewayNode'), /ovn\.kubernetes\.io\/external-gw=true/);
    await until('no external port', async () => (await nb('--bare', '--columns=name', 'find', 'Logical_Router_Port', 'name=vpc2-external')).trim() === '');
    assert.equal((await nb('--bare', '--columns=name', 'list', 'Gateway_Chassis')).trim(), '');
    for (const n of ['n1', 'n2']) await cluster.patch('Node', n, { metadata: { labels: { 'ovn.kubernetes.io/external-gw': 'true' } } });
    await waitReady('Vpc', 'vpc2');
    await until('external ports back', async () => (await nb('lrp-get-gateway-chassis', 'vpc2-external')).trim().split('\n').length === 2);
    await controller.settle();
  });

  it('restarts without moving an address or a row', async () => {
    const before = { eip: (await status('OvnEip', 'vpc1-external'))!.v4Ip, nat: await nb('lr-nat-list', 'vpc1'), lb: await nb('lr-lb-list', 'vpc1') };
    await controller.stop();
    controller = new Controller(cluster, client);
    await controller.start();
    const first = await controller.syncer.syncNow();
    assert.equal(first.changes, 0, 'the first pass after a restart changes nothing');
    await controller.settle();
    assert.equal((await status('OvnEip', 'vpc1-external'))!.v4Ip, before.eip);
    assert.equal(await nb('lr-nat-list', 'vpc1'), before.nat);
    assert.equal(await nb('lr-lb-list', 'vpc1'), before.lb);
  });

  it('removes the external port, gateway chassis, default route, lrp EIP and the NAT rows when enableExternal is turned off', async () => {
    await cluster.patch('Vpc', 'vpc1', { spec: { enableExternal: false } });
    await until('external port gone', async () => (await nb('--bare', '--columns=name', 'find', 'Logical_Router_Port', 'name=vpc1-external')).trim() === '');
    assert.equal((await nb('--bare', '--columns=name', 'find', 'Logical_Switch_Port', 'name=external-vpc1')).trim(), '');
    await until('lrp eip deleted', async () => !(await cluster.get('OvnEip', 'vpc1-external')));
    assert.doesNotMatch(await nb('lr-route-list', 'vpc1'), /10\.1\.0\.254/);
    assert.match(await rejected('OvnDnatRule', 'dnat1', 'VpcWithoutExternal'), /vpc1/);
    await until('NAT rows gone', async () => (await natLines('vpc1')).length === 0);
    assert.equal((await nb('--bare', '--columns=name', 'find', 'Load_Balancer', 'name=dnat1')).trim(), '');
    assert.doesNotMatch(await nb('--bare', '--columns=name', 'list', 'Gateway_Chassis'), /vpc1-external/);
    assert.match(await nb('--bare', '--columns=name', 'list', 'Gateway_Chassis'), /vpc2-external/, 'the other VPC keeps its port');
  });

  it('refuses to delete a VPC that NAT rules still use, naming them, and keeps its router across a restart', async () => {
    await cluster.delete('Vpc', 'vpc1');
    const message = await rejected('Vpc', 'vpc1', 'VpcHasSubnets');
    assert.match(message, /OvnDnatRule "dnat1"/);
    assert.match(message, /OvnSnatRule "snat1"/);
    await controller.settle();
    assert.match(await nb('--bare', '--columns=name', 'find', 'Logical_Router', 'name=vpc1'), /vpc1/, 'its router stays');
    await controller.stop();
    controller = await startSettledController(cluster, client);
    assert.match(await nb('--bare', '--columns=name', 'find', 'Logical_Router', 'name=vpc1'), /vpc1/, 'and stays across a restart');
  });
});
