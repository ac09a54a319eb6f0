import { IP_LABEL } from './annotations.js';
import type { ControllerContext } from './controller-context.js';
import { validateIp } from './validation/ip-rules.js';

/**
 * IP objects the controller did not write (a user's reservation): checked against §10.3 (subnet exists,
 * addresses valid and inside it, podType) with a Warning event naming the field. The controller's own IP
 * objects (`ip_reserved=false`) are its record of IPAM and need no check.
 */
export async function reconcileIp(ctx: ControllerContext, name: string): Promise<void> {
  const ip = ctx.caches.ips.get(name);
  if (!ip || ip.metadata.labels?.[IP_LABEL.reserved] === 'false') return;
  const issues = validateIp(ip, { subnets: ctx.caches.subnets.list() });
  if (issues.length > 0) await ctx.event(ip, 'Warning', issues[0].reason, issues.map((i) => i.message).join('; '));
}
