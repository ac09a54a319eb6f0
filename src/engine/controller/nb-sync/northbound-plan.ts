import type { Replica, ReplicaTable } from '../../../ovn/ovsdb/replica.js';
import type { TransactionBatch } from '../../../ovn/ovsdb/transaction-batch.js';
import { namedUuid, type NamedUuid } from '../../../ovn/ovsdb/encoding.js';
import type { TableMap } from '../../../ovn/ovsdb/operations.js';
import type { DesiredLoadBalancer, DesiredNorthbound } from '../nb-model.js';
import { natKey, policyKey, staticRouteKey } from '../nb-model.js';
import { VENDOR } from '../ovn-names.js';
import { columnsOf } from './desired-columns.js';
import { diffTable, type CurrentRow } from './table-diff.js';

type Row = Record<string, unknown> & { readonly _uuid: string };
type Ref = string | NamedUuid;

/** The NB tables (and columns) the planner reads; the syncer monitors exactly these. */
export const NB_REPLICA_TABLES = {
  Logical_Switch: ['name', 'ports', 'external_ids', 'other_config'],
  Logical_Switch_Port: ['name', 'type', 'addresses', 'port_security', 'options', 'tag', 'external_ids', 'up'],
  Logical_Router: ['name', 'ports', 'static_routes', 'policies', 'nat', 'load_balancer', 'options', 'external_ids'],
  Logical_Router_Port: ['name', 'mac', 'networks', 'options', 'peer', 'gateway_chassis', 'external_ids'],
  Logical_Router_Static_Route: ['ip_prefix', 'nexthop', 'policy', 'route_table', 'external_ids'],
  Logical_Router_Policy: ['priority', 'match', 'action', 'nexthops', 'external_ids'],
  Port_Group: ['name', 'ports', 'external_ids'],
  Address_Set: ['name', 'addresses', 'external_ids'],
  NAT: ['type', 'external_ip', 'logical_ip', 'logical_port', 'external_mac', 'gateway_port', 'options', 'external_ids'],
  Gateway_Chassis: ['name', 'chassis_name', 'priority', 'external_ids'],
  Load_Balancer: ['name', 'protocol', 'vips', 'external_ids'],
} as const;

type NbTable = keyof typeof NB_REPLICA_TABLES;
type ParentTable = 'Logical_Switch' | 'Logical_Router' | 'Logical_Router_Port';

/** Parent rows as a child sync needs them: each wanted parent's reference by name, and those being deleted. */
interface Parents {
  readonly refs: Map<string, Ref>;
  readonly deleted: Set<string>;
}

/** A desired row left out because a row kovn does not own already holds its name. */
export interface PlanConflict {
  readonly table: string;
  readonly name: string;
  /** The desired row's owner keys (subnet, pod, node …), to report on the owning object. */
  readonly ownerKeys: Record<string, string>;
}

export interface NorthboundPlan {
  /** Row changes the batch holds (inserts, updates, deletes, moves). */
  readonly changes: number;
  readonly conflicts: readonly PlanConflict[];
}

interface DesiredChild {
  readonly columns: Record<string, unknown>;
  readonly parent: string;
}

function isOwned(row: Row): boolean {
  return (row.external_ids as Record<string, string> | undefined)?.vendor === VENDOR;
}

function byKey(rows: Iterable<Row>, keyOf: (r: Row) => string): Map<string, CurrentRow[]> {
  const out = new Map<string, CurrentRow[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = out.get(key);
    if (list) list.push({ uuid: row._uuid, row });
    else out.set(key, [{ uuid: row._uuid, row }]);
  }
  return out;
}

/**
 * Adds to `batch` every operation that turns the Northbound kovn owns (as the replica shows it) into the
 * desired rows: one transaction for the whole pass. Rows kovn does not own are never changed; a desired row
 * whose name a foreign row holds is reported as a conflict and left out, with everything that hangs on it.
 */
export function planNorthbound(desired: DesiredNorthbound, replica: Replica<TableMap>, batch: TransactionBatch<TableMap>): NorthboundPlan {
  return new NorthboundPlanner(replica, batch).plan(desired);
}

class NorthboundPlanner {
  private changes = 0;
  private readonly conflicts: PlanConflict[] = [];
  private nextName = 0;
  /** Which parent row references each child row today. */
  private readonly parentOf = new Map<string, string>();
  /** Reference columns to change on existing parents: `table|uuid|column` → adds and removes. */
  private readonly refEdits = new Map<string, { table: string; uuid: Ref; column: string; add: Ref[]; remove: string[] }>();
  /** Children to put into parents inserted in this batch: `name|column` → refs. */
  private readonly newParentRefs = new Map<string, Ref[]>();

  constructor(
    private readonly replica: Replica<TableMap>,
    private readonly batch: TransactionBatch<TableMap>,
  ) {}

  plan(desired: DesiredNorthbound): NorthboundPlan {
    for (const ls of this.table('Logical_Switch').values()) for (const p of ls.ports as string[]) this.parentOf.set(p, ls._uuid);
    for (const lr of this.table('Logical_Router').values()) {
      for (const c of [...(lr.ports as string[]), ...(lr.static_routes as string[]), ...(lr.policies as string[]), ...(lr.nat as string[])]) this.parentOf.set(c, lr._uuid);
    }
    for (const lrp of this.table('Logical_Router_Port').values()) for (const g of lrp.gateway_chassis as string[]) this.parentOf.set(g, lrp._uuid);

    const routers = this.diffRoots('Logical_Router', desired.routers, columnsOf.router);
    const switches = this.diffRoots('Logical_Switch', desired.switches, columnsOf.switch);

    const lspRefs = this.syncChildren(
      'Logical_Switch_Port',
      'Logical_Switch',
      'ports',
      switches,
      this.named('Logical_Switch_Port', desired.switchPorts, (p) => ({ columns: columnsOf.switchPort(p), parent: p.switchName })),
      (r) => r.name as string,
    );
    const routerPorts = this.syncChildren(
      'Logical_Router_Port',
      'Logical_Router',
      'ports',
      routers,
      this.named('Logical_Router_Port', desired.routerPorts, (p) => ({ columns: columnsOf.routerPort(p), parent: p.routerName })),
      (r) => r.name as string,
    );
    const routerNameOf = (row: Row) => this.table('Logical_Router').get(this.parentOf.get(row._uuid) ?? '')?.name as string | undefined;
    this.syncChildren(
      'Logical_Router_Static_Route',
      'Logical_Router',
      'static_routes',
      routers,
      new Map([...desired.staticRoutes].map(([k, r]) => [k, { columns: columnsOf.staticRoute(r), parent: r.routerName }])),
      (r) =>
        staticRouteKey({
          routerName: routerNameOf(r) ?? '',
          routeTable: r.route_table as string,
          policy: ((r.policy as string | undefined) ?? 'dst-ip') as 'dst-ip' | 'src-ip',
          ipPrefix: r.ip_prefix as string,
        }),
    );
    this.syncChildren(
      'Logical_Router_Policy',
      'Logical_Router',
      'policies',
      routers,
      new Map([...desired.policies].map(([k, p]) => [k, { columns: columnsOf.policy(p), parent: p.routerName }])),
      (r) => policyKey({ routerName: routerNameOf(r) ?? '', priority: r.priority as number, match: r.match as string }),
    );
    this.syncChildren(
      'NAT',
      'Logical_Router',
      'nat',
      routers,
      this.natRows(desired, routerPorts),
      (r) =>
        natKey({
          routerName: routerNameOf(r) ?? '',
          type: r.type as 'snat',
          externalIp: r.external_ip as string,
          logicalIp: r.logical_ip as string,
        }),
    );
    this.syncChildren(
      'Gateway_Chassis',
      'Logical_Router_Port',
      'gateway_chassis',
      routerPorts,
      this.named('Gateway_Chassis', desired.gatewayChassis ?? new Map(), (g) => ({ columns: columnsOf.gatewayChassis(g), parent: g.routerPortName })),
      (r) => r.name as string,
    );
    this.syncLoadBalancers(desired.loadBalancers ?? new Map(), routers);

    // Roots inserted in this batch carry their new children in their insert row.
    for (const [name, { ref, columns }] of routers.inserted) {
      this.batch.insert(
        'Logical_Router',
        {
          ...columns,
          ports: this.takeNew('Logical_Router', name, 'ports'),
          static_routes: this.takeNew('Logical_Router', name, 'static_routes'),
          policies: this.takeNew('Logical_Router', name, 'policies'),
          nat: this.takeNew('Logical_Router', name, 'nat'),
          load_balancer: this.takeNew('Logical_Router', name, 'load_balancer'),
        },
        ref.name,
      );
    }
    for (const [name, { ref, columns }] of switches.inserted) {
      this.batch.insert('Logical_Switch', { ...columns, ports: this.takeNew('Logical_Switch', name, 'ports') }, ref.name);
    }
    for (const e of this.refEdits.values()) {
      const mutations: [string, 'insert' | 'delete', unknown][] = [];
      if (e.remove.length) mutations.push([e.column, 'delete', e.remove]);
      if (e.add.length) mutations.push([e.column, 'insert', e.add]);
      this.batch.mutate(e.table, [['_uuid', '==', e.uuid as string]], mutations as never);
    }

    // Port group members are weak references to switch ports (existing uuids or ports inserted above).
    this.syncFlat(
      'Port_Group',
      this.named('Port_Group', desired.portGroups, (g) => ({
        name: g.name,
        external_ids: g.externalIds,
        ports: g.ports.map((p) => lspRefs.refs.get(p)).filter((r): r is Ref => r !== undefined),
      })),
    );
    this.syncFlat('Address_Set', this.named('Address_Set', desired.addressSets, columnsOf.addressSet));

    // Roots last: deleting a switch or router takes its remaining children with it.
    for (const uuid of switches.deleted) this.batch.delete('Logical_Switch', [['_uuid', '==', uuid]]);
    for (const uuid of routers.deleted) this.batch.delete('Logical_Router', [['_uuid', '==', uuid]]);
    return { changes: this.changes, conflicts: this.conflicts };
  }

  private table(name: NbTable): ReplicaTable<Row> {
    return this.replica.table(name) as unknown as ReplicaTable<Row>;
  }

  private owned(name: NbTable): Row[] {
    return this.table(name).filter(isOwned);
  }

  /** Desired rows of a named table as column maps, without those whose name a foreign row holds. */
  private named<T extends { name: string; externalIds: Record<string, string> }, V>(
    table: NbTable,
    rows: ReadonlyMap<string, T>,
    toValue: (row: T) => V,
  ): Map<string, V> {
    const out = new Map<string, V>();
    const current = this.table(table);
    for (const [key, row] of rows) {
      if (current.allByName(row.name).some((r) => !isOwned(r))) {
        this.conflicts.push({ table, name: row.name, ownerKeys: row.externalIds });
      } else {
        out.set(key, toValue(row));
      }
    }
    return out;
  }

  /** Switches and routers: updates now, inserts deferred (they carry children), deletes at the end. */
  private diffRoots<T extends { name: string; externalIds: Record<string, string> }>(
    table: 'Logical_Switch' | 'Logical_Router',
    rows: ReadonlyMap<string, T>,
    toColumns: (row: T) => Record<string, unknown>,
  ) {
    const diff = diffTable(this.named(table, rows, toColumns), byKey(this.owned(table), (r) => r.name as string));
    this.changes += diff.inserts.length + diff.updates.length + diff.deletes.length;
    const refs = new Map<string, Ref>();
    for (const r of this.owned(table)) refs.set(r.name as string, r._uuid);
    const inserted = new Map<string, { ref: NamedUuid; columns: Record<string, unknown> }>();
    for (const ins of diff.inserts) {
      const ref = namedUuid(`kovn_root${this.nextName++}`);
      refs.set(ins.key, ref);
      inserted.set(ins.key, { ref, columns: ins.row });
    }
    for (const u of diff.updates) this.batch.update(table, [['_uuid', '==', u.uuid]], u.changed);
    const deleted = new Set(diff.deletes.map((d) => d.uuid));
    for (const d of diff.deletes) refs.delete(d.key);
    return { refs, inserted, deleted };
  }

  /**
   * Child rows live only while a parent references them. Inserts go into the parent's reference column,
   * deletes come out of it (OVSDB then collects the row), and a row whose parent changed (a port moved to
   * another switch) moves within the same transaction. Returns each wanted child's reference by key.
   */
  private syncChildren(
    table: NbTable,
    parentTable: ParentTable,
    column: string,
    parents: Parents,
    wanted: Map<string, DesiredChild>,
    keyOf: (row: Row) => string,
  ): Parents {
    for (const [key, child] of wanted) if (!parents.refs.has(child.parent)) wanted.delete(key);
    const current = byKey(this.owned(table), keyOf);
    const diff = diffTable(new Map([...wanted].map(([k, c]) => [k, c.columns])), current);
    const refs = new Map<string, Ref>();
    const deleted = new Set<string>();

    for (const ins of diff.inserts) {
      const ref = this.batch.insert(table, ins.row);
      refs.set(ins.key, ref);
      this.addRef(parentTable, parents.refs.get(wanted.get(ins.key)!.parent)!, wanted.get(ins.key)!.parent, column, ref);
      this.changes++;
    }
    for (const u of diff.updates) {
      this.batch.update(table, [['_uuid', '==', u.uuid]], u.changed);
      this.changes++;
    }
    for (const d of diff.deletes) {
      const parent = this.parentOf.get(d.uuid);
      if (parent && !parents.deleted.has(parent)) this.removeRef(parentTable, parent, column, d.uuid);
      deleted.add(d.uuid);
      this.changes++;
    }
    for (const [key, child] of wanted) {
      const existing = current.get(key)?.[0];
      if (!existing) continue;
      refs.set(key, existing.uuid);
      const want = parents.refs.get(child.parent)!;
      const have = this.parentOf.get(existing.uuid);
      if (want === have) continue;
      if (have && !parents.deleted.has(have)) this.removeRef(parentTable, have, column, existing.uuid);
      this.addRef(parentTable, want, child.parent, column, existing.uuid);
      this.changes++;
    }
    return { refs, deleted };
  }

  /**
   * NAT rows with their gateway port resolved to the router port's reference (weak); a row whose gateway port is
   * not wanted (or not ours) is left out rather than written to a port OVN would not pick.
   */
  private natRows(desired: DesiredNorthbound, routerPorts: Parents): Map<string, DesiredChild> {
    const out = new Map<string, DesiredChild>();
    for (const [key, n] of desired.nats ?? []) {
      const gatewayPort = n.gatewayPort === undefined ? undefined : routerPorts.refs.get(n.gatewayPort);
      if (n.gatewayPort !== undefined && gatewayPort === undefined) continue;
      out.set(key, { columns: { ...columnsOf.nat(n), gateway_port: gatewayPort }, parent: n.routerName });
    }
    return out;
  }

  /**
   * Load balancers are root rows that routers hold by weak reference: deleting one detaches it everywhere.
   * kovn attaches its own to the routers each names and detaches them elsewhere; foreign ones stay put.
   */
  private syncLoadBalancers(wanted: ReadonlyMap<string, DesiredLoadBalancer>, routers: Parents): void {
    const rows = this.named('Load_Balancer', wanted, columnsOf.loadBalancer);
    const owned = this.owned('Load_Balancer');
    const diff = diffTable(rows, byKey(owned, (r) => r.name as string));
    this.changes += diff.inserts.length + diff.updates.length + diff.deletes.length;
    const refs = new Map<string, Ref>(owned.map((r) => [r.name as string, r._uuid]));
    for (const ins of diff.inserts) refs.set(ins.key, this.batch.insert('Load_Balancer', ins.row));
    for (const u of diff.updates) this.batch.update('Load_Balancer', [['_uuid', '==', u.uuid]], u.changed);
    const deleted = new Set(diff.deletes.map((d) => d.uuid));
    for (const d of diff.deletes) this.batch.delete('Load_Balancer', [['_uuid', '==', d.uuid]]);

    const ownedUuids = new Set(owned.map((r) => r._uuid));
    for (const [routerName, routerRef] of routers.refs) {
      const want = [...rows.keys()].filter((k) => wanted.get(k)!.routerNames.includes(routerName)).map((k) => refs.get(k)!);
      if (typeof routerRef !== 'string') {
        for (const lb of want) this.addRef('Logical_Router', routerRef, routerName, 'load_balancer', lb);
        continue;
      }
      const have = (this.table('Logical_Router').get(routerRef)?.load_balancer as string[] | undefined) ?? [];
      for (const lb of want) {
        if (typeof lb === 'string' && have.includes(lb)) continue;
        this.addRef('Logical_Router', routerRef, routerName, 'load_balancer', lb);
        this.changes++;
      }
      for (const lb of have) {
        if (!ownedUuids.has(lb) || deleted.has(lb) || want.includes(lb)) continue;
        this.removeRef('Logical_Router', routerRef, 'load_balancer', lb);
        this.changes++;
      }
    }
  }

  /** Root tables without parents (port groups, address sets). */
  private syncFlat(table: NbTable, wanted: Map<string, Record<string, unknown>>): void {
    const diff = diffTable(wanted, byKey(this.owned(table), (r) => r.name as string));
    this.changes += diff.inserts.length + diff.updates.length + diff.deletes.length;
    for (const ins of diff.inserts) this.batch.insert(table, ins.row);
    for (const u of diff.updates) this.batch.update(table, [['_uuid', '==', u.uuid]], u.changed);
    for (const d of diff.deletes) this.batch.delete(table, [['_uuid', '==', d.uuid]]);
  }

  private addRef(parentTable: string, parent: Ref, parentName: string, column: string, child: Ref): void {
    // Switches and routers inserted in this batch are written last, with their children in the insert row;
    // any other parent inserted in this batch (a router port) is already written and takes a mutation.
    if (typeof parent !== 'string' && (parentTable === 'Logical_Switch' || parentTable === 'Logical_Router')) {
      const key = `${parentTable}|${parentName}|${column}`;
      this.newParentRefs.set(key, [...(this.newParentRefs.get(key) ?? []), child]);
      return;
    }
    this.refEdit(parentTable, parent, column).add.push(child);
  }

  private removeRef(parentTable: string, parent: string, column: string, child: string): void {
    this.refEdit(parentTable, parent, column).remove.push(child);
  }

  private refEdit(table: string, uuid: Ref, column: string) {
    const key = `${table}|${typeof uuid === 'string' ? uuid : uuid.name}|${column}`;
    let e = this.refEdits.get(key);
    if (!e) this.refEdits.set(key, (e = { table, uuid, column, add: [], remove: [] }));
    return e;
  }

  private takeNew(parentTable: string, parentName: string, column: string): Ref[] {
    return this.newParentRefs.get(`${parentTable}|${parentName}|${column}`) ?? [];
  }
}
