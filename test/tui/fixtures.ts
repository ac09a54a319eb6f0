// Plain objects for TUI tests: one VPC with an overlay and an underlay subnet, their ports, pods and nodes.
import type { KubeObject } from '../../src/engine/cluster/types.js';
import { ObjectFeed } from '../../src/tui/object-feed.js';
import type { TuiStore } from '../../src/tui/store.js';

const meta = (name: string, extra: Partial<KubeObject['metadata']> = {}) => ({ name, ...extra });
const ready = { conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'subnet is ready' }] };

export function vpc(name: string): KubeObject {
  return { apiVersion: 'kubeovn.io/v1', kind: 'Vpc', metadata: meta(name), spec: {}, status: { router: name, standby: true } };
}

export function subnet(name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: meta(name), spec, status: { ...ready, v4usingIPs: 2, v4availableIPs: 250, ...status } };
}

export function ip(pod: string, namespace: string, subnetName: string, address: string, node = 'node-a'): KubeObject {
  return {
    apiVersion: 'kubeovn.io/v1',
    kind: 'IP',
    metadata: meta(`${pod}.${namespace}`),
    spec: { podName: pod, namespace, subnet: subnetName, nodeName: node, v4IpAddress: address, macAddress: '00:00:00:aa:bb:01' },
  };
}

export function node(name: string, joinIp: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(name, { annotations: { 'ovn.kubernetes.io/ip_address': joinIp, 'ovn.kubernetes.io/chassis': `chassis-${name}` } }),
    spec: {},
  };
}

export function vlan(name: string, id: number, provider: string): KubeObject {
  return { apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: meta(name), spec: { id, provider }, status: { subnets: ['underlay1'] } };
}

export function providerNetwork(name: string): KubeObject {
  return { apiVersion: 'kubeovn.io/v1', kind: 'ProviderNetwork', metadata: meta(name), spec: { defaultInterface: 'eth1' }, status: { ready: true, readyNodes: ['node-a'], vlans: ['vlan10'] } };
}

/** The fixture world. */
export function sampleObjects(): KubeObject[] {
  return [
    vpc('ovn-cluster'),
    vpc('tenant'),
    subnet('ovn-default', { vpc: 'ovn-cluster', cidrBlock: '10.16.0.0/16', gatewayType: 'distributed', natOutgoing: true }),
    subnet('join', { vpc: 'ovn-cluster', cidrBlock: '100.64.0.0/16', gatewayType: 'centralized', gatewayNode: 'node-a' }),
    subnet('underlay1', { vpc: 'ovn-cluster', cidrBlock: '172.17.0.0/24', vlan: 'vlan10' }),
    subnet('tenant-net', { vpc: 'tenant', cidrBlock: '192.168.0.0/24' }),
    ip('web-1', 'default', 'ovn-default', '10.16.0.5'),
    ip('web-2', 'default', 'ovn-default', '10.16.0.6', 'node-b'),
    ip('db-1', 'prod', 'underlay1', '172.17.0.10'),
    node('node-a', '100.64.0.2'),
    node('node-b', '100.64.0.3'),
    vlan('vlan10', 10, 'pn1'),
    providerNetwork('pn1'),
  ];
}

/** Loads objects into a store the way the informer feed does (one batched flush), all sources ready. */
export function loadStore(store: TuiStore, objects: readonly KubeObject[] = sampleObjects()): ObjectFeed {
  const feed = new ObjectFeed(store);
  for (const o of objects) feed.push(o.kind, o);
  feed.flush();
  const sources: Record<string, { phase: 'ready'; message: string }> = {};
  for (const k of ['Vpc', 'Subnet', 'IP', 'Pod', 'Node', 'Vlan', 'ProviderNetwork', 'OvnEip', 'Event']) sources[k] = { phase: 'ready', message: 'watching' };
  store.setState({ sources });
  return feed;
}
