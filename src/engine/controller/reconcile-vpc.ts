import type { Vpc, VpcStatus } from '../cluster/kinds/kubeovn-types.js';
import { KUBEOVN_FINALIZER } from '../cluster/kinds/kubeovn-types.js';
import { setCondition, setReadyResult } from '../cluster/kinds/conditions.js';
import type { ControllerContext } from './controller-context.js';
import { validateVpc, validateVpcDeletion } from './validation/vpc-rules.js';
import { setFinalizer, writeStatus } from './object-writes.js';
import { generationOf } from './reconcile-subnet.js';

function subnetsOf(ctx: ControllerContext, vpc: string): string[] {
  return ctx.caches.subnets
    .list()
    .filter((s) => !s.metadata.deletionTimestamp && (s.spec.vpc || ctx.config.defaultVpc) === vpc)
    .map((s) => s.metadata.name)
    .sort();
}

/** Vpc → logical router, routes and policies (through the NB syncer), status and conditions. */
export async function reconcileVpc(ctx: ControllerContext, name: string): Promise<void> {
  const vpc = ctx.caches.vpcs.get(name);
  if (!vpc) {
    ctx.appliedVpcs.delete(name);
    await ctx.syncer.syncNow();
    return;
  }
  const subnets = subnetsOf(ctx, name);
  if (vpc.metadata.deletionTimestamp) {
    // Judge by the subnets that exist now, not by a status written before some of them went away.
    const issues = validateVpcDeletion(
      { ...vpc, status: { ...vpc.status, subnets } },
      { subnets: ctx.caches.subnets.list().filter((s) => !s.metadata.deletionTimestamp), defaultVpc: ctx.config.defaultVpc, defaultSubnet: ctx.config.defaultSubnet },
    );
    if (issues.length > 0) {
      await writeVpcStatus(ctx, vpc, (s) => ({ ...s, conditions: setReadyResult(s.conditions, false, issues[0].reason, issues.map((i) => i.message).join('; '), generationOf(vpc)) }));
      return;
    }
    ctx.appliedVpcs.delete(name);
    await ctx.syncer.syncNow();
    await setFinalizer(ctx.api, vpc, KUBEOVN_FINALIZER, false);
    return;
  }
  await setFinalizer(ctx.api, vpc, KUBEOVN_FINALIZER, true);
  const previous = ctx.appliedVpcs.get(name);
  const issues = validateVpc(vpc, { subnets: ctx.caches.subnets.list(), defaultVpc: ctx.config.defaultVpc }, previous?.spec);
  if (issues.length > 0) {
    const message = issues.map((i) => i.message).join('; ');
    await writeVpcStatus(ctx, vpc, (s) => {
      s.conditions = setCondition(s.conditions, { type: 'Validated', status: 'False', reason: issues[0].reason, message });
      s.conditions = setReadyResult(s.conditions, false, issues[0].reason, message, generationOf(vpc));
      return s;
    });
    await ctx.event(vpc, 'Warning', issues[0].reason, message);
    return;
  }
  const isNew = !previous;
  ctx.appliedVpcs.set(name, vpc);
  await ctx.syncer.syncNow();
  if (isNew) ctx.enqueue.allSubnets();
  const defaultSubnet =
    name === ctx.config.defaultVpc ? ctx.config.defaultSubnet : (vpc.spec?.defaultSubnet ?? ctx.caches.subnets.list().find((s) => s.spec.vpc === name && s.spec.default)?.metadata.name ?? '');
  await writeVpcStatus(ctx, vpc, (s) => {
    s.default = name === ctx.config.defaultVpc;
    s.standby = true;
    s.router = name;
    s.subnets = subnets;
    s.defaultLogicalSwitch = defaultSubnet;
    s.enableExternal = vpc.spec?.enableExternal ?? false;
    s.conditions = setCondition(s.conditions, { type: 'Validated', status: 'True', reason: 'ValidateSuccess', message: '' });
    s.conditions = setReadyResult(s.conditions, true, 'ReconcileSuccess', `router ${name} ready`, generationOf(vpc));
    return s;
  });
}

async function writeVpcStatus(ctx: ControllerContext, vpc: Vpc, mutate: (s: VpcStatus) => VpcStatus): Promise<void> {
  await writeStatus<Vpc>(ctx.api, 'Vpc', vpc.metadata.name, undefined, (raw) => mutate(raw as VpcStatus) as Record<string, unknown>);
}
