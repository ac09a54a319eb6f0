/**
 * Real OVN servers for tests: each call makes its own temp dir (unix sockets only, no fixed ports), so test files
 * can run side by side. Call `stop()` in an `after` hook: it stops every process by pid and removes the dir.
 * A process-exit hook SIGKILLs whatever a crashed test left running.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startOvsdbServer, type OvsdbServerHandle } from '../../src/engine/daemons/ovsdb-server.js';
import { startOvnNorthd, type OvnNorthdHandle } from '../../src/engine/daemons/ovn-northd.js';
import { startOvsdbCluster, type OvsdbClusterHandle } from '../../src/engine/daemons/ovsdb-cluster.js';
import { createStandaloneDatabase, SCHEMAS, type DatabaseName } from '../../src/engine/daemons/ovsdb-tool.js';
import { runCommand } from '../../src/engine/proc/run-command.js';

const running = new Set<{ pid: number; alive(): boolean }>();
const liveDirs = new Set<string>();
const liveNetns = new Set<string>();

/** Last resort when a test process dies without its after-hooks: SIGKILL what it started, remove its dirs. */
function killEverything(): void {
  for (const p of running) {
    try {
      if (p.alive()) process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
  for (const netns of liveNetns) {
    try {
      execFileSync('ip', ['netns', 'delete', netns], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
process.once('exit', killEverything);
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    killEverything();
    process.exit(code);
  });
}

function track<T extends { pid: number; alive(): boolean }>(handle: T): T {
  running.add(handle);
  return handle;
}

export function makeTempDir(label = 'ovn'): string {
  // Short: unix socket paths must stay under 108 bytes.
  const dir = mkdtempSync(join(tmpdir(), `kovn-${label}-`));
  liveDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  liveDirs.delete(dir);
}

async function cleanup(dir: string, handles: readonly { stop(): Promise<void>; pid: number; alive(): boolean }[]): Promise<void> {
  try {
    await Promise.all(handles.map((h) => h.stop()));
  } finally {
    for (const h of handles) running.delete(h);
    removeTempDir(dir);
  }
}

export interface TestOvsdb {
  readonly dir: string;
  readonly server: OvsdbServerHandle;
  /** `unix:/tmp/kovn-…/nb.sock` */
  readonly remote: string;
  readonly database: DatabaseName;
  stop(): Promise<void>;
}

/** One standalone ovsdb-server serving `database` (a fresh, empty DB file). */
export async function startStandaloneDb(database: DatabaseName, options: { tcp?: boolean } = {}): Promise<TestOvsdb> {
  const dir = makeTempDir(database === 'OVN_Northbound' ? 'nb' : database === 'OVN_Southbound' ? 'sb' : 'ovs');
  const name = database === 'OVN_Northbound' ? 'nb' : database === 'OVN_Southbound' ? 'sb' : 'ovs';
  try {
    const dbPath = join(dir, `${name}.db`);
    await createStandaloneDatabase(dbPath, SCHEMAS[database]);
    const server = track(await startOvsdbServer({ dir, name, dbPaths: [dbPath], ...(options.tcp ? { tcpPort: 0 } : {}) }));
    return { dir, server, remote: server.remote, database, stop: () => cleanup(dir, [server]) };
  } catch (error) {
    removeTempDir(dir);
    throw error;
  }
}

export interface TestOvnCentral {
  readonly dir: string;
  readonly nb: OvsdbServerHandle;
  readonly sb: OvsdbServerHandle;
  readonly northd: OvnNorthdHandle;
  stop(): Promise<void>;
}

/** NB and SB ovsdb-servers plus ovn-northd between them. */
export async function startOvnCentral(): Promise<TestOvnCentral> {
  const dir = makeTempDir('central');
  const started: { stop(): Promise<void>; pid: number; alive(): boolean }[] = [];
  try {
    await createStandaloneDatabase(join(dir, 'nb.db'), SCHEMAS.OVN_Northbound);
    await createStandaloneDatabase(join(dir, 'sb.db'), SCHEMAS.OVN_Southbound);
    const nb = track(await startOvsdbServer({ dir, name: 'nb', dbPaths: [join(dir, 'nb.db')] }));
    started.push(nb);
    const sb = track(await startOvsdbServer({ dir, name: 'sb', dbPaths: [join(dir, 'sb.db')] }));
    started.push(sb);
    const northd = track(await startOvnNorthd({ dir, nbRemote: nb.remote, sbRemote: sb.remote }));
    started.push(northd);
    // Ready means northd has done its first pass: an ovn-controller started before may never register.
    await northd.waitForFirstPass();
    return { dir, nb, sb, northd, stop: () => cleanup(dir, [northd, sb, nb]) };
  } catch (error) {
    await cleanup(dir, started);
    throw error;
  }
}

export interface TestOvsdbCluster {
  readonly dir: string;
  readonly cluster: OvsdbClusterHandle;
  /** `unix:a.sock,unix:b.sock,unix:c.sock` */
  readonly remotes: string;
  stop(): Promise<void>;
}

/** A RAFT cluster (default 3 members) of `database` on unix sockets. */
export async function startClusteredDb(database: DatabaseName = 'OVN_Northbound', size = 3): Promise<TestOvsdbCluster> {
  const dir = makeTempDir('raft');
  try {
    const cluster = await startOvsdbCluster({ dir, database, size });
    for (const m of cluster.members) track(m);
    return { dir, cluster, remotes: cluster.remotes, stop: () => cleanup(dir, cluster.members) };
  } catch (error) {
    removeTempDir(dir);
    throw error;
  }
}

/** A fresh network namespace with a unique name (needs root); delete it with `deleteTestNetns`. */
export async function makeTestNetns(): Promise<string> {
  const name = `kovn-t-${randomBytes(4).toString('hex')}`;
  await runCommand(['ip', 'netns', 'add', name]);
  liveNetns.add(name);
  return name;
}

export async function deleteTestNetns(name: string): Promise<void> {
  await runCommand(['ip', 'netns', 'delete', name]).catch(() => undefined);
  liveNetns.delete(name);
}

/** Runs ovn-nbctl against `remote` and returns its stdout. */
export async function nbctl(remote: string, ...args: string[]): Promise<string> {
  return (await runCommand(['ovn-nbctl', `--db=${remote}`, '--no-leader-only', ...args], { timeoutMs: 15_000 })).stdout;
}

/** Runs `ovsdb-client ARGS` and returns stdout. */
export async function ovsdbClient(...args: string[]): Promise<string> {
  return (await runCommand(['ovsdb-client', ...args], { timeoutMs: 15_000 })).stdout;
}

/** Selects rows with ovsdb-client (the reference answer to compare a replica with). */
export async function queryRows(
  remote: string,
  database: string,
  table: string,
  columns?: readonly string[],
): Promise<Record<string, unknown>[]> {
  const op = { op: 'select', table, where: [], ...(columns ? { columns: ['_uuid', ...columns] } : {}) };
  const out = await ovsdbClient('query', remote, JSON.stringify([database, op]));
  return (JSON.parse(out) as [{ rows: Record<string, unknown>[] }])[0].rows;
}

/** Polls `check` until it returns a truthy value (or stops throwing); fails with `what` after `timeoutMs`. */
/** Polls `check` until it returns a truthy value (which it resolves to), or fails naming `what`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 20_000): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    }
    await sleep(20);
  }
}
