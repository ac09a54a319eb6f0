import type { Socket } from 'node:net';
import { JsonFramer, JsonFramingError } from './json-framer.js';
import { OvsdbDisconnectedError, OvsdbProtocolError, OvsdbRpcError, OvsdbTimeoutError } from './errors.js';

export interface JsonRpcSessionOptions {
  /** Text naming the peer in errors, e.g. `unix:/run/ovn/ovnnb_db.sock`. */
  readonly remote: string;
  /** Send an echo after this long without input; drop the connection after as long again. 0 disables. */
  readonly probeIntervalMs?: number;
  /** Notifications from the server (`update2`, `update3`, `locked` …). */
  readonly onNotification?: (method: string, params: unknown) => void;
  /** Called once when the session ends; `reason` is the error that ended it (undefined after close()). */
  readonly onClose?: (reason: Error | undefined) => void;
}

interface Pending {
  readonly method: string;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One JSON-RPC 1.0 conversation over one stream, as RFC 7047 uses it: many requests in flight (pipelined), one
 * JSON.stringify per request, answers matched by id, the server's echo probes answered, our own inactivity probe
 * sent. It never reconnects: when the stream ends every pending request fails with OvsdbDisconnectedError.
 */
export class JsonRpcSession {
  readonly remote: string;
  #socket: Socket;
  #framer = new JsonFramer();
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;
  #lastInput = Date.now();
  #probeSentAt: number | undefined;
  #probeTimer: NodeJS.Timeout | undefined;

  constructor(
    socket: Socket,
    private readonly options: JsonRpcSessionOptions,
  ) {
    this.remote = options.remote;
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => this.#end(new OvsdbDisconnectedError(this.remote, undefined, error.message)));
    socket.on('close', () => this.#end(new OvsdbDisconnectedError(this.remote, undefined, 'closed by peer')));
    const interval = options.probeIntervalMs ?? 5000;
    if (interval > 0) {
      this.#probeTimer = setInterval(() => this.#probe(interval), Math.max(10, Math.floor(interval / 4)));
      this.#probeTimer.unref();
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * Sends a request and resolves with its `result`; rejects with OvsdbRpcError when `error` is not null. With
   * `timeoutMs`, an unanswered request fails with OvsdbTimeoutError and the session is closed: its outcome is
   * unknown, and a late answer must not be matched to anything.
   */
  request(method: string, params: unknown, timeoutMs?: number): Promise<unknown> {
    if (this.#closed) {
      return Promise.reject(new OvsdbDisconnectedError(this.remote, method, 'session already closed'));
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          if (!this.#pending.delete(id)) return;
          reject(new OvsdbTimeoutError(`${method} to ${this.remote}: no answer within ${timeoutMs} ms; outcome unknown, not replayed`));
          this.#end(new OvsdbDisconnectedError(this.remote, undefined, `${method} timed out`));
        }, timeoutMs);
      }
      const settle =
        <T>(fn: (value: T) => void) =>
        (value: T) => {
          if (timer) clearTimeout(timer);
          fn(value);
        };
      this.#pending.set(id, { method, resolve: settle(resolve), reject: settle(reject) });
      this.#socket.write(JSON.stringify({ method, params, id }));
    });
  }

  /** Sends a notification (no id, no answer). */
  notify(method: string, params: unknown): void {
    if (!this.#closed) this.#socket.write(JSON.stringify({ method, params, id: null }));
  }

  /** Ends the session; pending requests fail with OvsdbDisconnectedError carrying `reason`. */
  close(reason?: Error): void {
    this.#end(reason);
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return;
    // Any input counts as life: a large reply may take longer than the probe interval to arrive.
    this.#lastInput = Date.now();
    this.#probeSentAt = undefined;
    let messages: unknown[];
    try {
      messages = this.#framer.push(chunk);
    } catch (error) {
      const detail = error instanceof JsonFramingError ? `${error.message}; input: ${error.excerpt}` : String(error);
      this.#end(new OvsdbProtocolError(this.remote, detail));
      return;
    }
    for (const message of messages) {
      if (this.#closed) return;
      this.#dispatch(message);
    }
  }

  #dispatch(message: unknown): void {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.#end(new OvsdbProtocolError(this.remote, `message is not a JSON object: ${preview(message)}`));
      return;
    }
    const m = message as Record<string, unknown>;
    if (typeof m.method === 'string') {
      this.#onIncomingRequest(m.method, m.params, m.id);
      return;
    }
    if (!('id' in m) || !('result' in m || 'error' in m)) {
      this.#end(new OvsdbProtocolError(this.remote, `message is neither a request nor a response: ${preview(m)}`));
      return;
    }
    const pending = typeof m.id === 'number' ? this.#pending.get(m.id) : undefined;
    if (!pending) {
      this.#end(new OvsdbProtocolError(this.remote, `response to unknown request id ${preview(m.id)}`));
      return;
    }
    this.#pending.delete(m.id as number);
    if (m.error !== null && m.error !== undefined) pending.reject(new OvsdbRpcError(pending.method, m.error));
    else pending.resolve(m.result);
  }

  #onIncomingRequest(method: string, params: unknown, id: unknown): void {
    const isNotification = id === null || id === undefined;
    if (isNotification) {
      this.options.onNotification?.(method, params);
      return;
    }
    // The server probes idle clients with echo and drops those that do not answer.
    if (method === 'echo') this.#socket.write(JSON.stringify({ result: params, error: null, id }));
    else this.#socket.write(JSON.stringify({ result: null, error: `unknown method ${method}`, id }));
  }

  #probe(interval: number): void {
    if (this.#closed) return;
    const now = Date.now();
    if (this.#probeSentAt !== undefined) {
      if (now - this.#probeSentAt >= interval) {
        this.#end(new OvsdbDisconnectedError(this.remote, undefined, `no answer to inactivity probe within ${interval} ms`));
      }
      return;
    }
    if (now - this.#lastInput >= interval) {
      this.#probeSentAt = now;
      this.request('echo', []).catch(() => undefined);
    }
  }

  #end(reason: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#probeTimer) clearInterval(this.#probeTimer);
    this.#socket.destroy();
    const why = reason instanceof OvsdbDisconnectedError ? reason.reason : (reason?.message ?? 'closed by client');
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(new OvsdbDisconnectedError(this.remote, p.method, why, { cause: reason }));
    this.options.onClose?.(reason);
  }
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
