/**
 * Two `DesiredNorthbound`s → the rows that change, one human line each, sorted by table:
 * `+ Logical_Switch_Port localnet.s1 (localnet, tag 100, network_name phy)`, `- Logical_Router_Port
 * ovn-cluster-s1 (10.30.0.1/24)`, `~ Logical_Router_Policy 29050 ip4.src == 10.16.0.0/16 reroute 100.64.0.2 →
 * 100.64.0.3`, `+ Port_Group node.n1 member s1-pod.default`. Pure.
 */
import type {
  DesiredAddressSet,
  DesiredNorthbound,
  DesiredPolicy,
  DesiredPortGroup,
  DesiredRouter,
  DesiredRouterPort,
  DesiredStaticRoute,
  DesiredSwitch,
  DesiredSwitchPort,
} from '../engine/controller/nb-model.js';

interface RowText<R> {
  readonly table: string;
  /** The row's identity as the user reads it. */
  readonly label: (row: R) => string;
  /** The columns that may change in place. */
  readonly detail: (row: R) => string;
  /** How an in-place change reads, when better than `old detail → new detail`. */
  readonly change?: (before: R, after: R) => string;
}

function switchPortDetail(p: DesiredSwitchPort): string {
  if (p.type === 'localnet') {
    const tag = p.tag === undefined ? 'untagged' : `tag ${p.tag}`;
    return `localnet, ${tag}, network_name ${p.options.network_name ?? ''}`;
  }
  if (p.type === 'router') return `router, router-port ${p.options['router-port'] ?? ''}`;
  return p.addresses.join(' ');
}

const switches: RowText<DesiredSwitch> = { table: 'Logical_Switch', label: (s) => s.name, detail: () => '' };
const switchPorts: RowText<DesiredSwitchPort> = { table: 'Logical_Switch_Port', label: (p) => p.name, detail: switchPortDetail };
const routers: RowText<DesiredRouter> = { table: 'Logical_Router', label: (r) => r.name, detail: () => '' };
const routerPorts: RowText<DesiredRouterPort> = {
  table: 'Logical_Router_Port',
  label: (p) => p.name,
  detail: (p) => `${p.networks.join(' ')}${p.peer ? `, peer ${p.peer}` : ''}`,
};
const staticRoutes: RowText<DesiredStaticRoute> = {
  table: 'Logical_Router_Static_Route',
  label: (r) => `${r.routerName} ${r.policy === 'src-ip' ? 'src ' : ''}${r.ipPrefix}${r.routeTable ? ` table ${r.routeTable}` : ''}`,
  detail: (r) => `via ${r.nexthop}`,
  change: (a, b) => `via ${a.nexthop} → ${b.nexthop}`,
};
const policies: RowText<DesiredPolicy> = {
  table: 'Logical_Router_Policy',
  label: (p) => `${p.priority} ${p.match}`,
  detail: (p) => [p.action, ...p.nexthops].join(' '),
  // `reroute 100.64.0.2 → 100.64.0.3`: the action once when only the next hops move.
  change: (a, b) => (a.action === b.action ? `${a.action} ${a.nexthops.join(' ')} → ${b.nexthops.join(' ')}` : `${policies.detail(a)} → ${policies.detail(b)}`),
};

function rowLines<R>(text: RowText<R>, before: ReadonlyMap<string, R>, after: ReadonlyMap<string, R>): string[] {
  const lines: string[] = [];
  const shown = (row: R) => {
    const detail = text.detail(row);
    return detail ? ` (${detail})` : '';
  };
  for (const [key, row] of before) if (!after.has(key)) lines.push(`- ${text.table} ${text.label(row)}${shown(row)}`);
  for (const [key, row] of after) {
    const old = before.get(key);
    if (!old) lines.push(`+ ${text.table} ${text.label(row)}${shown(row)}`);
    else if (text.detail(old) !== text.detail(row)) {
      lines.push(`~ ${text.table} ${text.label(row)} ${text.change ? text.change(old, row) : `${text.detail(old)} → ${text.detail(row)}`}`);
    }
  }
  return lines;
}

function memberLines<R extends DesiredPortGroup | DesiredAddressSet>(
  table: string,
  members: (row: R) => readonly string[],
  before: ReadonlyMap<string, R>,
  after: ReadonlyMap<string, R>,
): string[] {
  const lines: string[] = [];
  for (const [name] of before) if (!after.has(name)) lines.push(`- ${table} ${name}`);
  for (const [name, row] of after) {
    const old = before.get(name);
    if (!old) lines.push(`+ ${table} ${name}`);
    const was = new Set(old ? members(old) : []);
    const now = new Set(members(row));
    for (const m of was) if (!now.has(m)) lines.push(`- ${table} ${name} member ${m}`);
    for (const m of now) if (!was.has(m)) lines.push(`+ ${table} ${name} member ${m}`);
  }
  return lines;
}

type TableDiff<K extends keyof DesiredNorthbound> = (before: DesiredNorthbound[K], after: DesiredNorthbound[K]) => string[];

/** One renderer per table of `DesiredNorthbound`: a table added there fails to compile here until it is shown. */
const tableDiffs: { readonly [K in keyof DesiredNorthbound]: TableDiff<K> } = {
  switches: (b, a) => rowLines(switches, b, a),
  switchPorts: (b, a) => rowLines(switchPorts, b, a),
  routers: (b, a) => rowLines(routers, b, a),
  routerPorts: (b, a) => rowLines(routerPorts, b, a),
  staticRoutes: (b, a) => rowLines(staticRoutes, b, a),
  policies: (b, a) => rowLines(policies, b, a),
  portGroups: (b, a) => memberLines<DesiredPortGroup>('Port_Group', (g) => g.ports, b, a),
  addressSets: (b, a) => memberLines<DesiredAddressSet>('Address_Set', (s) => s.addresses, b, a),
};

/** The Northbound changes from `before` to `after`; empty when both want the same rows. */
export function diffNorthbound(before: DesiredNorthbound, after: DesiredNorthbound): string[] {
  return (Object.keys(tableDiffs) as (keyof DesiredNorthbound)[]).flatMap((table) =>
    (tableDiffs[table] as TableDiff<typeof table>)(before[table], after[table]),
  );
}
