/**
 * The kinds of OVSDB failure. Each keeps what the server (or the wire) said, so one place upstream can turn it
 * into a status condition or a CLI message without re-parsing strings.
 */
export class OvsdbError extends Error {
  override readonly name: string = 'OvsdbError';
}

/** The connection dropped (or was never up) while a request was in flight; the request was not replayed. */
export class OvsdbDisconnectedError extends OvsdbError {
  override readonly name = 'OvsdbDisconnectedError';
  constructor(
    readonly remote: string,
    readonly method: string | undefined,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${method ? `${method} to ` : ''}${remote || 'OVSDB'} failed: connection lost (${reason}); not replayed`, options);
  }
}

/** The server (or a peer pretending to be one) broke the JSON-RPC/OVSDB protocol: bad JSON, unknown ids, wrong shapes. */
export class OvsdbProtocolError extends OvsdbError {
  override readonly name = 'OvsdbProtocolError';
  constructor(
    readonly remote: string,
    detail: string,
  ) {
    super(`protocol error from ${remote || 'OVSDB peer'}: ${detail}`);
  }
}

/** A JSON-RPC request answered with a non-null "error" (e.g. unknown database, unknown method). */
export class OvsdbRpcError extends OvsdbError {
  override readonly name = 'OvsdbRpcError';
  constructor(
    readonly method: string,
    readonly error: unknown,
  ) {
    super(`${method} failed: ${typeof error === 'string' ? error : JSON.stringify(error)}`);
  }
}

/**
 * A transaction the server rejected. `operationIndex` is the index of the failing operation in the request
 * (undefined when the failure is about the whole transaction, e.g. a referential integrity violation that the
 * server reports after the last operation), `error` and `details` are the server's words.
 */
export class OvsdbTransactionError extends OvsdbError {
  override readonly name = 'OvsdbTransactionError';
  constructor(
    readonly database: string,
    readonly operationIndex: number | undefined,
    readonly operation: string | undefined,
    readonly error: string,
    readonly details: string | undefined,
    readonly results: readonly unknown[],
  ) {
    const where =
      operationIndex === undefined ? 'transaction' : `operation ${operationIndex}${operation ? ` (${operation})` : ''}`;
    super(`${database} ${where} failed: ${error}${details ? `: ${details}` : ''}`);
  }
}

/** The value given for a column does not fit the column's type in the schema (caught before sending). */
export class OvsdbEncodingError extends OvsdbError {
  override readonly name = 'OvsdbEncodingError';
  constructor(
    readonly table: string,
    readonly column: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`${column ? `${table}.${column}` : `table ${table}`}: ${reason}${value === undefined ? '' : ` (got ${describeValue(value)})`}`);
  }
}

/** A remote string that is not `unix:PATH`, `tcp:HOST:PORT` or a comma list of them. */
export class OvsdbRemoteError extends OvsdbError {
  override readonly name = 'OvsdbRemoteError';
}

/** The client was closed by its owner; pending and future requests fail with this. */
export class OvsdbClosedError extends OvsdbError {
  override readonly name = 'OvsdbClosedError';
}

/** Request took longer than the configured timeout; the connection is dropped because its state is unknown. */
export class OvsdbTimeoutError extends OvsdbError {
  override readonly name = 'OvsdbTimeoutError';
}

function describeValue(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
