import type { NodeAgentOptions, NodeAgentTuning } from './node-agent-options.js';
import type { OvsClient } from './ovs-ports.js';

/** What the CNI handlers, ovn0, routes and GC share within one running agent. */
export interface AgentContext {
  readonly options: NodeAgentOptions;
  readonly tuning: NodeAgentTuning;
  readonly ovs: OvsClient;
  /** Host veth names with an ADD or DEL in progress: GC leaves them alone. */
  readonly busy: Set<string>;
  /** True once stop() was called: long waits give up. */
  stopping(): boolean;
}
