import type { AllocationRequest } from '../ipam/index.js';
import { ANN } from './annotations.js';
import type { PodObject } from './core-objects.js';
import { statefulSetOwner } from './core-objects.js';
import { podPortName } from './ovn-names.js';

/** The IPAM key of a pod: its port name, which a re-created StatefulSet pod shares with its predecessor. */
export function podAllocationKey(pod: PodObject): string {
  return podPortName(pod.metadata.name, pod.metadata.namespace ?? 'default');
}

/**
 * What a pod asks IPAM for, in the words of its annotations. `honourIpAnnotation` is false when the
 * `ip_address` annotation is the controller's own earlier output that no longer applies (the pod moved to
 * another subnet, or its address left a changed CIDR).
 */
export function podAddressRequest(pod: PodObject, subnet: string, honourIpAnnotation: boolean): AllocationRequest {
  const ann = pod.metadata.annotations ?? {};
  const sts = statefulSetOwner(pod);
  const requested = ann[ANN.ipFamily];
  const family = requested === 'ipv4' || requested === 'ipv6' ? requested : undefined;
  return {
    key: podAllocationKey(pod),
    subnet,
    owner: `pod ${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`,
    ...(ann[ANN.ipAddress] && honourIpAnnotation ? { ip: ann[ANN.ipAddress] } : {}),
    ...(ann[ANN.macAddress] ? { mac: ann[ANN.macAddress] } : {}),
    ...(ann[ANN.ipPool] ? { pool: ann[ANN.ipPool] } : {}),
    ...(sts ? { ordinal: sts.ordinal } : {}),
    ...(family ? { family } : {}),
  };
}
