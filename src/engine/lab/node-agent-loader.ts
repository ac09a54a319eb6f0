import type { ClusterApi } from '../cluster/types.js';

/** The node agent's contract (src/engine/agent/index.ts), as the lab uses it. */
export interface LabAgentOptions {
  nodeName: string;
  cluster: ClusterApi;
  ovsRemote: string;
  netns?: string;
  ovsRunDir?: string;
  cniSocket: string;
  sbRemote: string;
  encapType?: 'geneve' | 'vxlan';
  encapIp?: string;
  tunnelInterface?: string;
  datapathType?: 'system' | 'netdev';
  systemId?: string;
  mtu?: number;
  hostVethPrefix?: string;
}

export interface LabAgent {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface NodeAgentModule {
  configureChassis(options: LabAgentOptions): Promise<void>;
  NodeAgent: new (options: LabAgentOptions) => LabAgent;
}

/**
 * Loads the node agent. It is written in parallel with the lab; until it exists the lab runs its nodes without
 * one (chassis, tunnels and br-int only) and says so in its status.
 */
export async function loadNodeAgent(): Promise<NodeAgentModule | undefined> {
  const specifier = '../agent/index.js';
  try {
    return (await import(specifier)) as NodeAgentModule;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('agent')) return undefined;
    throw err;
  }
}
