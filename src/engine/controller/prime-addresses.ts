import { IpamError, type Allocation, type Ipam } from '../ipam/index.js';
import { ANN } from './annotations.js';
import type { ControllerContext } from './controller-context.js';
import { isPodTerminated } from './core-objects.js';
import { nodePortName } from './ovn-names.js';
import { podAddressRequest, podAllocationKey } from './pod-address-request.js';
import { chooseSubnet } from './reconcile-pod.js';
import { validatePodNetworkAnnotations } from './validation/pod-annotation-rules.js';

/**
 * At start, after IPAM is restored: allocates (in memory only) the addresses of pods and nodes that have
 * none stored yet, in the order and with the requests their reconciles would make. The first NB pass then
 * writes their ports too, so a cold start writes the Northbound in one large transaction instead of one per
 * burst of reconciles; each reconcile that follows finds its allocation held under the same key, stores it
 * (IP object, annotations) and changes nothing in the Northbound. Whatever fails here (a taken static
 * address, an invalid annotation, a subnet not accepted) is left to the reconcile, which reports it.
 * Returns IPAM key → subnet of what it allocated (the controller's `primedAddresses`).
 */
export function primeAddresses(ctx: ControllerContext): Map<string, string> {
  const primed = new Map<string, string>();
  const join = ctx.config.joinSubnet;
  if (ctx.appliedSubnets.has(join)) {
    for (const node of ctx.caches.nodes.list()) {
      if (node.metadata.deletionTimestamp || node.metadata.annotations?.[ANN.allocated] === 'true') continue;
      const key = nodePortName(node.metadata.name);
      if (tryAllocate(() => ctx.ipam.allocation(key, join) ?? ctx.ipam.allocate({ key, subnet: join, owner: `node ${node.metadata.name}` }))) primed.set(key, join);
    }
  }
  const podContext = { subnets: ctx.caches.subnets.list(), ipPools: ctx.caches.ippools.list() };
  for (const pod of ctx.caches.pods.list()) {
    const ann = pod.metadata.annotations ?? {};
    if (pod.spec?.hostNetwork || pod.metadata.deletionTimestamp || isPodTerminated(pod) || ann[ANN.allocated] === 'true') continue;
    if (validatePodNetworkAnnotations(pod, podContext).length > 0) continue;
    const subnet = chooseSubnet(ctx, pod);
    if (!ctx.appliedSubnets.has(subnet)) continue;
    const key = podAllocationKey(pod);
    if (tryAllocate(() => ctx.ipam.allocation(key, subnet) ?? ctx.ipam.allocate(podAddressRequest(pod, subnet, true)))) primed.set(key, subnet);
  }
  return primed;
}

/** The address a primed key holds now (undefined once released), for the cluster view. */
export function primedAllocation(ipam: Ipam, primed: ReadonlyMap<string, string>, key: string): Allocation | undefined {
  const subnet = primed.get(key);
  return subnet === undefined ? undefined : ipam.allocation(key, subnet);
}

function tryAllocate(allocate: () => Allocation): boolean {
  try {
    allocate();
    return true;
  } catch (err) {
    if (err instanceof IpamError) return false;
    throw err;
  }
}
