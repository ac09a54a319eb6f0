import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { desiredNorthbound } from '../../../src/engine/controller/desired/desired-northbound.js';
import type { ClusterView, NodeView, PodPortView } from '../../../src/engine/controller/desired/cluster-view.js';
import { routerPortMac } from '../../../src/engine/controller/desired/router-port-mac.js';
import { subnetView as subnet } from '../../support/controller-fixtures.js';

function node(name: string, n: number): NodeView {
  return { name, joinIPs: [`100.64.0.${n + 1}`], joinMac: `0a:58:64:40:00:0${n + 1}`, internalIPs: [`172.31.0.${n}`] };
}

function pod(name: string, subnetName: string, ip: string, nodeName?: string): PodPortView {
  return { namespace: 'default', pod: name, subnet: subnetName, mac: '0a:00:00:00:00:01', ips: [ip], nodeName, portSecurity: false };
}

function view(extra: Partial<ClusterView> = {}): ClusterView {
  return {
    vpcs: [{ name: 'ovn-cluster', isDefault: true, staticRoutes: [], policyRoutes: [] }],
    subnets: [subnet('ovn-default', '10.16.0.0/16', '10.16.0.1'), subnet('join', '100.64.0.0/16', '100.64.0.1')],
    nodes: [],
    pods: [],
    joinSubnet: 'join',
    ...extra,
  };
}

function policies(nb: ReturnType<typeof desiredNorthbound>) {
  return [...nb.policies.values()].map((p) => `${p.priority} ${p.match} ${p.action} ${p.nexthops.join(',')}`.trim()).sort();
}

describe('desiredNorthbound: default topology', () => {
  it('attaches ovn-default and join to the ovn-cluster router with Kube-OVN names', () => {
    const nb = desiredNorthbound(view());
    assert.deepEqual([...nb.routers.keys()], ['ovn-cluster']);
    assert.deepEqual([...nb.switches.keys()].sort(), ['join', 'ovn-default']);
    assert.deepEqual(nb.routerPorts.get('ovn-cluster-ovn-default')?.networks, ['10.16.0.1/16']);
    assert.deepEqual(nb.routerPorts.get('ovn-cluster-join')?.networks, ['100.64.0.1/16']);
    const peer = nb.switchPorts.get('ovn-default-ovn-cluster');
    assert.equal(peer?.type, 'router');
    assert.deepEqual(peer?.options, { 'router-port': 'ovn-cluster-ovn-default' });
    assert.equal(nb.routers.get('ovn-cluster')?.externalIds.vendor, 'kovn');
  });

  it('routes 0.0.0.0/0 through the join gateway and allows east-west through one address set', () => {
    const nb = desiredNorthbound(view());
    const routes = [...nb.staticRoutes.values()].map((r) => `${r.ipPrefix} ${r.nexthop} ${r.policy} '${r.routeTable}'`);
    assert.deepEqual(routes, ["0.0.0.0/0 100.64.0.1 dst-ip ''"]);
    assert.deepEqual(nb.addressSets.get('ovn.cluster.subnets.ip4')?.addresses, ['10.16.0.0/16', '100.64.0.0/16']);
    assert.deepEqual(policies(nb), ['31000 ip4.dst == $ovn.cluster.subnets.ip4 allow']);
  });

  it('gives router ports stable, locally administered unicast MACs', () => {
    const mac = routerPortMac('ovn-cluster-ovn-default');
    assert.equal(mac, routerPortMac('ovn-cluster-ovn-default'));
    assert.notEqual(mac, routerPortMac('ovn-cluster-join'));
    const first = Number.parseInt(mac.slice(0, 2), 16);
    assert.equal(first & 0x02, 0x02);
    assert.equal(first & 0x01, 0);
  });
});

describe('desiredNorthbound: nodes and distributed gateways', () => {
  it('gives each node a join port, a port group and two policies', () => {
    const nb = desiredNorthbound(view({ nodes: [node('kovn-n1', 1)] }));
    const lsp = nb.switchPorts.get('node-kovn-n1');
    assert.equal(lsp?.switchName, 'join');
    assert.deepEqual(lsp?.addresses, ['0a:58:64:40:00:02 100.64.0.2']);
    assert.ok(nb.portGroups.has('node.kovn.n1'));
    assert.deepEqual(policies(nb), [
      '29000 ip4.src == $node.kovn.n1_ip4 reroute 100.64.0.2',
      '30000 ip4.dst == 172.31.0.1 reroute 100.64.0.2',
      '31000 ip4.dst == $ovn.cluster.subnets.ip4 allow',
    ]);
  });

  it('puts scheduled pods of distributed subnets into their node port group', () => {
    const nb = desiredNorthbound(
      view({
        nodes: [node('n1', 1), node('n2', 2)],
        pods: [pod('a', 'ovn-default', '10.16.0.2', 'n1'), pod('b', 'ovn-default', '10.16.0.3', 'n2'), pod('c', 'ovn-default', '10.16.0.4')],
      }),
    );
    assert.deepEqual(nb.portGroups.get('node.n1')?.ports, ['a.default']);
    assert.deepEqual(nb.portGroups.get('node.n2')?.ports, ['b.default']);
    assert.deepEqual(nb.switchPorts.get('c.default')?.addresses, ['0a:00:00:00:00:01 10.16.0.4']);
  });

  it('skips a node without a join address yet', () => {
    const nb = desiredNorthbound(view({ nodes: [{ name: 'n9', joinIPs: [], internalIPs: ['172.31.0.9'] }] }));
    assert.equal(nb.switchPorts.has('node-n9'), false);
    assert.equal(nb.portGroups.size, 0);
  });

  it('keeps rows growing with nodes + subnets, never nodes × subnets', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => node(`n${i}`, i));
    const subnets = [
      subnet('join', '100.64.0.0/16', '100.64.0.1'),
      ...Array.from({ length: 100 }, (_, i) => subnet(`s${i}`, `10.${100 + Math.floor(i / 10)}.${(i % 10) * 16}.0/20`, `10.${100 + Math.floor(i / 10)}.${(i % 10) * 16}.1`)),
    ];
    const nb = desiredNorthbound(view({ nodes, subnets }));
    assert.equal(nb.portGroups.size, 200);
    assert.equal(nb.policies.size, 200 * 2 + 1);
    assert.equal(nb.routerPorts.size, 101);
  });
});

describe('desiredNorthbound: centralized gateways', () => {
  it('reroutes a centralized subnet to its gateways above the per-node policy and keeps its pods out of node groups', () => {
    const central = subnet('central', '10.20.0.0/16', '10.20.0.1', { gatewayType: 'centralized', gatewayNexthops: ['100.64.0.3', '100.64.0.2'] });
    const nb = desiredNorthbound(
      view({
        subnets: [...view().subnets, central],
        nodes: [node('n1', 1), node('n2', 2)],
        pods: [pod('a', 'central', '10.20.0.2', 'n1')],
      }),
    );
    assert.ok(policies(nb).includes('29050 ip4.src == 10.20.0.0/16 reroute 100.64.0.2,100.64.0.3'));
    assert.deepEqual(nb.portGroups.get('node.n1')?.ports, []);
  });

  it('writes no reroute when a centralized subnet has no usable gateway', () => {
    const central = subnet('central', '10.20.0.0/16', '10.20.0.1', { gatewayType: 'centralized', gatewayNexthops: [] });
    const nb = desiredNorthbound(view({ subnets: [...view().subnets, central] }));
    assert.equal(policies(nb).some((p) => p.startsWith('29050')), false);
  });
});

describe('desiredNorthbound: underlay', () => {
  const underlay = { vlan: 'vlan100', vlanId: 100, provider: 'phy' };

  it('gives a VLAN subnet a tagged localnet port and no router port', () => {
    const nb = desiredNorthbound(view({ subnets: [...view().subnets, subnet('u1', '10.100.0.0/24', '10.100.0.254', { underlay })] }));
    const ln = nb.switchPorts.get('localnet.u1');
    assert.equal(ln?.type, 'localnet');
    assert.equal(ln?.tag, 100);
    assert.deepEqual(ln?.addresses, ['unknown']);
    assert.deepEqual(ln?.options, { network_name: 'phy' });
    assert.equal(nb.routerPorts.has('ovn-cluster-u1'), false);
    assert.equal(nb.switchPorts.has('u1-ovn-cluster'), false);
    assert.deepEqual(nb.addressSets.get('ovn.cluster.subnets.ip4')?.addresses, ['10.16.0.0/16', '100.64.0.0/16']);
  });

  it('leaves the tag off for VLAN id 0 (untagged)', () => {
    const nb = desiredNorthbound(view({ subnets: [subnet('u0', '10.1.0.0/24', '10.1.0.254', { underlay: { ...underlay, vlanId: 0 } })] }));
    assert.equal(nb.switchPorts.get('localnet.u0')?.tag, undefined);
  });

  it('attaches the router as gateway with logicalGateway and keeps the localnet port', () => {
    const nb = desiredNorthbound(view({ subnets: [...view().subnets, subnet('u1', '10.100.0.0/24', '10.100.0.1', { underlay, logicalGateway: true })] }));
    assert.deepEqual(nb.routerPorts.get('ovn-cluster-u1')?.networks, ['10.100.0.1/24']);
    assert.ok(nb.switchPorts.has('localnet.u1'));
    assert.ok(nb.addressSets.get('ovn.cluster.subnets.ip4')?.addresses.includes('10.100.0.0/24'));
  });

  it('gives the router the U2O address, not the physical gateway, with u2oInterconnection', () => {
    const nb = desiredNorthbound(
      view({ subnets: [...view().subnets, subnet('u1', '10.100.0.0/24', '10.100.0.254', { underlay, u2oInterconnectionIPs: ['10.100.0.2'] })] }),
    );
    assert.deepEqual(nb.routerPorts.get('ovn-cluster-u1')?.networks, ['10.100.0.2/24']);
  });

  it('drops the overlay rows when a subnet switches to underlay, and the localnet port when it switches back', () => {
    const overlay = desiredNorthbound(view({ subnets: [...view().subnets, subnet('s1', '10.30.0.0/24', '10.30.0.1')] }));
    const under = desiredNorthbound(view({ subnets: [...view().subnets, subnet('s1', '10.30.0.0/24', '10.30.0.1', { underlay })] }));
    assert.ok(overlay.routerPorts.has('ovn-cluster-s1') && !overlay.switchPorts.has('localnet.s1'));
    assert.ok(!under.routerPorts.has('ovn-cluster-s1') && !under.switchPorts.has('s1-ovn-cluster') && under.switchPorts.has('localnet.s1'));
  });
});

describe('desiredNorthbound: custom VPCs', () => {
  it('writes the spec routes and policies and no default route', () => {
    const nb = desiredNorthbound(
      view({
        vpcs: [
          ...view().vpcs,
          {
            name: 'vpc1',
            isDefault: false,
            staticRoutes: [{ policy: 'policySrc', cidr: '192.168.0.0/24', nextHopIP: '192.168.0.254', routeTable: '' }],
            policyRoutes: [{ priority: 1000, match: 'ip4.src == 192.168.0.10', action: 'reroute', nextHopIPs: ['192.168.0.253', '192.168.0.252'] }],
          },
        ],
        subnets: [...view().subnets, subnet('vs1', '192.168.0.0/24', '192.168.0.1', { vpc: 'vpc1' })],
      }),
    );
    const routes = [...nb.staticRoutes.values()].filter((r) => r.routerName === 'vpc1');
    assert.deepEqual(routes.map((r) => `${r.policy} ${r.ipPrefix} ${r.nexthop}`), ['src-ip 192.168.0.0/24 192.168.0.254']);
    const pol = [...nb.policies.values()].filter((p) => p.routerName === 'vpc1');
    assert.deepEqual(pol.map((p) => `${p.priority} ${p.action} ${p.nexthops.join(',')}`), ['1000 reroute 192.168.0.253,192.168.0.252']);
    assert.equal(nb.routerPorts.get('vpc1-vs1')?.routerName, 'vpc1');
  });

  it('gives a subnet of a missing VPC no rows, and its pods no port', () => {
    const nb = desiredNorthbound(view({ subnets: [...view().subnets, subnet('orphan', '10.40.0.0/24', '10.40.0.1', { vpc: 'nope' })], pods: [pod('x', 'orphan', '10.40.0.2')] }));
    assert.equal(nb.switches.has('orphan'), false);
    assert.equal(nb.switchPorts.has('x.default'), false);
  });
});

describe('desiredNorthbound: VPC peering', () => {
  const vpc = (name: string, peerings: { remoteVpc: string; localConnectIP: string }[]) => ({ name, isDefault: false, staticRoutes: [], policyRoutes: [], peerings });

  it('wires two router ports to each other when both VPCs declare the peering', () => {
    const nb = desiredNorthbound(view({ vpcs: [...view().vpcs, vpc('a', [{ remoteVpc: 'b', localConnectIP: '169.254.0.1/30' }]), vpc('b', [{ remoteVpc: 'a', localConnectIP: '169.254.0.2/30' }])] }));
    assert.deepEqual(nb.routerPorts.get('a-b')?.networks, ['169.254.0.1/30']);
    assert.equal(nb.routerPorts.get('a-b')?.peer, 'b-a');
    assert.equal(nb.routerPorts.get('b-a')?.peer, 'a-b');
  });

  it('writes nothing for a peering only one side declares', () => {
    const nb = desiredNorthbound(view({ vpcs: [...view().vpcs, vpc('a', [{ remoteVpc: 'b', localConnectIP: '169.254.0.1/30' }]), vpc('b', [])] }));
    assert.equal(nb.routerPorts.has('a-b'), false);
  });
});

