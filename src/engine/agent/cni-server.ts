import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { socketAccepts } from '../daemons/ovsdb-server.js';
import { CNI_ERROR, type AgentRequest, type AgentResponse, type CniErrorBody, type CniResultBody, type RelayedCall } from '../../cni/protocol.js';
import { runPlugin } from '../../cni/run-plugin.js';
import { AgentCniError } from './agent-cni-error.js';

const MAX_REQUEST_BYTES = 64 * 1024;

export type CniRequestHandler = (request: AgentRequest) => Promise<CniResultBody | undefined>;

/** Checks the decoded request line; the message names the field and value (pure). */
export function validateAgentRequest(raw: unknown): AgentRequest {
  const bad = (msg: string) => new AgentCniError(CNI_ERROR.decodeFailure, `request: ${msg}`);
  if (typeof raw !== 'object' || raw === null) throw bad('not a JSON object');
  const r = raw as Record<string, unknown>;
  if (!['ADD', 'DEL', 'CHECK', 'STATUS'].includes(r.command as string)) throw bad(`command ${JSON.stringify(r.command)} is not ADD, DEL, CHECK or STATUS`);
  for (const field of ['cniVersion', 'containerId', 'netns', 'ifName', 'podName', 'podNamespace']) {
    if (typeof r[field] !== 'string') throw bad(`${field} must be a string (got ${JSON.stringify(r[field])})`);
  }
  const req = raw as AgentRequest;
  if (req.command === 'ADD' || req.command === 'CHECK') {
    for (const field of ['containerId', 'netns', 'ifName', 'podName', 'podNamespace'] as const) {
      if (!req[field]) throw new AgentCniError(CNI_ERROR.invalidEnvironment, `request: ${field} is empty`);
    }
    if (!req.netns.startsWith('/')) throw new AgentCniError(CNI_ERROR.invalidEnvironment, `request: netns "${req.netns}" is not a path`);
  }
  return req;
}

/** A relayed call's fields, checked (pure); undefined when the line is not a relayed call. */
export function relayedCall(raw: unknown): RelayedCall['relay'] | undefined {
  if (typeof raw !== 'object' || raw === null || !('relay' in raw)) return undefined;
  const relay = (raw as { relay: unknown }).relay as { env?: unknown; stdin?: unknown } | null;
  const env = relay?.env;
  if (typeof env !== 'object' || env === null || Object.values(env).some((v) => typeof v !== 'string')) {
    throw new AgentCniError(CNI_ERROR.decodeFailure, 'relayed call: env must be an object of strings');
  }
  if (typeof relay?.stdin !== 'string') throw new AgentCniError(CNI_ERROR.decodeFailure, 'relayed call: stdin must be a string');
  return { env: env as Record<string, string>, stdin: relay.stdin };
}

/** What the shim prints for a relayed call the agent could not even read: exit code 1 and a CNI error. */
const relayFailure = (error: CniErrorBody) => `1\n${JSON.stringify({ cniVersion: '1.0.0', ...error })}\n`;

/**
 * The agent's CNI endpoint: newline-delimited JSON over a unix socket, one request and one response per
 * connection (protocol.ts). A call the `kovn-cni` shim relays raw is parsed here by the plugin's own code. The
 * socket is made mode 0600 before it becomes visible: it is bound in a private directory, chmod'ed, then renamed
 * into place (a stale socket at the path is replaced; a live one is an error).
 */
export class CniServer {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();

  constructor(
    readonly socketPath: string,
    private readonly handle: CniRequestHandler,
  ) {}

  async listen(): Promise<void> {
    if (existsSync(this.socketPath)) {
      if (await socketAccepts(this.socketPath)) throw new Error(`another process already serves CNI on ${this.socketPath}`);
      unlinkSync(this.socketPath);
    }
    mkdirSync(dirname(this.socketPath), { recursive: true, mode: 0o755 });
    const privateDir = mkdtempSync(join(dirname(this.socketPath), `.${basename(this.socketPath)}-`));
    const staging = join(privateDir, 's');
    const server = createServer((socket) => this.#serve(socket));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(staging, () => resolve());
      });
      chmodSync(staging, 0o600);
      renameSync(staging, this.socketPath);
    } catch (error) {
      server.close();
      throw error;
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
    }
    this.#server = server;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.#sockets) s.destroy();
    // The socket file was renamed away from where node bound it, so node does not unlink it.
    rmSync(this.socketPath, { force: true });
  }

  #serve(socket: Socket): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    let buffer = '';
    let answered = false;
    const answer = (text: string) => {
      if (answered) return;
      answered = true;
      socket.end(text);
    };
    const line = (response: AgentResponse) => `${JSON.stringify(response)}\n`;
    socket.on('data', (chunk: string) => {
      if (answered) return;
      buffer += chunk;
      if (buffer.length > MAX_REQUEST_BYTES) {
        const error = { code: CNI_ERROR.decodeFailure, msg: `request larger than ${MAX_REQUEST_BYTES} bytes` };
        // Answered in the form the caller reads: the shim's relayed calls start with their only key.
        return answer(buffer.startsWith('{"relay"') ? relayFailure(error) : line({ ok: false, error }));
      }
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      void this.#dispatch(buffer.slice(0, end)).then(answer);
    });
  }

  async #dispatch(text: string): Promise<string> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return `${JSON.stringify(this.#failure(new AgentCniError(CNI_ERROR.decodeFailure, 'request is not JSON')))}\n`;
    }
    let relay;
    try {
      relay = relayedCall(raw);
    } catch (error) {
      return relayFailure(this.#failure(error).error);
    }
    if (relay) {
      // The shim's call, parsed and answered by the plugin's own code; the "transport" is this agent.
      const outcome = await runPlugin(relay.env, relay.stdin, (_socket, request) => this.#respond(request));
      return `${outcome.exitCode}\n${outcome.stdout}`;
    }
    return `${JSON.stringify(await this.#respond(raw))}\n`;
  }

  async #respond(raw: unknown): Promise<AgentResponse> {
    try {
      const result = await this.handle(validateAgentRequest(raw));
      return result ? { ok: true, result } : { ok: true };
    } catch (error) {
      return this.#failure(error);
    }
  }

  #failure(error: unknown): AgentResponse & { ok: false } {
    if (error instanceof AgentCniError) return { ok: false, error: error.toBody() };
    return { ok: false, error: { code: CNI_ERROR.ioFailure, msg: (error as Error)?.message ?? String(error) } };
  }
}
