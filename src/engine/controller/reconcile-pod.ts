import type { IP, IPPool } from '../cluster/kinds/kubeovn-types.js';
import { IpamError } from '../ipam/index.js';
import type { ControllerContext } from './controller-context.js';
import { ANN } from './annotations.js';
import type { PodObject } from './core-objects.js';
import { isPodTerminated, statefulSetOwner } from './core-objects.js';
import { patchAnnotations } from './object-writes.js';
import { deleteIpObject, ipObjectFor, upsertIpObject } from './ip-objects.js';
import { podPortName } from './ovn-names.js';
import { validatePodNetworkAnnotations } from './validation/pod-annotation-rules.js';
import { podAddressRequest, podAllocationKey } from './pod-address-request.js';
import { podPortView, samePodPortView } from './build-cluster-view.js';

/** Raised when a pod cannot get an address; the queue retries, and the pod carries a Warning event. */
export class PodNetworkError extends Error {
  override readonly name = 'PodNetworkError';
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The subnet a pod's primary network uses, in Kube-OVN's order: its own `logical_switch` annotation, the
 * subnet of the IPPool it names, the first subnet bound to its namespace that has room, the default subnet.
 */
export function chooseSubnet(ctx: ControllerContext, pod: PodObject): string {
  const ann = pod.metadata.annotations ?? {};
  if (ann[ANN.logicalSwitch]) return ann[ANN.logicalSwitch];
  const poolName = ann[ANN.ipPool];
  if (poolName) {
    const pool = ctx.caches.ippools.get(poolName) as IPPool | undefined;
    if (pool) return pool.spec.subnet;
  }
  const ns = pod.metadata.namespace ?? 'default';
  const bound = [...ctx.appliedSubnets.values()]
    .filter((a) => (a.subnet.spec.namespaces ?? []).includes(ns))
    .map((a) => a.subnet.metadata.name)
    .sort();
  // A pod that already holds an address in one of them keeps it, even if that address filled the subnet
  // (its allocation may not be stored yet: primed at start, or a retry after a failed write).
  const key = podAllocationKey(pod);
  const holding = bound.find((name) => ctx.ipam.allocation(key, name) !== undefined);
  if (holding) return holding;
  for (const name of bound) {
    const u = ctx.ipam.usage(name);
    if (u.v4Available + u.v6Available > 0n) return name;
  }
  return bound[0] ?? ctx.config.defaultSubnet;
}

/**
 * Pod → address (IPAM), IP object, allocation annotations, switch port (through the NB syncer) and, once the
 * pod is scheduled and its port is in OVN, `routed=true`. The IP object is written before the annotations so
 * a crash between the two leaves a record that restart restores.
 */
export async function reconcilePod(ctx: ControllerContext, key: string): Promise<void> {
  const pod = ctx.caches.pods.get(key);
  if (!pod) return releasePod(ctx, key, undefined);
  if (pod.spec?.hostNetwork) return;
  if (pod.metadata.deletionTimestamp || isPodTerminated(pod)) return releasePod(ctx, key, pod);

  const ns = pod.metadata.namespace ?? 'default';
  const ann = pod.metadata.annotations ?? {};
  // Once allocated, the address annotations are the controller's own output, not a request to check.
  const issues = ann[ANN.allocated] === 'true' ? [] : validatePodNetworkAnnotations(pod, { subnets: ctx.caches.subnets.list(), ipPools: ctx.caches.ippools.list() });
  if (issues.length > 0) {
    const message = issues.map((i) => i.message).join('; ');
    await ctx.event(pod, 'Warning', 'ValidatePodNetworkFailed', message);
    throw new PodNetworkError(issues[0].reason, `pod ${key}: ${message}`);
  }
  const subnetName = chooseSubnet(ctx, pod);
  const applied = ctx.appliedSubnets.get(subnetName);
  if (!applied) {
    await ctx.event(pod, 'Warning', 'SubnetNotReady', `subnet "${subnetName}" does not exist or is not ready`);
    throw new PodNetworkError('SubnetNotReady', `pod ${key}: subnet ${subnetName} is not ready`);
  }
  const portKey = podAllocationKey(pod);

  // A pod that moved to another subnet (its annotation changed) gives its old address back first.
  const previousSubnet = ann[ANN.allocated] === 'true' ? ann[ANN.logicalSwitch] : undefined;
  if (previousSubnet && previousSubnet !== subnetName) ctx.ipam.release(portKey, previousSubnet);

  // An address that left a changed CIDR is not a request any more: the pod gets a new one.
  const evicted = ctx.evictedKeys.has(portKey);
  const sts = statefulSetOwner(pod);
  let allocation;
  try {
    // An evicted key still holds its MAC but no address: allocating again gives it a new one.
    const held = ctx.ipam.allocation(portKey, subnetName);
    allocation =
      (held && (held.ipAddress !== '' || applied.info.cidrBlock === '') ? held : undefined) ??
      // After a move to another subnet the old address is not a request any more.
      ctx.ipam.allocate(podAddressRequest(pod, subnetName, !evicted && (ann[ANN.allocated] !== 'true' || previousSubnet === subnetName)));
  } catch (err) {
    if (err instanceof IpamError) {
      await ctx.event(pod, 'Warning', 'AcquireAddressFailed', err.message);
      throw new PodNetworkError('AcquireAddressFailed', err.message);
    }
    throw err;
  }

  if (evicted) {
    ctx.evictedKeys.delete(portKey);
    await ctx.event(pod, 'Warning', 'AddressLeftSubnet', `${ann[ANN.ipAddress]} is outside subnet ${subnetName}'s new CIDR ${applied.info.cidrBlock}: re-addressed to ${allocation.ipAddress}`);
  }
  const ip: IP = ipObjectFor(portKey, allocation, {
    podName: pod.metadata.name,
    namespace: ns,
    nodeName: pod.spec?.nodeName ?? '',
    podType: sts ? 'StatefulSet' : '',
  });
  await upsertIpObject(ctx.api, ip);
  const changedAllocation = changedAllocationOf(ann, allocation.ipAddress, subnetName);
  if (changedAllocation) ctx.enqueue.subnetUsage(subnetName);

  const subnet = applied.subnet.spec;
  const underlay = applied.underlay;
  const routedByRouter = !underlay || subnet.logicalGateway === true;
  // With U2O the router's interconnect address is the pods' gateway; off-VPC traffic goes on to the physical one.
  const u2o = applied.u2oInterconnectionIPs.length > 0;
  const wanted: Record<string, string | null> = {
    [ANN.allocated]: 'true',
    [ANN.ipAddress]: allocation.ipAddress,
    [ANN.macAddress]: allocation.mac,
    [ANN.cidr]: applied.info.cidrBlock,
    [ANN.gateway]: u2o ? applied.u2oInterconnectionIPs.join(',') : applied.info.gateway,
    [ANN.logicalSwitch]: subnetName,
    [ANN.logicalRouter]: routedByRouter || u2o ? subnet.vpc || ctx.config.defaultVpc : null,
    [ANN.vlanId]: underlay ? String(underlay.vlanId) : null,
    [ANN.providerNetwork]: underlay ? underlay.provider : null,
    [ANN.podNicType]: ann[ANN.podNicType] ?? 'veth-pair',
  };
  // A port already in the Northbound as wanted (written from the address primed at start) makes the pod
  // routed in the same write; otherwise it waits for the NB pass that writes it (see markRouted).
  const port = podPortName(pod.metadata.name, ns);
  const inNorthbound = ctx.syncer.holdsPort(port, portAddresses(allocation.mac, allocation.ipAddress));
  const routedNow = pod.spec?.nodeName !== undefined && inNorthbound;
  if (routedNow) wanted[ANN.routed] = 'true';
  else if (changedAllocation) wanted[ANN.routed] = null;
  const current = await patchAnnotations(ctx.api, pod, wanted);
  ctx.primedAddresses.delete(portKey);

  if (changedAllocation) await ctx.event(current, 'Normal', 'PodNetworkAllocated', `${allocation.ipAddress} (${allocation.mac}) on subnet ${subnetName}`);
  // The port (and the node group membership) must be in the Northbound before `routed` lets the CNI finish:
  // the controller marks the pod after the NB pass that writes it (see markRouted), so pods share passes.
  if (pod.spec?.nodeName && current.metadata.annotations?.[ANN.routed] !== 'true') ctx.awaitingRouted.add(key);
  // The NB rows are a function of every pod's port view: when this pod's view is the one the latest pass was
  // computed from and its port is there, a pass would write nothing for it. (After the first pass of a cold
  // start, which writes the primed addresses, the reconciles that store them then cost no pass each.)
  if (!inNorthbound || !samePodPortView(podPortView(current as PodObject), ctx.lastPass.pod(port))) ctx.syncer.request();
}

/** Patches `routed=true` on scheduled, allocated pods whose switch port the Northbound now holds as wanted. */
export async function markRouted(ctx: ControllerContext, portInNorthbound: (name: string, addresses: string) => boolean): Promise<void> {
  const keys = [...ctx.awaitingRouted];
  await Promise.all(
    keys.map(async (key) => {
      const pod = ctx.caches.pods.get(key);
      const ann = pod?.metadata.annotations ?? {};
      if (!pod || !pod.spec?.nodeName || ann[ANN.allocated] !== 'true') {
        ctx.awaitingRouted.delete(key);
        return;
      }
      const port = podPortName(pod.metadata.name, pod.metadata.namespace ?? 'default');
      if (!portInNorthbound(port, portAddresses(ann[ANN.macAddress], ann[ANN.ipAddress] ?? ''))) return;
      ctx.awaitingRouted.delete(key);
      if (ann[ANN.routed] !== 'true') await patchAnnotations(ctx.api, pod, { [ANN.routed]: 'true' });
    }),
  );
}

/**
 * Gives a pod's address back, except for a StatefulSet pod whose StatefulSet still wants its ordinal: it
 * keeps address and IP object so the re-created pod gets them again.
 */
async function releasePod(ctx: ControllerContext, key: string, pod: PodObject | undefined): Promise<void> {
  const [ns, name] = key.split('/');
  const portKey = podPortName(name, ns);
  const ipObject = ctx.caches.ips.get(portKey);
  const keep = pod ? keepsAddress(ctx, pod) : ipObject?.spec.podType === 'StatefulSet' && statefulSetStillWants(ctx, ns, name);
  if (keep) {
    ctx.syncer.request();
    return;
  }
  const subnet = ipObject?.spec.subnet ?? pod?.metadata.annotations?.[ANN.logicalSwitch];
  ctx.ipam.release(portKey, subnet);
  ctx.primedAddresses.delete(portKey);
  await deleteIpObject(ctx.api, portKey);
  ctx.syncer.request();
  if (subnet) {
    ctx.enqueue.subnetUsage(subnet);
    // A subnet waiting to be deleted may have just lost its last address.
    if (ctx.caches.subnets.get(subnet)?.metadata.deletionTimestamp) ctx.enqueue.subnet(subnet);
  }
}

/** A switch port's `addresses` entry for a MAC and an `ip_address` annotation value (`v4`, `v6` or `v4,v6`). */
export function portAddresses(mac: string, ipAddress: string): string {
  return [mac, ...ipAddress.split(',').filter((i) => i !== '')].join(' ');
}

/** Whether the pod's annotations do not yet show this allocation. */
function changedAllocationOf(ann: Record<string, string>, ipAddress: string, subnet: string): boolean {
  return ann[ANN.ipAddress] !== ipAddress || ann[ANN.logicalSwitch] !== subnet || ann[ANN.allocated] !== 'true';
}

function keepsAddress(ctx: ControllerContext, pod: PodObject): boolean {
  const sts = statefulSetOwner(pod);
  return sts !== undefined && !isPodTerminated(pod) && statefulSetStillWants(ctx, pod.metadata.namespace ?? 'default', pod.metadata.name);
}

/** Whether the pod's StatefulSet exists, is not being deleted and still has the pod's ordinal. */
function statefulSetStillWants(ctx: ControllerContext, ns: string, podName: string): boolean {
  const match = /^(.*)-(\d+)$/.exec(podName);
  if (!match) return false;
  const sts = ctx.caches.statefulSets.get(`${ns}/${match[1]}`);
  if (!sts || sts.metadata.deletionTimestamp) return false;
  const start = sts.spec?.ordinals?.start ?? 0;
  const ordinal = Number(match[2]);
  return ordinal >= start && ordinal < start + (sts.spec?.replicas ?? 1);
}
