import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { JsonRpcSession } from './jsonrpc-session.js';
import { connectRemote, parseRemotes, type Remote } from './remote.js';
import { parseDatabaseSchema, type DatabaseSchema } from './schema.js';
import { encodeOperation, encodeWhere, tableOf, type AnyTables, type Condition, type Operation, type TableMap } from './operations.js';
import { decodeResults, throwOnTransactionError, type OperationResult } from './transaction-results.js';
export type { OperationResult } from './transaction-results.js';
export type { MonitorHandle, MonitorHandler, MonitorRequests, RowUpdate2, TableUpdates2 } from './monitor-types.js';
import type { MonitorHandle, MonitorHandler, MonitorRequests, TableUpdates2 } from './monitor-types.js';
import {
  OvsdbClosedError,
  OvsdbDisconnectedError,
  OvsdbError,
  OvsdbProtocolError,
  OvsdbTimeoutError,
  OvsdbTransactionError,
} from './errors.js';
import {
  applyServerDatabaseUpdate,
  isWritable,
  LEADER_MONITOR_ID,
  readServerDatabaseState,
  type ServerDatabaseState,
} from './leader.js';
import { TransactionBatch } from './transaction-batch.js';
import { reconnectDelay, type BackoffOptions } from './backoff.js';

export interface OvsdbClientOptions {
  /** The database every transact/monitor of this client addresses, e.g. `OVN_Northbound`. */
  readonly database: string;
  /** Only use the leader of a clustered database (default true). Standalone servers always qualify. */
  readonly leaderOnly?: boolean;
  /**
   * Inactivity probe: echo after this long without input, drop after as long again (0 = off). Default 5000 on
   * TCP; 30000 on unix sockets, where the kernel reports a dead peer anyway and a standalone server busy with one
   * huge transaction answers nothing (not even echo) until it is done.
   */
  readonly probeIntervalMs?: number;
  /** Per-attempt timeout for connecting plus the handshake (leader check, schema); default 5000. */
  readonly connectTimeoutMs?: number;
  /** How long OvsdbClient.connect keeps trying before it gives up (default 30000: servers may still be starting). */
  readonly initialConnectTimeoutMs?: number;
  /** How long a request waits for a (re)connection before failing with OvsdbDisconnectedError (default 10000). */
  readonly requestWaitMs?: number;
  /** Reconnect backoff: doubles from initialMs up to maxMs, each delay jittered to 50-100 % (default 100/5000). */
  readonly backoff?: BackoffOptions;
  /** Reconnect after losing the connection (default true). */
  readonly reconnect?: boolean;
  /**
   * Fail a transaction unanswered after this long with OvsdbTimeoutError and reconnect (default: wait). A RAFT
   * member without quorum holds transactions indefinitely while still answering echo.
   */
  readonly transactTimeoutMs?: number;
}

export interface TransactOptions {
  /** Overrides OvsdbClientOptions.transactTimeoutMs for this call. */
  readonly timeoutMs?: number;
}

interface MonitorRegistration {
  readonly id: string;
  readonly requests: MonitorRequests;
  readonly handler: MonitorHandler;
  lastTxnId: string;
  /** Cleared when the server answers monitor_cond_since with "unknown method". */
  useSince: boolean;
  /** The session this monitor was last started on: a monitor is started once per session, never twice. */
  session: JsonRpcSession | undefined;
}

const ZERO_TXN = '00000000-0000-0000-0000-000000000000';

/** Events of OvsdbClient, with their arguments. */
export interface OvsdbClientEvents {
  /** A usable connection is up (leader found, schema loaded, monitors and locks re-established). */
  connected: [remote: string];
  /** The usable connection dropped; the client reconnects unless closed or `reconnect: false`. */
  disconnected: [reason: Error];
  /** One connection attempt failed (refused, not leader, handshake timeout …). */
  connectionError: [error: Error];
  locked: [lock: string];
  lockLost: [lock: string];
}

/**
 * The one way kovn talks OVSDB. Keeps a connection to one of `remotes` (the leader, for a clustered database),
 * reconnects with jittered exponential backoff, re-establishes monitors after a reconnect (monitor_cond_since when
 * the server keeps history, a full resync otherwise) and never replays a request that was in flight.
 *
 * Events: `connected` (remote text), `disconnected` (Error), `connectionError` (Error from a failed attempt),
 * `locked` / `lockLost` (lock name).
 */
export class OvsdbClient<T extends TableMap = TableMap> extends EventEmitter<OvsdbClientEvents> {
  readonly database: string;
  readonly remotes: readonly Remote[];
  #options: OvsdbClientOptions;
  #session: JsonRpcSession | undefined;
  #ready: JsonRpcSession | undefined;
  #schema: DatabaseSchema | undefined;
  #serverState: ServerDatabaseState | undefined;
  #clusterId: string | undefined;
  #monitors = new Map<string, MonitorRegistration>();
  /** Locks we want (RFC 7047 §4.1.8): name → whether the server says we hold it now. Re-requested on reconnect. */
  #locks = new Map<string, boolean>();
  #nextMonitor = 1;
  #waiters = new Set<() => void>();
  #closed = false;
  /** Why the client closed itself (reconnect: false and the connection failed); thrown to waiting callers. */
  #closedReason: Error | undefined;
  #lastError: Error | undefined;
  #wake: (() => void) | undefined;
  #nextRemote = 0;

  private constructor(remotes: Remote[], options: OvsdbClientOptions) {
    super();
    this.remotes = remotes;
    this.database = options.database;
    this.#options = options;
  }

  /** Connects (trying every remote, following the leader) and fetches the schema. */
  static async connect<T extends TableMap = TableMap>(
    remotes: string | readonly string[],
    options: OvsdbClientOptions,
  ): Promise<OvsdbClient<T>> {
    const client = new OvsdbClient<T>(parseRemotes(remotes), options);
    client.#run().catch((error: unknown) => {
      // A bug in the loop must not become an unhandled rejection: report it and stop.
      client.#lastError = error as Error;
      client.emit('connectionError', error as Error);
      client.#giveUp();
    });
    try {
      await client.whenConnected(options.initialConnectTimeoutMs ?? 30_000);
    } catch (error) {
      await client.close();
      throw error;
    }
    return client;
  }

  /** The server's schema for `database` (fetched on every connect). */
  get schema(): DatabaseSchema {
    if (!this.#schema) throw new OvsdbClosedError(`no schema for ${this.database}: never connected`);
    return this.#schema;
  }

  get connected(): boolean {
    return this.#ready !== undefined && !this.#ready.closed;
  }

  /** The remote of the current connection, e.g. `unix:/tmp/x/nb.sock`. */
  get currentRemote(): string | undefined {
    return this.#ready?.remote;
  }

  /** Resolves when a usable connection is up; rejects after `timeoutMs` with the last connection error. */
  whenConnected(timeoutMs = this.#options.requestWaitMs ?? 10_000): Promise<void> {
    return this.#readySession(timeoutMs).then(() => undefined);
  }

  async listDbs(): Promise<string[]> {
    const result = await (await this.#readySession()).request('list_dbs', []);
    if (!Array.isArray(result)) throw new OvsdbProtocolError(this.currentRemote ?? '', `list_dbs answered ${JSON.stringify(result)}`);
    return result as string[];
  }

  /** The raw RFC 7047 schema JSON of any database on the server. */
  async getSchemaJson(database = this.database): Promise<unknown> {
    return (await this.#readySession()).request('get_schema', [database]);
  }

  async echo(payload: unknown[] = ['kovn']): Promise<unknown> {
    return (await this.#readySession()).request('echo', payload);
  }

  /**
   * Runs operations as one transaction and returns one result per operation. Fails with OvsdbTransactionError
   * (operation index, error, details) when the server rejects it, with OvsdbDisconnectedError when the connection
   * drops before the answer (the transaction may or may not have committed; it is not replayed).
   */
  async transact(operations: readonly Operation<T>[], options: TransactOptions = {}): Promise<OperationResult[]> {
    const session = await this.#readySession();
    const schema = this.schema;
    const wire = new Array<unknown>(operations.length + 1);
    wire[0] = this.database;
    for (let i = 0; i < operations.length; i++) wire[i + 1] = encodeOperation(schema, operations[i] as unknown as Operation<AnyTables>);
    const results = await session.request('transact', wire, options.timeoutMs ?? this.#options.transactTimeoutMs);
    return this.#checkResults(session, operations as unknown as readonly Operation<AnyTables>[], results);
  }

  /** Sends already-encoded operations to any database on the server (e.g. `_Server`); checks errors the same way. */
  async transactRaw(database: string, wireOperations: readonly unknown[]): Promise<unknown[]> {
    const session = await this.#readySession();
    const results = await session.request('transact', [database, ...wireOperations]);
    if (!Array.isArray(results)) throw new OvsdbProtocolError(session.remote, `transact answered ${JSON.stringify(results)}`);
    throwOnTransactionError(database, results, (i) => (wireOperations[i] as { op?: string } | undefined)?.op);
    return results;
  }

  /** A batch of operations built from plain objects, committed as one transaction. */
  batch(): TransactionBatch<T> {
    return new TransactionBatch<T>(this);
  }

  /**
   * Starts a monitor that survives reconnects. Resolves once the first snapshot reached `handler.reset` (or right
   * away, registered, when currently disconnected and `waitForSnapshot` is false).
   */
  async monitor(requests: MonitorRequests, handler: MonitorHandler, waitForSnapshot = true): Promise<MonitorHandle> {
    const registration: MonitorRegistration = {
      id: `kovn-monitor-${this.#nextMonitor++}`,
      requests,
      handler,
      lastTxnId: ZERO_TXN,
      useSince: true,
      session: undefined,
    };
    this.#monitors.set(registration.id, registration);
    const handle: MonitorHandle = { id: registration.id, cancel: () => this.#cancelMonitor(registration.id) };
    if (!waitForSnapshot) {
      if (this.#ready) void this.#startMonitor(this.#ready, registration).catch(() => undefined);
      return handle;
    }
    for (;;) {
      const session = await this.#readySession();
      try {
        await this.#startMonitor(session, registration);
        return handle;
      } catch (error) {
        // A connection that drops during the first sync re-registers the monitor itself on reconnect.
        if (!(error instanceof OvsdbDisconnectedError) || this.#closed) {
          this.#monitors.delete(registration.id);
          throw error;
        }
      }
    }
  }

  /**
   * Asks for the lock `name` (RFC 7047 "lock"); resolves true when granted now, false when queued behind another
   * client (a `locked` event follows when granted). Kept across reconnects. With `steal`, takes it from its holder.
   * Operations can then guard on it with `{op: 'assert', lock: name}`. Events: `locked`, `lockLost` (stolen, or
   * the connection dropped).
   */
  async lock(name: string, options: { steal?: boolean } = {}): Promise<boolean> {
    const session = await this.#readySession();
    this.#locks.set(name, false);
    const held = await requestLock(session, options.steal ? 'steal' : 'lock', name);
    this.#locks.set(name, held);
    return held;
  }

  /** Releases (or stops waiting for) the lock `name`. */
  async unlock(name: string): Promise<void> {
    if (!this.#locks.delete(name)) return;
    const session = this.#ready;
    if (session && !session.closed) await session.request('unlock', [name]);
  }

  /** Whether the server last said we hold `name`. */
  holdsLock(name: string): boolean {
    return this.#locks.get(name) === true;
  }

  /** Closes the connection for good; pending requests fail with OvsdbDisconnectedError. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wake?.();
    const session = this.#session;
    this.#session = undefined;
    this.#ready = undefined;
    session?.close(new OvsdbClosedError('client closed'));
    for (const wake of [...this.#waiters]) wake();
  }

  /** Drops the current connection (the client reconnects). For tests and for callers that know better. */
  dropConnection(reason = 'dropped by caller'): void {
    this.#session?.close(new Error(reason));
  }

  // ---- connection loop -------------------------------------------------------------------------------------

  async #run(): Promise<void> {
    let failedRounds = 0;
    while (!this.#closed) {
      const session = await this.#connectRound();
      if (this.#closed) {
        session?.close();
        return;
      }
      if (session) {
        failedRounds = 0;
        await new Promise<void>((resolve) => {
          if (session.closed) resolve();
          else this.#onSessionEnd = resolve;
        });
        this.#onSessionEnd = undefined;
        if (this.#closed) return;
        if (this.#options.reconnect === false) {
          this.#giveUp();
          return;
        }
        continue;
      }
      failedRounds++;
      if (this.#options.reconnect === false) {
        this.#giveUp();
        return;
      }
      const delay = reconnectDelay(failedRounds, this.#options.backoff);
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        void sleep(delay, undefined, { ref: false }).then(resolve);
      });
      this.#wake = undefined;
    }
  }

  #onSessionEnd: (() => void) | undefined;

  #giveUp(): void {
    const remotes = this.remotes.map((r) => r.text).join(',');
    const why = this.#lastError ? rootMessage(this.#lastError) : 'connection closed';
    this.#closedReason = new OvsdbDisconnectedError(remotes, undefined, `${why}; reconnect is off`, { cause: this.#lastError });
    void this.close();
  }

  /** Tries each remote once, starting after the last good one; returns the first usable session. */
  async #connectRound(): Promise<JsonRpcSession | undefined> {
    for (let attempt = 0; attempt < this.remotes.length && !this.#closed; attempt++) {
      const index = (this.#nextRemote + attempt) % this.remotes.length;
      try {
        const session = await this.#connectOne(this.remotes[index]);
        this.#nextRemote = index;
        return session;
      } catch (error) {
        this.#lastError = error as Error;
        this.emit('connectionError', error as Error);
      }
    }
    // Next round starts with the remote after the one that failed first, so a dead member is not retried first.
    this.#nextRemote = (this.#nextRemote + 1) % this.remotes.length;
    return undefined;
  }

  async #connectOne(remote: Remote): Promise<JsonRpcSession> {
    const socket = await connectRemote(remote, this.#options.connectTimeoutMs ?? 5000);
    const session: JsonRpcSession = new JsonRpcSession(socket, {
      remote: remote.text,
      probeIntervalMs: this.#options.probeIntervalMs ?? (remote.kind === 'unix' ? 30_000 : 5000),
      onNotification: (method, params) => this.#onNotification(session, method, params),
      onClose: (reason) => this.#onClose(session, reason),
    });
    this.#session = session;
    // The handshake (leader check, schema) shares the connect timeout: a peer that accepts but never answers must
    // not stall us.
    const setupMs = this.#options.connectTimeoutMs ?? 5000;
    const setupTimer = setTimeout(
      () => session.close(new OvsdbTimeoutError(`${remote.text}: no answer to the connection handshake within ${setupMs} ms`)),
      setupMs,
    );
    try {
      if (this.#options.leaderOnly !== false) {
        const state = await readServerDatabaseState(session, this.database);
        this.#serverState = state;
        if (state && !isWritable(state)) {
          throw new OvsdbError(`${remote.text}: ${this.database} is clustered and this member is not the connected leader`);
        }
        if (state?.cid && this.#clusterId && state.cid !== this.#clusterId) {
          throw new OvsdbError(`${remote.text}: ${this.database} belongs to cluster ${state.cid}, expected ${this.#clusterId}`);
        }
        if (state?.cid) this.#clusterId = state.cid;
      }
      this.#schema = parseDatabaseSchema(await session.request('get_schema', [this.database]));
      // Monitors may resync many rows: from here on the inactivity probe, not the handshake timeout, watches.
      clearTimeout(setupTimer);
      for (const registration of this.#monitors.values()) await this.#startMonitor(session, registration);
      for (const name of this.#locks.keys()) this.#locks.set(name, await requestLock(session, 'lock', name));
    } catch (error) {
      session.close(error as Error);
      throw error;
    } finally {
      clearTimeout(setupTimer);
    }
    if (session.closed) throw new OvsdbDisconnectedError(remote.text, undefined, 'closed during setup');
    this.#ready = session;
    this.#lastError = undefined;
    this.emit('connected', remote.text);
    for (const wake of [...this.#waiters]) wake();
    return session;
  }

  #onClose(session: JsonRpcSession, reason: Error | undefined): void {
    if (this.#session === session) this.#session = undefined;
    const wasReady = this.#ready === session;
    if (wasReady) this.#ready = undefined;
    if (reason) this.#lastError = reason;
    // The server releases a client's locks when its connection ends.
    for (const [name, held] of this.#locks) {
      if (held && wasReady) {
        this.#locks.set(name, false);
        this.emit('lockLost', name);
      }
    }
    if (wasReady && !this.#closed) this.emit('disconnected', reason ?? new Error('closed'));
    this.#onSessionEnd?.();
  }

  async #readySession(timeoutMs = this.#options.requestWaitMs ?? 10_000): Promise<JsonRpcSession> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#closed) throw this.#closedReason ?? new OvsdbClosedError(`OVSDB client for ${this.database} is closed`);
      if (this.#ready && !this.#ready.closed) return this.#ready;
      const left = deadline - Date.now();
      if (left <= 0) {
        const remotes = this.remotes.map((r) => r.text).join(',');
        throw new OvsdbDisconnectedError(remotes, undefined, `not connected after ${timeoutMs} ms${this.#lastError ? `: ${rootMessage(this.#lastError)}` : ''}`, {
          cause: this.#lastError,
        });
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.#waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.#waiters.add(done);
      });
    }
  }

  // ---- monitors --------------------------------------------------------------------------------------------

  async #startMonitor(session: JsonRpcSession, registration: MonitorRegistration): Promise<void> {
    if (registration.session === session) return;
    registration.session = session;
    try {
      await this.#requestMonitor(session, registration);
    } catch (error) {
      if (registration.session === session) registration.session = undefined;
      throw error;
    }
  }

  async #requestMonitor(session: JsonRpcSession, registration: MonitorRegistration): Promise<void> {
    const requests: Record<string, unknown[]> = {};
    for (const [table, request] of Object.entries(registration.requests)) {
      const where = request.where ? encodeWhere(tableOf(this.schema, table), request.where as readonly Condition<never>[]) : undefined;
      requests[table] = [{ ...(request.columns ? { columns: request.columns } : {}), ...(where ? { where } : {}) }];
    }
    if (registration.useSince) {
      let reply: unknown;
      try {
        reply = await session.request('monitor_cond_since', [this.database, registration.id, requests, registration.lastTxnId]);
      } catch (error) {
        if (!(error instanceof OvsdbError) || !/unknown method/.test(error.message)) throw error;
        registration.useSince = false;
      }
      if (registration.useSince) {
        if (!Array.isArray(reply) || reply.length !== 3 || typeof reply[0] !== 'boolean') {
          throw new OvsdbProtocolError(session.remote, `monitor_cond_since answered ${JSON.stringify(reply)?.slice(0, 200)}`);
        }
        const [found, lastTxnId, updates] = reply as [boolean, string, TableUpdates2];
        registration.lastTxnId = lastTxnId;
        if (found) registration.handler.update(updates ?? {}, this.schema);
        else registration.handler.reset(updates ?? {}, this.schema);
        return;
      }
    }
    const updates = await session.request('monitor_cond', [this.database, registration.id, requests]);
    if (typeof updates !== 'object' || updates === null) {
      throw new OvsdbProtocolError(session.remote, `monitor_cond answered ${JSON.stringify(updates)}`);
    }
    registration.handler.reset(updates as TableUpdates2, this.schema);
  }

  async #cancelMonitor(id: string): Promise<void> {
    if (!this.#monitors.delete(id)) return;
    const session = this.#ready;
    if (session && !session.closed) await session.request('monitor_cancel', [id]).catch(() => undefined);
  }

  #onNotification(session: JsonRpcSession, method: string, params: unknown): void {
    if (!Array.isArray(params)) {
      session.close(new OvsdbProtocolError(session.remote, `${method} notification params are not an array`));
      return;
    }
    if ((method === 'locked' || method === 'stolen') && typeof params[0] === 'string' && this.#locks.has(params[0])) {
      this.#locks.set(params[0], method === 'locked');
      this.emit(method === 'locked' ? 'locked' : 'lockLost', params[0]);
      return;
    }
    if (method === 'update2' && params[0] === LEADER_MONITOR_ID) {
      if (!this.#serverState) return;
      this.#serverState = applyServerDatabaseUpdate(this.#serverState, params[1]);
      if (!isWritable(this.#serverState)) {
        session.close(new OvsdbError(`${session.remote} is no longer the leader of ${this.database}`));
      }
      return;
    }
    if (method !== 'update2' && method !== 'update3') return; // e.g. "locked"/"stolen": not used by kovn
    const registration = typeof params[0] === 'string' ? this.#monitors.get(params[0]) : undefined;
    if (!registration) return; // a cancelled monitor's last notifications
    const updates = (method === 'update3' ? params[2] : params[1]) as TableUpdates2;
    if (typeof updates !== 'object' || updates === null) {
      session.close(new OvsdbProtocolError(session.remote, `${method} carries no table updates`));
      return;
    }
    if (method === 'update3' && typeof params[1] === 'string') registration.lastTxnId = params[1];
    try {
      registration.handler.update(updates, this.schema);
    } catch (error) {
      // The handler's copy may now be inconsistent: forget the position so the reconnect brings a full resync.
      registration.lastTxnId = ZERO_TXN;
      session.close(new OvsdbProtocolError(session.remote, `cannot apply ${method}: ${(error as Error).message}`));
    }
  }

  // ---- results ---------------------------------------------------------------------------------------------

  #checkResults(session: JsonRpcSession, operations: readonly Operation<AnyTables>[], results: unknown): OperationResult[] {
    if (!Array.isArray(results)) {
      throw new OvsdbProtocolError(session.remote, `transact answered ${JSON.stringify(results)?.slice(0, 200)}`);
    }
    try {
      throwOnTransactionError(this.database, results, (i) => operations[i]?.op);
    } catch (error) {
      // A follower that lost its leader answers "not leader": move on to find the new one.
      if (error instanceof OvsdbTransactionError && /not leader/i.test(`${error.error} ${error.details ?? ''}`)) {
        session.close(error);
      }
      throw error;
    }
    return decodeResults(this.schema, operations, results);
  }
}

/** What actually went wrong: the message under any "connection lost" wrappers, without their repetition. */
function rootMessage(error: Error): string {
  let current: Error = error;
  while (current instanceof OvsdbDisconnectedError && current.cause instanceof Error) current = current.cause;
  return current.message;
}

async function requestLock(session: JsonRpcSession, method: 'lock' | 'steal', name: string): Promise<boolean> {
  const result = (await session.request(method, [name])) as { locked?: unknown } | null;
  if (typeof result?.locked !== 'boolean') {
    throw new OvsdbProtocolError(session.remote, `${method} answered ${JSON.stringify(result)}`);
  }
  return result.locked;
}
