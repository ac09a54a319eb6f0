/**
 * The shapes every action shares: what it needs (`ActionContext`), what it shows before it writes (`Plan`)
 * and what it reports after (`Outcome`). Actions write cluster objects only; the controller turns them into
 * OVN rows, and the plan's `ovnChanges` say which rows that will be, computed with the controller's own pure
 * desired-state functions.
 */
import type { Condition } from '../engine/cluster/kinds/conditions.js';
import type { ClusterApi, KubeObject } from '../engine/cluster/types.js';

/** The kinds an action reads to plan. */
export type SnapshotKind = 'Subnet' | 'Vpc' | 'Vlan' | 'ProviderNetwork' | 'Node' | 'Pod';

/**
 * Lists the current objects of a kind. The TUI can pass one that reads its informer-fed store (no API call);
 * by default actions list through `ClusterApi`.
 */
export type SnapshotReader = (kind: SnapshotKind) => Promise<readonly KubeObject[]>;

/** The names the controller was started with (its `ControllerConfig`); defaults are kovn's. */
export interface NetworkNames {
  /** `ovn-cluster` */
  readonly defaultVpc: string;
  /** `ovn-default` */
  readonly defaultSubnet: string;
  /** `join` */
  readonly joinSubnet: string;
}

export interface ActionContext {
  /** Where plans are applied (and, without `read`, read from). */
  readonly cluster: ClusterApi;
  /** Reads current objects for planning; defaults to `cluster.list`. */
  readonly read?: SnapshotReader;
  /** Defaults to kovn's `ovn-cluster` / `ovn-default` / `join`. */
  readonly names?: Partial<NetworkNames>;
  /** How long `Plan.apply()` waits for the controller's verdict (default 30 s). */
  readonly outcomeTimeoutMs?: number;
}

/** One object the plan creates, edits or deletes. */
export interface ObjectChange {
  readonly kind: string;
  readonly name: string;
  readonly op: 'create' | 'update' | 'delete';
  /** The object as read when planning (absent for a create). */
  readonly before?: KubeObject;
  /** The object as it will be written (absent for a delete). */
  readonly after?: KubeObject;
  /** Human lines: `spec.vlan: (unset) → "v100"`, `create Vlan v100 {id: 100, provider: phy}`. */
  readonly diff: readonly string[];
}

export interface Plan {
  /** One line, e.g. `Switch subnet s1 to underlay on Vlan v100`. */
  readonly title: string;
  /** Deletes something (the TUI asks for an explicit confirmation). */
  readonly destructive: boolean;
  readonly objectChanges: readonly ObjectChange[];
  /**
   * Northbound rows the controller will add (`+`), remove (`-`) or change (`~`) because of this plan,
   * e.g. `+ Logical_Switch_Port localnet.s1 (localnet, tag 100, network_name phy)`.
   */
  readonly ovnChanges: readonly string[];
  /** Things that do not block the plan but the user should know (a gateway node not Ready …). */
  readonly warnings: readonly string[];
  /**
   * Writes the objects (optimistic concurrency: an object edited by someone else since the plan is reported
   * as a conflict, never overwritten), then waits for the controller's verdict. Never throws for API or
   * controller errors: they come back as `ok: false`.
   */
  apply(): Promise<Outcome>;
}

export interface Outcome {
  readonly ok: boolean;
  /** `Ready`, `Deleted`, `Conflict`, `Timeout`, or the controller's condition reason (`VlanNotFound` …). */
  readonly reason: string;
  /** A sentence for the user; on failure it names the field (from the controller's status message). */
  readonly message: string;
  /**
   * False when success rests on a Ready condition written before the apply: edits that do not change the
   * Ready message (VPC routes, natOutgoing) cannot be told apart from the old state until the controller
   * writes `observedGeneration`. The objects are written; the NB may still be catching up.
   */
  readonly confirmed?: boolean;
  /** The main object's status conditions when the outcome was decided. */
  readonly conditions?: readonly Condition[];
  /** Events about the main object since the apply: `Warning VlanNotFound: spec.vlan "x": …`. */
  readonly events?: readonly string[];
}
