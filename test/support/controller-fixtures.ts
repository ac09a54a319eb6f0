/** Plain objects for controller tests: desired-state views and the cluster objects that feed the controller. */
import type { ClusterApi, KubeObject } from '../../src/engine/cluster/types.js';
import type { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { Controller } from '../../src/engine/controller/controller.js';
import type { SubnetView } from '../../src/engine/controller/desired/cluster-view.js';
import { routerPortMac } from '../../src/engine/controller/desired/router-port-mac.js';

/** A subnet as the desired-state functions see it (default VPC, distributed, overlay unless `extra` says). */
export function subnetView(name: string, cidr: string, gateway: string, extra: Partial<SubnetView> = {}): SubnetView {
  return {
    name,
    vpc: 'ovn-cluster',
    cidrs: [cidr],
    gateways: [gateway],
    logicalGateway: false,
    u2oInterconnectionIPs: [],
    gatewayType: 'distributed',
    gatewayNexthops: [],
    routerPortMac: routerPortMac(`ovn-cluster-${name}`),
    ...extra,
  };
}

/** A Ready Node with one InternalIP (its status is written as the kubelet would: create keeps it here). */
export function nodeObject(name: string, internalIP: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    status: { addresses: [{ type: 'InternalIP', address: internalIP }], conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export function podObject(name: string, namespace: string, nodeName?: string, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, annotations },
    spec: { containers: [{ name: 'c', image: 'none' }], ...(nodeName ? { nodeName } : {}) },
  };
}

/** A controller on the cluster and NB client, started and settled (its first NB pass and queues done). */
export async function startSettledController(cluster: ClusterApi, nb: OvsdbClient): Promise<Controller> {
  const controller = new Controller(cluster, nb);
  await controller.start();
  await controller.settle();
  return controller;
}
