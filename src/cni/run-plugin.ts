/**
 * One CNI call, from the runtime's environment and stdin to what the plugin prints and its exit code. The
 * transport to the agent is a parameter: the Node plugin sends the parsed request over the agent's socket,
 * the agent runs this itself for calls the `kovn-cni` shim relays raw (see protocol.ts).
 */
import { AgentUnreachableError } from './agent-client.js';
import { CniError } from './cni-error.js';
import { parseCommand, parseInvocation, type CniInvocation } from './cni-invocation.js';
import { formatResult } from './cni-result.js';
import { CNI_ERROR, SUPPORTED_CNI_VERSIONS, type AgentCommand, type AgentRequest, type AgentResponse } from './protocol.js';

export interface PluginOutcome {
  readonly stdout: string;
  readonly exitCode: number;
}

/** Delivers one parsed request to the agent (throws AgentUnreachableError when there is none to ask). */
export type AgentTransport = (socketPath: string, request: AgentRequest, timeoutMs: number) => Promise<AgentResponse>;

/** Generous: ADD waits for the controller's allocation, ovn-installed and the gateway check on the agent side. */
const AGENT_TIMEOUT_MS = { ADD: 240_000, DEL: 60_000, CHECK: 60_000, STATUS: 10_000 } as const;

function versionOf(stdin: string): string {
  try {
    const v = (JSON.parse(stdin) as { cniVersion?: unknown }).cniVersion;
    return typeof v === 'string' && v ? v : '1.0.0';
  } catch {
    return '1.0.0';
  }
}

function errorOutcome(cniVersion: string, error: unknown): PluginOutcome {
  const cni = error instanceof CniError ? error : new CniError(CNI_ERROR.ioFailure, `kovn-cni failed: ${(error as Error)?.message ?? String(error)}`);
  return { stdout: `${JSON.stringify({ cniVersion, ...cni.toBody() })}\n`, exitCode: 1 };
}

async function forward(inv: CniInvocation, transport: AgentTransport): Promise<PluginOutcome> {
  // The agent collects garbage itself, periodically; VERSION never gets here.
  if (inv.command === 'GC' || inv.command === 'VERSION') return { stdout: '', exitCode: 0 };
  const command: AgentCommand = inv.command;
  const request: AgentRequest = {
    command,
    cniVersion: inv.config.cniVersion,
    containerId: inv.containerId,
    netns: inv.netns,
    ifName: inv.ifName,
    podName: inv.podName,
    podNamespace: inv.podNamespace,
  };
  let response;
  try {
    response = await transport(inv.config.serverSocket, request, AGENT_TIMEOUT_MS[command]);
  } catch (error) {
    // DEL must succeed when there is nothing left to delete; without the agent there is nothing we can delete.
    if (inv.command === 'DEL' && error instanceof AgentUnreachableError) return { stdout: '', exitCode: 0 };
    if (inv.command === 'STATUS' && error instanceof AgentUnreachableError) {
      throw new CniError(CNI_ERROR.pluginNotAvailable, error.msg);
    }
    throw error;
  }
  if (!response.ok) throw new CniError(response.error.code, response.error.msg, response.error.details);
  if (inv.command !== 'ADD') return { stdout: '', exitCode: 0 };
  if (!response.result) throw new CniError(CNI_ERROR.badAgentResponse, 'the kovn agent answered ADD without a result');
  return { stdout: `${JSON.stringify(formatResult(inv.config.cniVersion, response.result))}\n`, exitCode: 0 };
}

export async function runPlugin(env: NodeJS.ProcessEnv, stdin: string, transport: AgentTransport): Promise<PluginOutcome> {
  const cniVersion = versionOf(stdin);
  try {
    if (parseCommand(env.CNI_COMMAND) === 'VERSION') {
      return { stdout: `${JSON.stringify({ cniVersion, supportedVersions: SUPPORTED_CNI_VERSIONS })}\n`, exitCode: 0 };
    }
    return await forward(parseInvocation(env, stdin), transport);
  } catch (error) {
    return errorOutcome(cniVersion, error);
  }
}
