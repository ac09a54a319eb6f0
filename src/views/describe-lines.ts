import { stringify } from 'yaml';
import type { Subnet, Vpc } from '../engine/cluster/kinds/kubeovn-types.js';
import type { KubeObject } from '../engine/cluster/types.js';
import type { NbInfo, NbLookup, NbRow } from '../tui/store.js';
import { vpcOfSubnet } from './vpc-view.js';

/** An OVSDB value in one short line: sets as `[a b]`, maps as `{k=v}`. */
export function formatNbValue(value: unknown): string {
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${String(k)}=${formatNbValue(v)}`).join(' ')}}`;
  if (value instanceof Set) return `[${[...value].map(formatNbValue).join(' ')}]`;
  if (Array.isArray(value)) return `[${value.map(formatNbValue).join(' ')}]`;
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const SHOWN_COLUMNS: Record<string, readonly string[]> = {
  Logical_Switch: ['other_config', 'external_ids'],
  Logical_Switch_Port: ['type', 'addresses', 'up', 'tag', 'options'],
  Logical_Router: ['external_ids'],
  Logical_Router_Port: ['networks', 'mac'],
  Logical_Router_Policy: ['priority', 'match', 'action', 'nexthops'],
};

export function nbRowLine(table: string, label: string, row: NbRow | undefined): string {
  if (!row) return `  ${table} ${label}: (absent)`;
  const cols = (SHOWN_COLUMNS[table] ?? []).filter((c) => row[c] !== undefined).map((c) => `${c}=${formatNbValue(row[c])}`);
  return `  ${table} ${label}: ${cols.join('  ')}`;
}

/** The NB rows that back an object, one line each. */
export function backingNbRows(object: KubeObject, nb: NbLookup): string[] {
  const name = object.metadata.name;
  switch (object.kind) {
    case 'Subnet': {
      const subnet = object as Subnet;
      const vpc = vpcOfSubnet(subnet);
      const cidrs = (subnet.spec.cidrBlock ?? '').split(',').filter(Boolean);
      const lines = [
        nbRowLine('Logical_Switch', name, nb.byName('Logical_Switch', name)),
        nbRowLine('Logical_Router_Port', `${vpc}-${name}`, nb.byName('Logical_Router_Port', `${vpc}-${name}`)),
        nbRowLine('Logical_Switch_Port', `${name}-${vpc}`, nb.byName('Logical_Switch_Port', `${name}-${vpc}`)),
      ];
      if (subnet.spec.vlan) lines.push(nbRowLine('Logical_Switch_Port', `localnet.${name}`, nb.byName('Logical_Switch_Port', `localnet.${name}`)));
      const policies = nb.all('Logical_Router_Policy').filter((p) => cidrs.some((c) => String(p.match ?? '').includes(c)));
      for (const p of policies) lines.push(nbRowLine('Logical_Router_Policy', String(p.priority), p));
      return lines;
    }
    case 'Vpc': {
      const router = (object as Vpc).status?.router ?? name;
      return [nbRowLine('Logical_Router', router, nb.byName('Logical_Router', router))];
    }
    case 'IP':
      return [nbRowLine('Logical_Switch_Port', name, nb.byName('Logical_Switch_Port', name))];
    case 'Node':
      return [nbRowLine('Logical_Switch_Port', `node-${name}`, nb.byName('Logical_Switch_Port', `node-${name}`))];
    default:
      return ['  (no OVN rows for this kind)'];
  }
}

/** `kubectl describe`-like text: spec, status, conditions with messages, and the OVN rows behind it. */
export function describeLines(object: KubeObject, nb: NbInfo): string[] {
  const status = (object.status ?? {}) as { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
  const { conditions, ...restStatus } = status;
  const lines = [`${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`, '', 'Spec:'];
  lines.push(...indent(stringify(object.spec ?? {})));
  lines.push('Status:', ...indent(stringify(restStatus)));
  lines.push('Conditions:');
  if (!conditions?.length) lines.push('  (none)');
  for (const c of conditions ?? []) lines.push(`  ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`);
  lines.push('OVN (Northbound):');
  if (nb.lookup && nb.state === 'ready') lines.push(...backingNbRows(object, nb.lookup));
  else lines.push(`  ${nb.state === 'connecting' ? 'connecting to NB…' : nb.message.startsWith('NB not reachable') ? nb.message : `NB not reachable: ${nb.message}`}`);
  return lines;
}

function indent(text: string): string[] {
  return text.trimEnd().split('\n').map((l) => `  ${l}`);
}

export function yamlLines(object: KubeObject): string[] {
  return stringify(object).trimEnd().split('\n');
}
