import type { IPPool, IPPoolStatus } from '../cluster/kinds/kubeovn-types.js';
import { setReadyResult } from '../cluster/kinds/conditions.js';
import { IpamError } from '../ipam/index.js';
import type { ControllerContext } from './controller-context.js';
import { validateIpPool } from './validation/ippool-rules.js';
import { writeStatus } from './object-writes.js';
import { usageStatusFields } from './usage-status.js';

/** IPPool → IPAM pool (carved out of its subnet), usage in status, conditions. */
export async function reconcileIpPool(ctx: ControllerContext, name: string): Promise<void> {
  const pool = ctx.caches.ippools.get(name);
  if (!pool || pool.metadata.deletionTimestamp) {
    ctx.ipam.removePool(name);
    return;
  }
  const issues = validateIpPool(pool, { subnets: ctx.caches.subnets.list(), ipPools: ctx.caches.ippools.list() });
  let failure = issues.length > 0 ? { reason: issues[0].reason, message: issues.map((i) => i.message).join('; ') } : undefined;
  if (!failure) {
    if (!ctx.appliedSubnets.has(pool.spec.subnet)) throw new Error(`IPPool ${name}: subnet ${pool.spec.subnet} is not ready yet`);
    try {
      ctx.ipam.addOrUpdatePool({ name, subnet: pool.spec.subnet, ips: pool.spec.ips });
    } catch (err) {
      if (!(err instanceof IpamError)) throw err;
      failure = { reason: 'UpdateIPAMFailed', message: err.message };
    }
  }
  await writeStatus<IPPool>(ctx.api, 'IPPool', name, undefined, (raw) => {
    const status = raw as IPPoolStatus;
    if (failure) {
      status.conditions = setReadyResult(status.conditions, false, failure.reason, failure.message);
    } else {
      Object.assign(status, usageStatusFields(ctx.ipam.poolUsage(name), 'ippool'));
      status.conditions = setReadyResult(status.conditions, true, 'UpdateIPAMSucceeded', '');
    }
    return status as Record<string, unknown>;
  });
  if (failure) await ctx.event(pool, 'Warning', failure.reason, failure.message);
}
