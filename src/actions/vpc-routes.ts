/**
 * The VPC route editor: replace `spec.staticRoutes` and/or `spec.policyRoutes` of a Vpc. Pure helpers add,
 * remove and replace single entries, so a form (or `kovn vpc route add|del`) builds the new lists first.
 */
import type { PolicyRoute, StaticRoute, Vpc } from '../engine/cluster/kinds/kubeovn-types.js';
import { issue } from '../engine/controller/validation/index.js';
import { ActionValidationError } from './action-errors.js';
import type { ActionContext, Plan } from './action-types.js';
import { findVpc, readSnapshot, withObject, type ClusterSnapshot } from './cluster-snapshot.js';
import { assemblePlan } from './plan-assembly.js';
import { updateChange } from './object-changes.js';
import { requireValidVpc, vpcWatch } from './vpc-lifecycle.js';

export interface VpcRoutesInput {
  readonly vpc: string;
  /** The new list; absent = unchanged. */
  readonly staticRoutes?: readonly StaticRoute[];
  /** The new list; absent = unchanged. */
  readonly policyRoutes?: readonly PolicyRoute[];
}

function sameStatic(a: StaticRoute, b: StaticRoute): boolean {
  return (a.cidr ?? '') === (b.cidr ?? '') && (a.policy || 'policyDst') === (b.policy || 'policyDst') && (a.routeTable ?? '') === (b.routeTable ?? '');
}

/** `routes` with `route` added, or replacing the route with the same cidr, policy and table (its next hop changes). */
export function withStaticRoute(routes: readonly StaticRoute[], route: StaticRoute): StaticRoute[] {
  const i = routes.findIndex((r) => sameStatic(r, route));
  return i < 0 ? [...routes, route] : routes.map((r, j) => (j === i ? route : r));
}

/** `routes` without the route(s) with that cidr, policy and table (and next hop, when given). */
export function withoutStaticRoute(routes: readonly StaticRoute[], route: StaticRoute): StaticRoute[] {
  return routes.filter((r) => !(sameStatic(r, route) && (!route.nextHopIP || r.nextHopIP === route.nextHopIP)));
}

function samePolicy(a: PolicyRoute, b: PolicyRoute): boolean {
  return (a.priority ?? 0) === (b.priority ?? 0) && (a.match ?? '').trim() === (b.match ?? '').trim();
}

/** `routes` with `route` added, or replacing the one with the same priority and match. */
export function withPolicyRoute(routes: readonly PolicyRoute[], route: PolicyRoute): PolicyRoute[] {
  const i = routes.findIndex((r) => samePolicy(r, route));
  return i < 0 ? [...routes, route] : routes.map((r, j) => (j === i ? route : r));
}

/** `routes` without the one with that priority and match. */
export function withoutPolicyRoute(routes: readonly PolicyRoute[], route: Pick<PolicyRoute, 'priority' | 'match'>): PolicyRoute[] {
  return routes.filter((r) => !samePolicy(r, route));
}

/** Plans new route lists for a VPC; throws `ActionValidationError` naming the entry (`spec.staticRoutes[1].nextHopIP`). */
export async function planVpcRoutes(ctx: ActionContext, input: VpcRoutesInput, snapshot?: ClusterSnapshot): Promise<Plan> {
  const before = snapshot ?? (await readSnapshot(ctx));
  const vpc = findVpc(before, input.vpc);
  if (!vpc) throw new ActionValidationError('Vpc', input.vpc, [issue('metadata.name', input.vpc, 'VpcNotFound', `no Vpc "${input.vpc}" exists`, `Vpc/${input.vpc}`)]);
  const spec = { ...vpc.spec };
  if (input.staticRoutes) spec.staticRoutes = [...input.staticRoutes];
  if (input.policyRoutes) spec.policyRoutes = [...input.policyRoutes];
  if (spec.staticRoutes?.length === 0) delete spec.staticRoutes;
  if (spec.policyRoutes?.length === 0) delete spec.policyRoutes;
  const edited: Vpc = { ...vpc, spec };
  requireValidVpc(edited, before, ctx, vpc.spec);
  const update = updateChange(vpc, edited);
  return assemblePlan(ctx, {
    title: `Edit the routes of VPC ${input.vpc}`,
    changes: update.diff.length > 0 ? [update] : [],
    before,
    after: withObject(before, edited),
    watch: vpcWatch(input.vpc),
  });
}
