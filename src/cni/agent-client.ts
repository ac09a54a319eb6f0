import { connect } from 'node:net';
import { CniError } from './cni-error.js';
import { CNI_ERROR, type AgentRequest, type AgentResponse } from './protocol.js';

/** Why the agent could not be reached at all (no socket, refused): DEL treats this as "nothing to delete". */
export class AgentUnreachableError extends CniError {}

/** Sends one request to the agent's socket and reads its one-line answer. */
export function callAgent(socketPath: string, request: AgentRequest, timeoutMs: number): Promise<AgentResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ path: socketPath });
    let buffer = '';
    let connected = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new CniError(CNI_ERROR.tryAgainLater, `the kovn agent on ${socketPath} did not answer ${request.command} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.once('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      socket.destroy();
      try {
        const response = JSON.parse(buffer.slice(0, end)) as AgentResponse;
        if (typeof response !== 'object' || response === null || typeof response.ok !== 'boolean') throw new Error('no "ok" field');
        resolve(response);
      } catch (error) {
        reject(new CniError(CNI_ERROR.badAgentResponse, `the kovn agent on ${socketPath} answered something that is not its protocol`, (error as Error).message));
      }
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const msg = `cannot reach the kovn agent on ${socketPath}: ${error.code ?? error.message}`;
      reject(connected ? new CniError(CNI_ERROR.ioFailure, msg) : new AgentUnreachableError(CNI_ERROR.tryAgainLater, msg));
    });
    socket.once('close', () => {
      clearTimeout(timer);
      if (!buffer.includes('\n')) reject(new CniError(CNI_ERROR.ioFailure, `the kovn agent on ${socketPath} closed the connection without an answer`));
    });
  });
}
