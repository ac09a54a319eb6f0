import { runCommand } from '../proc/run-command.js';

/** Schema files OVN and OVS install. */
export const SCHEMAS = {
  OVN_Northbound: '/usr/share/ovn/ovn-nb.ovsschema',
  OVN_Southbound: '/usr/share/ovn/ovn-sb.ovsschema',
  Open_vSwitch: '/usr/share/openvswitch/vswitch.ovsschema',
} as const;

export type DatabaseName = keyof typeof SCHEMAS;

/** `ovsdb-tool create DB SCHEMA`: an empty standalone database file. */
export async function createStandaloneDatabase(dbPath: string, schemaPath: string): Promise<void> {
  await runCommand(['ovsdb-tool', 'create', dbPath, schemaPath], { timeoutMs: 15_000 });
}

/** `ovsdb-tool create-cluster DB SCHEMA LOCAL`: the first member of a RAFT cluster (LOCAL like unix:/x/a.raft). */
export async function createClusterDatabase(dbPath: string, schemaPath: string, localAddress: string): Promise<void> {
  await runCommand(['ovsdb-tool', 'create-cluster', dbPath, schemaPath, localAddress], { timeoutMs: 15_000 });
}

/** `ovsdb-tool join-cluster DB NAME LOCAL REMOTE...`: a member that joins when its server starts. */
export async function joinClusterDatabase(
  dbPath: string,
  databaseName: string,
  localAddress: string,
  remoteAddresses: readonly string[],
): Promise<void> {
  await runCommand(['ovsdb-tool', 'join-cluster', dbPath, databaseName, localAddress, ...remoteAddresses], {
    timeoutMs: 15_000,
  });
}
