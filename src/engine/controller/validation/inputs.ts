/**
 * What the validation functions read. Object shapes reuse the kubeovn.io spec/status types with a minimal
 * `metadata`, so the real objects (Subnet, Vpc …) and plain test fixtures are both accepted. Facts the rules
 * need about the rest of the cluster come in a context object; the rules never call the API themselves.
 */
import type {
  IPPoolSpec,
  IPSpec,
  ProviderNetworkSpec,
  ProviderNetworkStatus,
  SubnetSpec,
  SubnetStatus,
  VlanSpec,
  VlanStatus,
  VpcSpec,
  VpcStatus,
} from '../../cluster/kinds/kubeovn-types.js';

export interface MetadataInput {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** RFC 3339; used to tell the older of two clashing objects. */
  readonly creationTimestamp?: string;
}

export interface SubnetInput {
  readonly metadata: MetadataInput;
  readonly spec: SubnetSpec;
  readonly status?: SubnetStatus;
}

export interface VpcInput {
  readonly metadata: MetadataInput;
  readonly spec: VpcSpec;
  readonly status?: VpcStatus;
}

export interface VlanInput {
  readonly metadata: MetadataInput;
  readonly spec: VlanSpec;
  readonly status?: VlanStatus;
}

export interface ProviderNetworkInput {
  readonly metadata: MetadataInput;
  readonly spec: ProviderNetworkSpec;
  readonly status?: ProviderNetworkStatus;
}

export interface IpInput {
  readonly metadata: MetadataInput;
  readonly spec: IPSpec;
}

export interface IpPoolInput {
  readonly metadata: MetadataInput;
  readonly spec: IPPoolSpec;
}

export interface PodInput {
  readonly metadata: MetadataInput;
}

/** The facts about a Node the rules use; `nodeFacts` builds them from a Node object. */
export interface NodeFacts {
  readonly name: string;
  /** The node's InternalIP addresses (status.addresses of type InternalIP). */
  readonly internalIPs: readonly string[];
  /** The node's Ready condition is True. */
  readonly ready: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/** Names the controller was started with (Kube-OVN's `--cluster-router`, `--default-ls`, …). */
export interface NetworkDefaults {
  /** The default VPC, `ovn-cluster`. */
  readonly defaultVpc: string;
  /** The default subnet, `ovn-default`; the only subnet of the default VPC that may be `default`. */
  readonly defaultSubnet: string;
}

/** Everything `validateSubnet` looks at besides the subnet itself. */
export interface SubnetValidationContext extends NetworkDefaults {
  /** All subnets, the validated one included or not (it is skipped by name). */
  readonly subnets: readonly SubnetInput[];
  readonly vpcs: readonly VpcInput[];
  readonly vlans: readonly VlanInput[];
  readonly providerNetworks: readonly ProviderNetworkInput[];
  readonly nodes: readonly NodeFacts[];
  /** The Kubernetes API service address (`KUBERNETES_SERVICE_HOST`), when known. */
  readonly apiServerServiceIP?: string;
  /** The ProviderNetwork a Vlan without `provider` uses (Kube-OVN fills it in). */
  readonly defaultProviderNetwork?: string;
}

/** A Node object as the cluster API returns it (only the fields `nodeFacts` reads). */
export interface NodeObjectInput {
  readonly metadata: MetadataInput;
  readonly status?: {
    readonly addresses?: readonly { readonly type: string; readonly address: string }[];
    readonly conditions?: readonly { readonly type: string; readonly status: string }[];
  };
}

/** Reduces a Node object to the facts the rules use. */
export function nodeFacts(node: NodeObjectInput): NodeFacts {
  const addresses = node.status?.addresses ?? [];
  const ready = node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  return {
    name: node.metadata.name,
    internalIPs: addresses.filter((a) => a.type === 'InternalIP').map((a) => a.address),
    ready,
    labels: node.metadata.labels ?? {},
  };
}
