import type { NodeAgentOptions, NodeAgentTuning } from './node-agent-options.js';
import type { OvsClient } from './ovs-ports.js';
import type { KubeObject } from '../cluster/types.js';

/** What the CNI handlers, ovn0, routes and GC share within one running agent. */
export interface AgentContext {
  readonly options: NodeAgentOptions;
  readonly tuning: NodeAgentTuning;
  readonly ovs: OvsClient;
  /** Host veth names with an ADD or DEL in progress: GC leaves them alone. */
  readonly busy: Set<string>;
  /** True once stop() was called: long waits give up. */
  stopping(): boolean;
  /**
   * Calls `listener` with every added or updated pod of this node as the agent's pod informer sees it, until
   * the returned function is called. Absent (or before the informer runs): waits fall back to polling.
   */
  readonly onPodChange?: (listener: (pod: KubeObject) => void) => () => void;
}
