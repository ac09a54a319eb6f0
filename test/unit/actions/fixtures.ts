/** Plain objects of a small cluster: two nodes, the default topology, subnet s1 with one pod, Vlan v100 on phy. */
import type { ProviderNetwork, Subnet, Vlan, Vpc } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import type { ClusterApi } from '../../../src/engine/cluster/types.js';
import type { NodeObject, PodObject } from '../../../src/engine/controller/core-objects.js';
import type { ActionContext } from '../../../src/actions/index.js';
import { snapshotOf, type ClusterSnapshot } from '../../../src/actions/index.js';

export function subnet(name: string, spec: Subnet['spec'], status?: Subnet['status']): Subnet {
  return { apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name, resourceVersion: '1' }, spec, ...(status ? { status } : {}) };
}

export function vpc(name: string, spec: Vpc['spec'] = {}): Vpc {
  return { apiVersion: 'kubeovn.io/v1', kind: 'Vpc', metadata: { name }, spec, status: { standby: true } };
}

function node(name: string, internalIP: string, joinIP: string, mac: string): NodeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, ...(name === 'n2' ? { gw: 'yes' } : {}) },
      annotations: { 'ovn.kubernetes.io/allocated': 'true', 'ovn.kubernetes.io/ip_address': joinIP, 'ovn.kubernetes.io/mac_address': mac },
    },
    status: { addresses: [{ type: 'InternalIP', address: internalIP }], conditions: [{ type: 'Ready', status: 'True' }] },
  } as NodeObject;
}

function pod(name: string, ns: string, subnetName: string, ip: string, nodeName: string): PodObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      annotations: {
        'ovn.kubernetes.io/allocated': 'true',
        'ovn.kubernetes.io/logical_switch': subnetName,
        'ovn.kubernetes.io/mac_address': '02:00:00:00:00:10',
        'ovn.kubernetes.io/ip_address': ip,
      },
    },
    spec: { nodeName, containers: [] },
  } as PodObject;
}

export const providerNetwork: ProviderNetwork = {
  apiVersion: 'kubeovn.io/v1',
  kind: 'ProviderNetwork',
  metadata: { name: 'phy' },
  spec: { defaultInterface: 'eth1' },
};

export const vlan100: Vlan = { apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: { name: 'v100' }, spec: { id: 100, provider: 'phy' } };

export function clusterFixture(extra: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return snapshotOf({
    vpcs: [vpc('ovn-cluster')],
    subnets: [
      subnet('join', { cidrBlock: '100.64.0.0/16', vpc: 'ovn-cluster' }),
      subnet('ovn-default', { cidrBlock: '10.16.0.0/16', vpc: 'ovn-cluster', default: true }),
      subnet('s1', { cidrBlock: '10.30.0.0/24', vpc: 'ovn-cluster' }),
    ],
    vlans: [vlan100],
    providerNetworks: [providerNetwork],
    nodes: [node('n1', '172.18.0.2', '100.64.0.2', '0a:00:00:00:00:02'), node('n2', '172.18.0.3', '100.64.0.3', '0a:00:00:00:00:03')],
    pods: [pod('web', 'default', 's1', '10.30.0.2', 'n1')],
    ...extra,
  });
}

/** A ClusterApi that fails every call: pure plan tests must not touch the cluster. */
export const untouchableCluster = new Proxy({} as ClusterApi, {
  get: (_target, prop) => () => {
    throw new Error(`a pure plan called ClusterApi.${String(prop)}`);
  },
});

export const pureContext: ActionContext = { cluster: untouchableCluster };
