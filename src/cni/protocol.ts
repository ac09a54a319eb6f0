/**
 * The wire protocol between the plugin (spawned per pod by the runtime) and the node agent, over the agent's
 * root-only unix socket, one request per connection. Two forms:
 * - the Node plugin parses the call itself and sends an `AgentRequest` line; the agent answers one
 *   `AgentResponse` line;
 * - the `kovn-cni` shim relays the call raw, a `RelayedCall` line; the agent runs the plugin's own code on it and
 *   answers with what the shim must do: the exit code in decimal, a newline, then the bytes to print.
 * Kept free of imports so the plugin stays fast to start.
 */

/** CNI spec error codes (SPEC.md "Error codes"); 100+ are kovn's own. */
export const CNI_ERROR = {
  incompatibleVersion: 1,
  unsupportedField: 2,
  unknownContainer: 3,
  invalidEnvironment: 4,
  ioFailure: 5,
  decodeFailure: 6,
  invalidNetworkConfig: 7,
  tryAgainLater: 11,
  pluginNotAvailable: 50,
  /** The controller never wrote the pod's allocation (allocated/routed annotations). */
  allocationTimeout: 100,
  /** Creating or configuring the veth, the OVS port or the pod interface failed. */
  plumbingFailed: 101,
  /** ovn-controller did not set ovn-installed on the port in time. */
  portNotInstalled: 102,
  /** The pod's gateway did not answer. */
  gatewayUnreachable: 103,
  /** CHECK found the pod's network differing from what it should be. */
  checkFailed: 104,
  /** The agent answered something that is not the protocol. */
  badAgentResponse: 105,
} as const;

export const SUPPORTED_CNI_VERSIONS = ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] as const;

export type AgentCommand = 'ADD' | 'DEL' | 'CHECK' | 'STATUS';

export interface AgentRequest {
  readonly command: AgentCommand;
  readonly cniVersion: string;
  readonly containerId: string;
  /** CNI_NETNS: a path such as /var/run/netns/NAME or /proc/PID/ns/net (may be empty for DEL). */
  readonly netns: string;
  readonly ifName: string;
  readonly podName: string;
  readonly podNamespace: string;
}

export interface CniInterface {
  name: string;
  mac: string;
  mtu?: number;
  /** Set for interfaces inside the container (the CNI_NETNS path). */
  sandbox?: string;
}

export interface CniIpConfig {
  /** CIDR notation: `10.16.0.5/16`. */
  address: string;
  gateway?: string;
  /** Index into `interfaces`. */
  interface?: number;
}

export interface CniRoute {
  dst: string;
  gw?: string;
}

/** A CNI 1.0.0 result without its `cniVersion` (the plugin adds it, in the version the runtime asked for). */
export interface CniResultBody {
  interfaces: CniInterface[];
  ips: CniIpConfig[];
  routes: CniRoute[];
  dns: { nameservers?: string[]; domain?: string; search?: string[]; options?: string[] };
}

export interface CniErrorBody {
  code: number;
  msg: string;
  details?: string;
}

export type AgentResponse = { ok: true; result?: CniResultBody } | { ok: false; error: CniErrorBody };

/** The CNI call as the runtime made it: its CNI_* environment and its stdin. */
export interface RelayedCall {
  readonly relay: { readonly env: Record<string, string>; readonly stdin: string };
}
