import type { KindInfo } from '../types.js';

/**
 * The discovery documents kubectl and client libraries read to map kinds to URLs: `/api`, `/apis`,
 * `/apis/<group>`, `/api/v1`, `/apis/<group>/<version>`. Plain (unaggregated) JSON: clients that ask for the
 * aggregated form fall back to these when the response's content type says so.
 */

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** `kubectl get all` lists the kinds in the `all` category; `kubectl get kube-ovn` the kubeovn.io kinds. */
const ALL_CATEGORY = new Set(['Pod', 'Service', 'Deployment', 'StatefulSet']);

function categoriesOf(k: KindInfo): string[] {
  if (k.group === 'kubeovn.io') return ['kube-ovn', 'kovn'];
  return ALL_CATEGORY.has(k.kind) ? ['all'] : [];
}

export function apiVersions(): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }],
  };
}

function groupVersions(kinds: readonly KindInfo[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const k of kinds) {
    if (!k.group) continue;
    const versions = groups.get(k.group) ?? [];
    if (!versions.includes(k.version)) versions.push(k.version);
    groups.set(k.group, versions);
  }
  return groups;
}

function groupDocument(group: string, versions: string[]): Record<string, unknown> {
  const list = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: list, preferredVersion: list[0] };
}

export function apiGroupList(kinds: readonly KindInfo[]): Record<string, unknown> {
  const groups = [...groupVersions(kinds)].map(([group, versions]) => groupDocument(group, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** `/apis/<group>`; undefined when the group is not served. */
export function apiGroup(kinds: readonly KindInfo[], group: string): Record<string, unknown> | undefined {
  const versions = groupVersions(kinds).get(group);
  return versions ? groupDocument(group, versions) : undefined;
}

/** `/api/v1` or `/apis/<group>/<version>`: each kind with its status subresource when it has one. */
export function apiResourceList(kinds: readonly KindInfo[], group: string, version: string): Record<string, unknown> | undefined {
  const served = kinds.filter((k) => k.group === group && k.version === version);
  if (!served.length) return undefined;
  const resources = served.flatMap((k) => {
    const main = {
      name: k.plural,
      singularName: k.kind.toLowerCase(),
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: VERBS,
      ...(k.shortNames?.length ? { shortNames: [...k.shortNames] } : {}),
      ...(categoriesOf(k).length ? { categories: categoriesOf(k) } : {}),
    };
    const status = { name: `${k.plural}/status`, singularName: '', namespaced: k.namespaced, kind: k.kind, verbs: ['get', 'patch', 'update'] };
    return k.hasStatus ? [main, status] : [main];
  });
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}
