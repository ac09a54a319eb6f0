import { isDeepStrictEqual } from 'node:util';
import type { ClusterApi, OwnerReference } from '../cluster/types.js';
import type { IP, IPSpec } from '../cluster/kinds/kubeovn-types.js';
import { isApiError } from '../cluster/api-error.js';
import type { Allocation } from '../ipam/index.js';
import { IP_LABEL } from './annotations.js';

/** The IP object that records an allocation (Kube-OVN's persistence of IPAM), named like the port. */
export function ipObjectFor(name: string, allocation: Allocation, spec: Partial<IPSpec>, owner?: OwnerReference): IP {
  const v4 = allocation.v4 ?? '';
  const v6 = allocation.v6 ?? '';
  return {
    apiVersion: 'kubeovn.io/v1',
    kind: 'IP',
    metadata: {
      name,
      labels: {
        [IP_LABEL.subnet]: allocation.subnet,
        ...(spec.nodeName ? { [IP_LABEL.nodeName]: spec.nodeName } : {}),
        [IP_LABEL.reserved]: 'false',
      },
      ...(owner ? { ownerReferences: [owner] } : {}),
    },
    spec: {
      ...spec,
      subnet: allocation.subnet,
      ipAddress: allocation.ipAddress,
      v4IpAddress: v4,
      v6IpAddress: v6,
      macAddress: allocation.mac,
    },
  };
}

/** Creates the IP object, or updates it when its spec or labels differ. */
export async function upsertIpObject(api: ClusterApi, desired: IP): Promise<void> {
  const current = await api.get<IP>('IP', desired.metadata.name);
  if (!current) {
    try {
      await api.create(desired);
      return;
    } catch (err) {
      if (!isApiError(err, 'AlreadyExists')) throw err;
      return upsertIpObject(api, desired);
    }
  }
  if (isDeepStrictEqual(current.spec, desired.spec) && isDeepStrictEqual(current.metadata.labels, desired.metadata.labels)) return;
  await api.update({ ...current, spec: desired.spec, metadata: { ...current.metadata, labels: desired.metadata.labels } });
}

export async function deleteIpObject(api: ClusterApi, name: string): Promise<void> {
  try {
    await api.delete('IP', name);
  } catch (err) {
    if (!isApiError(err, 'NotFound')) throw err;
  }
}
