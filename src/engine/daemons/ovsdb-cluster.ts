import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCommand } from '../proc/run-command.js';
import { startOvsdbServer, type OvsdbServerHandle } from './ovsdb-server.js';
import { createClusterDatabase, joinClusterDatabase, SCHEMAS, type DatabaseName } from './ovsdb-tool.js';

export interface OvsdbClusterOptions {
  readonly dir: string;
  readonly database: DatabaseName;
  /** Member count (default 3). */
  readonly size?: number;
  /** File name prefix (default the lower-cased database short name, e.g. `nb`). */
  readonly prefix?: string;
}

export interface OvsdbClusterHandle {
  readonly members: readonly OvsdbServerHandle[];
  /** Client remotes of every member, comma separated: `unix:/d/nb-a.sock,unix:/d/nb-b.sock,…`. */
  readonly remotes: string;
  /** Index of the member that currently says it is leader (undefined while an election runs). */
  leaderIndex(): Promise<number | undefined>;
  stop(): Promise<void>;
}

const LETTERS = 'abcdefghij';

function defaultPrefix(database: DatabaseName): string {
  return database === 'OVN_Northbound' ? 'nb' : database === 'OVN_Southbound' ? 'sb' : 'ovs';
}

/** `ovs-appctl cluster/status` of one member; undefined when it does not answer. */
export async function clusterStatus(member: OvsdbServerHandle, database: string): Promise<string | undefined> {
  try {
    const { stdout } = await runCommand(['ovs-appctl', '-t', member.unixctlPath, 'cluster/status', database], {
      timeoutMs: 5000,
    });
    return stdout;
  } catch {
    return undefined;
  }
}

/**
 * A RAFT cluster of `size` ovsdb-servers on unix sockets: member a is created with create-cluster, the others
 * join it. Resolves when every member reports itself a cluster member and one of them is leader.
 */
export async function startOvsdbCluster(options: OvsdbClusterOptions): Promise<OvsdbClusterHandle> {
  const size = options.size ?? 3;
  const prefix = options.prefix ?? defaultPrefix(options.database);
  const names = [...LETTERS.slice(0, size)].map((letter) => `${prefix}-${letter}`);
  const raft = (name: string) => `unix:${join(options.dir, `${name}.raft`)}`;
  const dbPath = (name: string) => join(options.dir, `${name}.db`);
  await createClusterDatabase(dbPath(names[0]), SCHEMAS[options.database], raft(names[0]));
  for (const name of names.slice(1)) {
    await joinClusterDatabase(dbPath(name), options.database, raft(name), [raft(names[0])]);
  }
  const members: OvsdbServerHandle[] = [];
  try {
    for (const name of names) members.push(await startOvsdbServer({ dir: options.dir, name, dbPaths: [dbPath(name)] }));
  } catch (error) {
    await Promise.all(members.map((m) => m.stop()));
    throw error;
  }
  const handle: OvsdbClusterHandle = {
    members,
    remotes: members.map((m) => m.remote).join(','),
    async leaderIndex() {
      const statuses = await Promise.all(members.map((m) => (m.alive() ? clusterStatus(m, options.database) : undefined)));
      const index = statuses.findIndex((s) => s !== undefined && /^Role: leader$/m.test(s));
      return index < 0 ? undefined : index;
    },
    async stop() {
      await Promise.all(members.map((m) => m.stop()));
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const statuses = await Promise.all(members.map((m) => clusterStatus(m, options.database)));
    const joined = statuses.every((s) => s !== undefined && /^Status: cluster member$/m.test(s));
    if (joined && (await handle.leaderIndex()) !== undefined) return handle;
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(`RAFT cluster for ${options.database} did not form within 30 s: ${statuses.map((s) => s?.split('\n').find((l) => l.startsWith('Status'))).join('; ')}`);
    }
    await sleep(50);
  }
}
