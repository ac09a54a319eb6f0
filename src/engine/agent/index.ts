/** The kovn node agent: chassis set-up, CNI server, ovn0, host routes, natOutgoing, port GC. */
export type { NodeAgentOptions, NodeAgentTuning } from './node-agent-options.js';
export { DEFAULT_TUNING } from './node-agent-options.js';
export { configureChassis } from './configure-chassis.js';
export { NodeAgent } from './node-agent.js';
export { vethNames, podPortName } from './veth-names.js';
