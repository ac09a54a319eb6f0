import type { Vlan, VlanStatus } from '../cluster/kinds/kubeovn-types.js';
import { setReadyResult } from '../cluster/kinds/conditions.js';
import type { ControllerContext } from './controller-context.js';
import { validateVlan, findConflictingVlan } from './validation/vlan-rules.js';
import { writeStatus } from './object-writes.js';

/**
 * Vlan → status: the subnets that use it now (an underlay → overlay switch takes the subnet out, which
 * Kube-OVN forgets), the id conflict flag, and conditions. Subnets on it are re-checked.
 */
export async function reconcileVlan(ctx: ControllerContext, name: string): Promise<void> {
  const vlan = ctx.caches.vlans.get(name);
  const users = ctx.caches.subnets.list().filter((s) => s.spec.vlan === name);
  for (const s of users) ctx.enqueue.subnet(s.metadata.name);
  if (!vlan) return;
  const vlans = ctx.caches.vlans.list();
  const issues = validateVlan(vlan, { vlans, providerNetworks: ctx.caches.providerNetworks.list() });
  const conflict = findConflictingVlan(vlan, vlans) !== undefined;
  const applied = users.filter((s) => ctx.appliedSubnets.get(s.metadata.name)?.subnet.spec.vlan === name).map((s) => s.metadata.name).sort();
  await writeStatus<Vlan>(ctx.api, 'Vlan', name, undefined, (raw) => {
    const status = raw as VlanStatus;
    status.subnets = applied;
    status.conflict = conflict;
    status.conditions =
      issues.length > 0
        ? setReadyResult(status.conditions, false, issues[0].reason, issues.map((i) => i.message).join('; '))
        : setReadyResult(status.conditions, true, 'ReconcileSuccess', '');
    return status as Record<string, unknown>;
  });
  if (issues.length > 0) await ctx.event(vlan, 'Warning', issues[0].reason, issues.map((i) => i.message).join('; '));
}
