import { OvsdbClient, type OvsdbClientOptions } from './ovsdb/client.js';
import type { OvnNorthboundTables } from './schema/generated/ovn-nb.js';
import type { OvnSouthboundTables } from './schema/generated/ovn-sb.js';
import type { OpenVSwitchTables } from './schema/generated/vswitch.js';

type Options = Omit<OvsdbClientOptions, 'database'>;

/** A client for OVN_Northbound, typed with the generated NB tables. `remotes`: `unix:…`, `tcp:…` or a comma list. */
export function connectNorthbound(remotes: string, options: Options = {}): Promise<OvsdbClient<OvnNorthboundTables>> {
  return OvsdbClient.connect<OvnNorthboundTables>(remotes, { ...options, database: 'OVN_Northbound' });
}

export function connectSouthbound(remotes: string, options: Options = {}): Promise<OvsdbClient<OvnSouthboundTables>> {
  return OvsdbClient.connect<OvnSouthboundTables>(remotes, { ...options, database: 'OVN_Southbound' });
}

/** The local Open_vSwitch database of a node (standalone: leader checks do not apply). */
export function connectOpenVSwitch(remote: string, options: Options = {}): Promise<OvsdbClient<OpenVSwitchTables>> {
  return OvsdbClient.connect<OpenVSwitchTables>(remote, { ...options, database: 'Open_vSwitch' });
}
