/**
 * The VPC route editor's working copy: the route lists as read, the lists as edited, and the rows that show
 * both (`+` added, `-` removed). Pure; the plan replaces the VPC's lists with the edited ones.
 */
import type { PolicyRoute, StaticRoute, Vpc } from '../../engine/cluster/kinds/kubeovn-types.js';

export interface RouteDraft {
  readonly vpc: string;
  readonly original: { readonly staticRoutes: readonly StaticRoute[]; readonly policyRoutes: readonly PolicyRoute[] };
  readonly staticRoutes: readonly StaticRoute[];
  readonly policyRoutes: readonly PolicyRoute[];
  readonly cursor: number;
}

export type RouteRow =
  | { readonly kind: 'static'; readonly mark: '+' | '-' | ' '; readonly route: StaticRoute }
  | { readonly kind: 'policy'; readonly mark: '+' | '-' | ' '; readonly route: PolicyRoute };

export function draftOf(vpc: Vpc): RouteDraft {
  const staticRoutes = vpc.spec.staticRoutes ?? [];
  const policyRoutes = vpc.spec.policyRoutes ?? [];
  return { vpc: vpc.metadata.name, original: { staticRoutes, policyRoutes }, staticRoutes, policyRoutes, cursor: 0 };
}

const staticKey = (r: StaticRoute) => [r.policy || 'policyDst', r.cidr ?? '', r.nextHopIP ?? '', r.routeTable ?? ''].join('|');
const policyKey = (r: PolicyRoute) => [r.priority ?? 0, (r.match ?? '').trim(), r.action ?? '', r.nextHopIP ?? ''].join('|');

function marked<R>(original: readonly R[], edited: readonly R[], key: (r: R) => string): { mark: '+' | '-' | ' '; route: R }[] {
  const kept = new Set(edited.map(key));
  const before = new Set(original.map(key));
  return [
    ...original.map((route) => ({ mark: kept.has(key(route)) ? (' ' as const) : ('-' as const), route })),
    ...edited.filter((r) => !before.has(key(r))).map((route) => ({ mark: '+' as const, route })),
  ];
}

/** Static routes, then policy routes; removed ones stay listed (marked `-`) so `x` can restore them. */
export function routeRows(draft: RouteDraft): RouteRow[] {
  return [
    ...marked(draft.original.staticRoutes, draft.staticRoutes, staticKey).map((r) => ({ kind: 'static' as const, ...r })),
    ...marked(draft.original.policyRoutes, draft.policyRoutes, policyKey).map((r) => ({ kind: 'policy' as const, ...r })),
  ];
}

export function hasEdits(draft: RouteDraft): boolean {
  return routeRows(draft).some((r) => r.mark !== ' ');
}

/** `x` on a row: removes a kept or added route, restores a removed one. */
export function toggleRow(draft: RouteDraft, row: RouteRow): RouteDraft {
  if (row.kind === 'static') {
    const k = staticKey(row.route);
    const staticRoutes = row.mark === '-' ? [...draft.staticRoutes, row.route] : draft.staticRoutes.filter((r) => staticKey(r) !== k);
    return { ...draft, staticRoutes };
  }
  const k = policyKey(row.route);
  const policyRoutes = row.mark === '-' ? [...draft.policyRoutes, row.route] : draft.policyRoutes.filter((r) => policyKey(r) !== k);
  return { ...draft, policyRoutes };
}

export function staticRouteText(r: StaticRoute): string {
  const table = r.routeTable ? `  table ${r.routeTable}` : '';
  return `${r.policy === 'policySrc' ? 'src' : 'dst'} ${r.cidr ?? '?'} → ${r.nextHopIP ?? '?'}${table}`;
}

export function policyRouteText(r: PolicyRoute): string {
  return `${String(r.priority ?? 0).padStart(5)}  ${r.match ?? ''}  ${r.action ?? '?'}${r.nextHopIP ? ` ${r.nextHopIP}` : ''}`;
}

export function routeRowText(row: RouteRow): string {
  return `${row.mark} ${row.kind === 'static' ? staticRouteText(row.route) : policyRouteText(row.route)}`;
}
