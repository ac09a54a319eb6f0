import type { ClusterApi } from '../cluster/types.js';

export interface NodeAgentOptions {
  nodeName: string;
  /** Reads Pods/Nodes/Subnets, writes Node annotations (chassis) and Events. */
  cluster: ClusterApi;
  /** The node's Open_vSwitch DB, e.g. 'unix:/state/n1/db.sock'. */
  ovsRemote: string;
  /** Network namespace the node lives in (lab); undefined = this host's. */
  netns?: string;
  /** OVS_RUNDIR of the node's vswitchd (for ovs-appctl / ovs-ofctl if needed). */
  ovsRunDir?: string;
  /** Unix socket path the CNI server listens on (created mode 0600). */
  cniSocket: string;
  /** Value for external_ids:ovn-remote. */
  sbRemote: string;
  /** Default geneve. */
  encapType?: 'geneve' | 'vxlan';
  /** Explicit tunnel endpoint; else from tunnelInterface's address; node annotation ovn.kubernetes.io/tunnel_interface overrides the interface. */
  encapIp?: string;
  tunnelInterface?: string;
  /** Lab: netdev (userspace datapath; this kernel has no openvswitch module). */
  datapathType?: 'system' | 'netdev';
  /** Chassis name; default nodeName. */
  systemId?: string;
  /** Pod MTU default (geneve: 1400 is safe on a 1500 fabric). */
  mtu?: number;
  /** Lab: keep host-side veth names unique per lab (<=15 bytes total). */
  hostVethPrefix?: string;
}

/** Tuning knobs beyond the contract (tests shorten them); every field has a default. */
export interface NodeAgentTuning {
  /** How long CNI ADD waits for the controller's allocation (allocated + routed annotations). */
  allocationTimeoutMs: number;
  /** How long CNI ADD waits for ovn-controller to set ovn-installed on the port. */
  ovnInstalledTimeoutMs: number;
  /** Gateway check: pings (each waits up to 1 s). */
  gatewayCheckAttempts: number;
  /** Host routes, ovn0 and natOutgoing are re-checked this often (a link flap deletes routes). */
  reconcileIntervalMs: number;
  /** Stale OVS ports are collected this often. */
  gcIntervalMs: number;
  /** start() waits this long for the node's join allocation before it configures ovn0 in the background. */
  startWaitMs: number;
  log: (line: string) => void;
}

export const DEFAULT_TUNING: NodeAgentTuning = {
  allocationTimeoutMs: 20_000,
  ovnInstalledTimeoutMs: 30_000,
  gatewayCheckAttempts: 30,
  reconcileIntervalMs: 30_000,
  gcIntervalMs: 60_000,
  startWaitMs: 30_000,
  log: (line) => process.stderr.write(`${line}\n`),
};

export const DEFAULT_POD_MTU = 1400;
export const BR_INT = 'br-int';
export const OVN0 = 'ovn0';
/** external_ids:vendor on every OVS row the agent owns. */
export const VENDOR = 'kovn';
export const AGENT_SOURCE = 'kovn-agent';
