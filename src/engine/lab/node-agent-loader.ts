import { configureChassis, NodeAgent, type NodeAgentOptions } from '../agent/index.js';
import { GatewayHeartbeat } from '../agent/gateway-heartbeat.js';
import { LINK } from './lab-naming.js';

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

/** A lab node's agent: the NodeAgent plus the gateway heartbeat (lab nodes keep OVS and OVN run files in one dir). */
class LabNodeAgent implements LabAgent {
  readonly #agent: NodeAgent;
  readonly #heartbeat: GatewayHeartbeat | undefined;

  constructor(options: LabAgentOptions) {
    this.#agent = new NodeAgent(options);
    this.#heartbeat = options.ovsRunDir
      ? new GatewayHeartbeat({
          nodeName: options.nodeName,
          cluster: options.cluster,
          ovsRunDir: options.ovsRunDir,
          ovnRunDir: options.ovsRunDir,
          ...(options.netns ? { netns: options.netns } : {}),
          uplinkInterface: LINK.nodeUplink,
        })
      : undefined;
  }

  async start(): Promise<void> {
    await this.#agent.start();
    try {
      await this.#heartbeat?.start();
    } catch (error) {
      await this.#agent.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.#heartbeat?.stop();
    await this.#agent.stop();
  }
}

export function loadNodeAgent(): Promise<NodeAgentModule | undefined> {
  return Promise.resolve({ configureChassis, NodeAgent: LabNodeAgent });
}
