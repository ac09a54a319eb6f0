import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Subnet } from '../../src/engine/cluster/kinds/kubeovn-types.js';
import type { KubeObject } from '../../src/engine/cluster/types.js';
import { columnWidths, fitCell } from '../../src/views/column-widths.js';
import { describeLines, formatNbValue } from '../../src/views/describe-lines.js';
import { eventRow } from '../../src/views/event-view.js';
import { gatewayRoles, nodeRow } from '../../src/views/node-view.js';
import { portRow } from '../../src/views/port-view.js';
import { subnetRow } from '../../src/views/subnet-view.js';
import { topologyRows } from '../../src/views/topology-view.js';
import { vlanRow } from '../../src/views/vlan-view.js';
import { vpcRow } from '../../src/views/vpc-view.js';
import { findView, views } from '../../src/views/view-registry.js';
import type { NbLookup } from '../../src/tui/store.js';
import { filterRows } from '../../src/tui/row-filter.js';
import { ip, node, sampleObjects, subnet, vlan, vpc } from './fixtures.js';

const nbWith = (rows: Record<string, Record<string, unknown>>): NbLookup => ({
  byName: (table, name) => rows[`${table}/${name}`],
  all: (table) => Object.entries(rows).filter(([k]) => k.startsWith(`${table}/`)).map(([, v]) => v),
});

function objectsOf(list: readonly KubeObject[]) {
  const objects: Record<string, Map<string, KubeObject>> = {};
  for (const o of list) (objects[o.kind] ??= new Map()).set(o.metadata.name, o);
  return objects;
}

describe('row renderers', () => {
  it('renders a subnet with its VPC, underlay Vlan, gateway nodes, NAT, IP use and readiness', () => {
    const s = subnet('u1', { vpc: 'v1', cidrBlock: '10.0.0.0/24', vlan: 'vlan10', gatewayType: 'centralized', gatewayNode: 'n1,n2', natOutgoing: true }, { v4usingIPs: 3, v4availableIPs: 250 });
    assert.deepEqual(subnetRow(s as Subnet).cells, ['u1', 'v1', 'underlay/vlan10', '10.0.0.0/24', 'centralized:n1,n2', 'yes', '3/250', 'True']);
  });

  it('puts subnets without spec.vpc in ovn-cluster and counts them for the VPC', () => {
    const row = vpcRow(vpc('ovn-cluster') as never, [subnet('a', {}) as Subnet, subnet('b', { vpc: 'other' }) as Subnet]);
    assert.equal(row.cells[2], '1');
  });

  it('joins a port from its IP object, its node\'s chassis and the NB switch port\'s up', () => {
    const nb = nbWith({ 'Logical_Switch_Port/web-1.default': { up: true } });
    const row = portRow(ip('web-1', 'default', 'ovn-default', '10.16.0.5') as never, undefined, node('node-a', '100.64.0.2'), nb);
    assert.deepEqual(row.cells, ['web-1', 'default', '10.16.0.5', '00:00:00:aa:bb:01', 'node-a', 'chassis-node-a', 'true']);
    assert.equal(portRow(ip('x', 'd', 's', '1.1.1.1') as never, undefined, undefined, nb).cells[6], 'absent');
    assert.equal(portRow(ip('x', 'd', 's', '1.1.1.1') as never, undefined, undefined, undefined).cells[6], '?');
  });

  it('lists the subnets a node is a centralized gateway for', () => {
    const subnets = [subnet('a', { gatewayType: 'centralized', gatewayNode: 'n1:10.0.0.1,n2' }), subnet('b', { gatewayType: 'distributed' })] as Subnet[];
    assert.deepEqual(gatewayRoles('n2', subnets), ['a']);
    assert.deepEqual(nodeRow(node('n3', '100.64.0.9'), subnets, []).cells, ['n3', '100.64.0.9', 'chassis-n3', '-', '-']);
  });

  it('renders a Vlan with its id, provider and subnets', () => {
    assert.deepEqual(vlanRow(vlan('vlan10', 10, 'pn1') as never).cells, ['vlan10', '10', 'pn1', 'underlay1', '-']);
  });

  it('renders an event with its object and message', () => {
    const ev = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: 'default' }, type: 'Warning', reason: 'VlanNotFound', message: 'no Vlan v9', count: 2, lastTimestamp: '2026-01-01T10:00:00Z', involvedObject: { kind: 'Subnet', name: 's1' } };
    assert.deepEqual(eventRow(ev).cells, ['2026-01-01 10:00:00', 'Warning', 'VlanNotFound', 'Subnet/s1', '2', 'no Vlan v9']);
  });

  it('draws the topology as VPC → router → subnets → ports, underlay subnets under their Vlan, gateways marked', () => {
    const lines = topologyRows({ objects: objectsOf(sampleObjects()) }).map((r) => r.cells[0]);
    assert.deepEqual(lines.slice(0, 3), ['▣ vpc ovn-cluster', '  ⊕ router ovn-cluster', '    ◇ subnet join [gw node-a]']);
    assert.ok(lines.includes('      • web-1.default'));
    assert.ok(lines.includes('⇅ provider pn1') && lines.includes('  ≡ vlan vlan10') && lines.includes('    ◇ subnet underlay1'), lines.join('\n'));
  });

  it('describes an object with conditions and the NB rows behind it, or says NB is not reachable', () => {
    const s = subnet('ovn-default', { vpc: 'ovn-cluster', cidrBlock: '10.16.0.0/16' });
    const nb = nbWith({ 'Logical_Switch/ovn-default': { other_config: new Map([['subnet', '10.16.0.0/16']]) }, 'Logical_Router_Policy/x': { priority: 31000, match: 'ip4.dst == 10.16.0.0/16', action: 'allow' } });
    const text = describeLines(s, { state: 'ready', message: '', version: 1, lookup: nb }).join('\n');
    assert.match(text, /Ready=True \(Ready\): subnet is ready/);
    assert.match(text, /Logical_Switch ovn-default: other_config=\{subnet=10\.16\.0\.0\/16\}/);
    assert.match(text, /Logical_Router_Port ovn-cluster-ovn-default: \(absent\)/);
    assert.match(text, /Logical_Router_Policy 31000: priority=31000 {2}match=ip4\.dst == 10\.16\.0\.0\/16/);
    const offline = describeLines(s, { state: 'unreachable', message: 'NB not reachable: no NB address is known for this cluster', version: 0 }).join('\n');
    assert.match(offline, /NB not reachable: no NB address is known/);
    assert.equal(formatNbValue(new Set(['a', 'b'])), '[a b]');
  });
});

describe('tables', () => {
  it('fits columns into the width, shrinking the widest first and marking cut text with …', () => {
    assert.deepEqual(columnWidths(['A', 'B'], [['xx', 'yyyyyyyyyy']], 8), [2, 5]);
    assert.equal(fitCell('abcdef', 4), 'abc…');
  });

  it('filters rows by substring, regex and inverted regex; an invalid regex is a substring', () => {
    const rows = [{ key: 'a', cells: ['web-1', '10.0.0.1'] }, { key: 'b', cells: ['db-1', '10.0.0.2'] }, { key: 'c', cells: ['x(1', ''] }];
    assert.deepEqual(filterRows(rows, 'WEB').map((r) => r.key), ['a']);
    assert.deepEqual(filterRows(rows, '^(web|db)').map((r) => r.key), ['a', 'b']);
    assert.deepEqual(filterRows(rows, '!web').map((r) => r.key), ['b', 'c']);
    assert.deepEqual(filterRows(rows, 'x(').map((r) => r.key), ['c']);
  });

  it('finds every view the : line names', () => {
    for (const name of ['vpc', 'subnet', 'ip', 'node', 'vlan', 'pn', 'eip', 'events', 'tree']) assert.ok(findView(name), name);
    assert.equal(new Set(views.map((v) => v.name)).size, views.length);
  });
});
