import { configureChassis, NodeAgent, type NodeAgentOptions } from '../agent/index.js';

export type LabAgentOptions = NodeAgentOptions;

export interface LabAgent {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The node agent as the lab drives it (the benchmark's floor path runs nodes without one). */
export interface NodeAgentModule {
  configureChassis(options: LabAgentOptions): Promise<void>;
  NodeAgent: new (options: LabAgentOptions) => LabAgent;
}

export function loadNodeAgent(): Promise<NodeAgentModule | undefined> {
  return Promise.resolve({ configureChassis, NodeAgent });
}
