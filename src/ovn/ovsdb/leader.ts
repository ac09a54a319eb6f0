import type { JsonRpcSession } from './jsonrpc-session.js';
import { OvsdbProtocolError, OvsdbRpcError } from './errors.js';

/**
 * What the server's `_Server` database says about one of its databases. A clustered database accepts our writes
 * only on the RAFT leader (OVN's own tools default to leader-only too), so the client reads this right after
 * connecting and keeps watching it to move on when leadership moves.
 */
export interface ServerDatabaseState {
  readonly model: string;
  readonly connected: boolean;
  readonly leader: boolean;
  /** Cluster id (clustered databases only). */
  readonly cid: string | undefined;
  /** The `_Server.Database` row this state was read from. */
  readonly rowUuid: string;
}

export const SERVER_DATABASE = '_Server';
export const LEADER_MONITOR_ID = 'kovn-server-database';
const COLUMNS = ['name', 'model', 'connected', 'leader', 'cid'];

function optionalUuid(wire: unknown): string | undefined {
  if (Array.isArray(wire) && wire[0] === 'uuid') return wire[1] as string;
  return undefined;
}

/**
 * Reads a `_Server.Database` row from an update2 `initial`/`insert` (no `previous`: an omitted column holds its
 * default, false or empty — update2 leaves default values out) or a `modify` (omitted means unchanged).
 */
export function parseServerDatabaseRow(
  rowUuid: string,
  row: Record<string, unknown>,
  previous?: ServerDatabaseState,
): ServerDatabaseState {
  return {
    rowUuid,
    model: typeof row.model === 'string' ? row.model : (previous?.model ?? ''),
    connected: typeof row.connected === 'boolean' ? row.connected : (previous?.connected ?? false),
    leader: typeof row.leader === 'boolean' ? row.leader : (previous?.leader ?? false),
    cid: 'cid' in row ? optionalUuid(row.cid) : previous?.cid,
  };
}

/** True when we may write to this server: standalone, or the connected leader of its cluster. */
export function isWritable(state: ServerDatabaseState): boolean {
  return state.model !== 'clustered' || (state.connected && state.leader);
}

/**
 * Reads `_Server.Database` for `database` and starts a monitor on it. Resolves undefined when the server has no
 * `_Server` database (very old servers), in which case it is treated as standalone.
 */
export async function readServerDatabaseState(
  session: JsonRpcSession,
  database: string,
): Promise<ServerDatabaseState | undefined> {
  let reply: unknown;
  try {
    reply = await session.request('monitor_cond', [
      SERVER_DATABASE,
      LEADER_MONITOR_ID,
      { Database: [{ columns: COLUMNS, where: [['name', '==', database]] }] },
    ]);
  } catch (error) {
    if (error instanceof OvsdbRpcError && JSON.stringify(error.error).includes('unknown database')) return undefined;
    throw error;
  }
  const rows = (reply as { Database?: Record<string, { initial?: Record<string, unknown> }> } | null)?.Database;
  if (typeof reply !== 'object' || reply === null) {
    throw new OvsdbProtocolError(session.remote, `_Server monitor reply is not an object: ${JSON.stringify(reply)}`);
  }
  // Filter by name here too: ovsdb-server 3.1 answers this monitor with every row, condition or not.
  for (const [uuid, change] of Object.entries(rows ?? {})) {
    if (change?.initial?.name === database) return parseServerDatabaseRow(uuid, change.initial);
  }
  return undefined;
}

/** Applies an update2 notification of the `_Server` monitor to the last known state. */
export function applyServerDatabaseUpdate(
  state: ServerDatabaseState,
  updates: unknown,
): ServerDatabaseState {
  const rows = (updates as { Database?: Record<string, Record<string, Record<string, unknown> | null>> } | null)?.Database;
  let next = state;
  const change = rows?.[state.rowUuid];
  if (change) {
    if (change.modify) next = parseServerDatabaseRow(state.rowUuid, change.modify, next);
    else if (change.insert ?? change.initial) next = parseServerDatabaseRow(state.rowUuid, (change.insert ?? change.initial)!);
    else if ('delete' in change) next = { ...next, connected: false, leader: false };
  }
  return next;
}
