import type { OvsdbClient } from '../../ovn/ovsdb/client.js';
import { OvsdbTransactionError } from '../../ovn/ovsdb/errors.js';
import type { OpenVSwitchTables } from '../../ovn/schema/generated/vswitch.js';
import { BR_INT } from './node-agent-options.js';

export type OvsClient = OvsdbClient<OpenVSwitchTables>;

export interface OvsInterfaceRow {
  readonly uuid: string;
  readonly name: string;
  readonly type: string;
  readonly externalIds: Record<string, string>;
  readonly ofport: number | undefined;
  readonly error: string | undefined;
}

export interface PortSpec {
  readonly name: string;
  /** '' (a system device such as a veth) or 'internal'. */
  readonly type?: string;
  readonly mac?: string;
  readonly mtuRequest?: number;
  readonly externalIds: Record<string, string>;
}

// Select results arrive decoded with the schema: maps as plain objects, sets as arrays, uuids as strings.
const asMap = (value: unknown) => (value ?? {}) as Record<string, string>;
const asUuids = (value: unknown) => (Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : []);

const INTERFACE_COLUMNS = ['_uuid', 'name', 'type', 'external_ids', 'ofport', 'error'] as const;

function interfaceRow(r: Record<string, unknown>): OvsInterfaceRow {
  return {
    uuid: r._uuid as string,
    name: r.name as string,
    type: r.type as string,
    externalIds: asMap(r.external_ids),
    ofport: typeof r.ofport === 'number' ? r.ofport : undefined,
    error: typeof r.error === 'string' ? r.error : undefined,
  };
}

/** Every Interface row (a node holds tens to hundreds: one select is cheaper than a monitor per call). */
export async function listInterfaces(client: OvsClient): Promise<OvsInterfaceRow[]> {
  const [result] = await client.transact([{ op: 'select', table: 'Interface', where: [], columns: INTERFACE_COLUMNS }]);
  return (result.rows ?? []).map(interfaceRow);
}

export async function findInterface(client: OvsClient, name: string): Promise<OvsInterfaceRow | undefined> {
  const [result] = await client.transact([{ op: 'select', table: 'Interface', where: [['name', '==', name]], columns: INTERFACE_COLUMNS }]);
  const row = result.rows?.[0];
  return row ? interfaceRow(row) : undefined;
}

/** Port uuids holding any of these Interface uuids. */
async function portsHolding(client: OvsClient, interfaceUuids: ReadonlySet<string>): Promise<string[]> {
  if (interfaceUuids.size === 0) return [];
  const [result] = await client.transact([{ op: 'select', table: 'Port', where: [], columns: ['_uuid', 'interfaces'] }]);
  return (result.rows ?? []).filter((r) => asUuids(r.interfaces).some((u) => interfaceUuids.has(u))).map((r) => r._uuid as string);
}

/**
 * Adds a port with one interface to br-int, first removing any port that has the same name or carries the
 * same iface-id (a stale port of an earlier sandbox would compete for the logical port), in one transaction.
 */
export async function addBridgePort(client: OvsClient, spec: PortSpec): Promise<void> {
  const ifaceId = spec.externalIds['iface-id'];
  const stale = (await listInterfaces(client)).filter((i) => i.name === spec.name || (ifaceId !== undefined && i.externalIds['iface-id'] === ifaceId));
  const stalePorts = await portsHolding(client, new Set(stale.map((i) => i.uuid)));
  const batch = client.batch();
  if (stalePorts.length) batch.mutate('Bridge', [], [['ports', 'delete', stalePorts]]);
  const iface = batch.insert('Interface', {
    name: spec.name,
    type: spec.type ?? '',
    external_ids: spec.externalIds,
    ...(spec.mac ? { mac: spec.mac } : {}),
    ...(spec.mtuRequest ? { mtu_request: spec.mtuRequest } : {}),
  });
  const port = batch.insert('Port', { name: spec.name, interfaces: [iface], external_ids: { vendor: spec.externalIds.vendor ?? '' } });
  batch.mutate('Bridge', [['name', '==', BR_INT]], [['ports', 'insert', [port]]]);
  const { results } = await batch.commit();
  const bridgeMutate = results[results.length - 1];
  if (bridgeMutate?.count === 0) throw new Error(`bridge ${BR_INT} does not exist in the node's Open_vSwitch database`);
}

/** Sets (merges) external_ids and other columns of an existing Interface. */
export async function updateInterface(client: OvsClient, name: string, row: { mac?: string; mtu_request?: number; external_ids?: Record<string, string> }): Promise<void> {
  await client.transact([{ op: 'update', table: 'Interface', where: [['name', '==', name]], row }]);
}

/** Removes the ports that hold these interfaces from every bridge (OVSDB then drops the unreferenced rows). */
export async function deletePortsOf(client: OvsClient, interfaceUuids: readonly string[]): Promise<number> {
  const ports = await portsHolding(client, new Set(interfaceUuids));
  if (ports.length) await client.transact([{ op: 'mutate', table: 'Bridge', where: [], mutations: [['ports', 'delete', ports]] }]);
  return ports.length;
}

/** How long one server-side wait may block before the agent looks at its deadline and stop flag again. */
const WAIT_SLICE_MS = 1_000;

/**
 * Waits until the named Interface has `external_ids:KEY=VALUE` (e.g. ovn-controller's ovn-installed=true).
 * The waiting happens in ovsdb-server (a transaction with a `wait` operation returns as soon as the row
 * matches), so the agent learns of the change at once instead of on its next poll. When it never matched (the
 * timeout passed or `aborted()`), returns the row as it is then (undefined: no such interface) to say why.
 */
export async function waitForInterfaceExternalId(
  client: OvsClient,
  name: string,
  key: string,
  value: string,
  timeoutMs: number,
  aborted: () => boolean = () => false,
): Promise<{ matched: true } | { matched: false; row: OvsInterfaceRow | undefined }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const slice = Math.max(0, Math.min(WAIT_SLICE_MS, deadline - Date.now()));
    try {
      await client.transact([
        { op: 'wait', table: 'Interface', where: [['name', '==', name], ['external_ids', 'includes', { [key]: value }]], columns: ['name'], until: '==', rows: [{ name }], timeoutMs: slice },
      ]);
      return { matched: true };
    } catch (error) {
      // A wait that timed out fails its transaction with "timed out"; anything else is a real failure.
      if (!(error instanceof OvsdbTransactionError) || error.error !== 'timed out') throw error;
    }
    if (Date.now() >= deadline || aborted()) return { matched: false, row: await findInterface(client, name) };
  }
}
