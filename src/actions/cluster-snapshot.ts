/**
 * The current objects an action plans against, read once per plan. Plans compare a snapshot "before" with the
 * same snapshot after the edit; both are plain data, so plan logic is pure and testable with literals.
 */
import type { ProviderNetwork, Subnet, Vlan, Vpc } from '../engine/cluster/kinds/kubeovn-types.js';
import type { NodeObject, PodObject } from '../engine/controller/core-objects.js';
import type { KubeObject } from '../engine/cluster/types.js';
import { DEFAULT_SUBNET, DEFAULT_VPC, JOIN_SUBNET } from '../engine/controller/ovn-names.js';
import type { ActionContext, NetworkNames, SnapshotKind, SnapshotReader } from './action-types.js';

export interface ClusterSnapshot {
  readonly subnets: readonly Subnet[];
  readonly vpcs: readonly Vpc[];
  readonly vlans: readonly Vlan[];
  readonly providerNetworks: readonly ProviderNetwork[];
  readonly nodes: readonly NodeObject[];
  readonly pods: readonly PodObject[];
}

/** A snapshot from partial lists (missing kinds are empty): handy for tests and the TUI's store. */
export function snapshotOf(parts: Partial<ClusterSnapshot>): ClusterSnapshot {
  return { subnets: [], vpcs: [], vlans: [], providerNetworks: [], nodes: [], pods: [], ...parts };
}

export function networkNames(ctx: Pick<ActionContext, 'names'>): NetworkNames {
  return { defaultVpc: DEFAULT_VPC, defaultSubnet: DEFAULT_SUBNET, joinSubnet: JOIN_SUBNET, ...ctx.names };
}

function listReader(ctx: ActionContext): SnapshotReader {
  return async (kind: SnapshotKind) => (await ctx.cluster.list(kind)).items;
}

/** Reads every kind a plan needs, through `ctx.read` or the cluster. */
export async function readSnapshot(ctx: ActionContext): Promise<ClusterSnapshot> {
  const read = ctx.read ?? listReader(ctx);
  const [subnets, vpcs, vlans, providerNetworks, nodes, pods] = await Promise.all(
    (['Subnet', 'Vpc', 'Vlan', 'ProviderNetwork', 'Node', 'Pod'] as const).map((k) => read(k)),
  );
  return {
    subnets: subnets as Subnet[],
    vpcs: vpcs as Vpc[],
    vlans: vlans as Vlan[],
    providerNetworks: providerNetworks as ProviderNetwork[],
    nodes: nodes as NodeObject[],
    pods: pods as PodObject[],
  };
}

const listKey: Record<string, keyof ClusterSnapshot> = {
  Subnet: 'subnets',
  Vpc: 'vpcs',
  Vlan: 'vlans',
  ProviderNetwork: 'providerNetworks',
  Node: 'nodes',
  Pod: 'pods',
};

/** The snapshot with `object` added or replacing the one of the same kind and name. */
export function withObject(snapshot: ClusterSnapshot, object: KubeObject): ClusterSnapshot {
  const key = listKey[object.kind];
  if (!key) return snapshot;
  const list = (snapshot[key] as readonly KubeObject[]).filter((o) => o.metadata.name !== object.metadata.name);
  return { ...snapshot, [key]: [...list, object] };
}

/** The snapshot without the object of that kind and name. */
export function withoutObject(snapshot: ClusterSnapshot, kind: string, name: string): ClusterSnapshot {
  const key = listKey[kind];
  if (!key) return snapshot;
  return { ...snapshot, [key]: (snapshot[key] as readonly KubeObject[]).filter((o) => o.metadata.name !== name) };
}

export function findSubnet(snapshot: ClusterSnapshot, name: string): Subnet | undefined {
  return snapshot.subnets.find((s) => s.metadata.name === name);
}

export function findVpc(snapshot: ClusterSnapshot, name: string): Vpc | undefined {
  return snapshot.vpcs.find((v) => v.metadata.name === name);
}
