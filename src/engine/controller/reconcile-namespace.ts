import type { ControllerContext } from './controller-context.js';
import { ANN } from './annotations.js';
import { patchAnnotations } from './object-writes.js';

/**
 * Namespace → annotations naming the subnets bound to it (or the default subnet), their CIDRs and
 * excludeIps, and the IPPools bound to it, as Kube-OVN writes them.
 */
export async function reconcileNamespace(ctx: ControllerContext, name: string): Promise<void> {
  const ns = ctx.caches.namespaces.get(name);
  if (!ns || ns.metadata.deletionTimestamp) return;
  let bound = [...ctx.appliedSubnets.values()].filter((a) => (a.subnet.spec.namespaces ?? []).includes(name));
  if (bound.length === 0) {
    const fallback = ctx.appliedSubnets.get(ctx.config.defaultSubnet);
    bound = fallback ? [fallback] : [];
  }
  bound.sort((a, b) => a.subnet.metadata.name.localeCompare(b.subnet.metadata.name));
  const pools = ctx.caches.ippools
    .list()
    .filter((p) => (p.spec.namespaces ?? []).includes(name))
    .map((p) => p.metadata.name)
    .sort();
  await patchAnnotations(ctx.api, ns, {
    [ANN.logicalSwitch]: bound.map((a) => a.subnet.metadata.name).join(',') || null,
    [ANN.cidr]: bound.map((a) => a.info.cidrBlock).join(';') || null,
    [ANN.excludeIps]: bound.map((a) => a.info.excludeIps.join(',')).join(';') || null,
    [ANN.ipPool]: pools.join(',') || null,
  });
}
