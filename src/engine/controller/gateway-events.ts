import type { Subnet } from '../cluster/kinds/kubeovn-types.js';
import type { ControllerContext } from './controller-context.js';
import type { AppliedSubnet } from './build-cluster-view.js';
import { describeUnusable, type GatewayChoice } from './subnet-gateways.js';
import { ANN } from './annotations.js';
import { removeCondition, setCondition, type Condition } from '../cluster/kinds/conditions.js';

export const GATEWAY_CONDITION = 'Gateway';

/**
 * Condition `Gateway` of a centralized subnet (removed for distributed ones): True with the nodes egress goes
 * through, reason GatewayDegraded when some named gateway is unusable (each named, with why), False with
 * NoActiveGateway when none is usable. Ready keeps its plain message, which actions wait for.
 */
export function setGatewayCondition(conditions: Condition[] | undefined, gateways: GatewayChoice | undefined): Condition[] {
  if (!gateways) return removeCondition(conditions, GATEWAY_CONDITION);
  const unusable = gateways.unusable.length ? `unusable: ${describeUnusable(gateways)}` : '';
  const next: Condition =
    gateways.nexthops.length === 0
      ? { type: GATEWAY_CONDITION, status: 'False', reason: 'NoActiveGateway', message: noActiveGatewayMessage(gateways) }
      : {
          type: GATEWAY_CONDITION,
          status: 'True',
          reason: unusable ? 'GatewayDegraded' : 'GatewaysInUse',
          message: `egress through ${gateways.inUse.join(', ')}${unusable ? `; ${unusable}` : ''}`,
        };
  return setCondition(conditions, next);
}

/**
 * Whether the subnet's Gateway condition already says what `gateways` would write: a backup node that recovers
 * changes no OVN row (the active one stays), yet the condition must stop naming it.
 */
export function gatewayConditionCurrent(subnet: Subnet, gateways: GatewayChoice | undefined): boolean {
  const conditions = subnet.status?.conditions ?? [];
  return setGatewayCondition(conditions, gateways) === conditions;
}

/** The NoActiveGateway message, naming each gateway node and why it cannot be used. */
export function noActiveGatewayMessage(gateways: GatewayChoice): string {
  const detail = gateways.unusable.length ? `gateway nodes unusable: ${describeUnusable(gateways)}` : 'no gateway node';
  return `centralized subnet has no usable gateway (${detail}); egress is not rerouted`;
}

/** Gateway nodes whose join addresses are among `nexthops` (the previous pass's choice, kept by address). */
function nodesOfNexthops(ctx: ControllerContext, nexthops: readonly string[]): string[] {
  return ctx.caches.nodes
    .list()
    .filter((n) => (n.metadata.annotations?.[ANN.ipAddress] ?? '').split(',').some((ip) => ip !== '' && nexthops.includes(ip)))
    .map((n) => n.metadata.name)
    .sort();
}

/**
 * Events for every change of the gateways in use: the active one moved, ECMP members left or came back, none
 * is left, or one is back after none was. `subnet` is the reconciled object (its status is the one before).
 */
export async function reportGatewayChanges(ctx: ControllerContext, subnet: Subnet, previous: AppliedSubnet | undefined, gateways: GatewayChoice): Promise<void> {
  const before = previous && previous.subnet.spec.gatewayType === 'centralized' ? nodesOfNexthops(ctx, previous.gatewayNexthops) : undefined;
  if (gateways.nexthops.length === 0) {
    if (before === undefined || before.length > 0) {
      await ctx.event(subnet, 'Warning', 'NoActiveGateway', `no usable gateway node (${describeUnusable(gateways) || 'none named'}); egress is not rerouted`);
    }
    return;
  }
  const previousActive = subnet.status?.activateGateway;
  if (gateways.active) {
    if (previousActive && previousActive !== gateways.active) {
      const why = gateways.why[previousActive] ? ` (${previousActive}: ${gateways.why[previousActive]})` : '';
      await ctx.event(subnet, 'Warning', 'GatewayChanged', `active gateway moved from ${previousActive} to ${gateways.active}${why}`);
    } else if (before !== undefined && before.length === 0) {
      await ctx.event(subnet, 'Normal', 'GatewayRestored', `gateway ${gateways.active} in use again`);
    }
    return;
  }
  if (before === undefined) return;
  const now = [...gateways.inUse].sort();
  const removed = before.filter((n) => !now.includes(n));
  const added = now.filter((n) => !before.includes(n));
  if (removed.length) await ctx.event(subnet, 'Warning', 'GatewayRemoved', `ECMP gateway ${describeUnusable(gateways, removed)} taken out; egress through ${now.join(', ')}`);
  if (added.length) await ctx.event(subnet, 'Normal', 'GatewayAdded', `ECMP gateway ${added.join(', ')} in use; egress through ${now.join(', ')}`);
}
