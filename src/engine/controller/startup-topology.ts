import type { ClusterApi } from '../cluster/types.js';
import type { Subnet, Vpc } from '../cluster/kinds/kubeovn-types.js';
import { isApiError } from '../cluster/api-error.js';
import type { ControllerConfig } from './controller-config.js';

/** The objects every kovn cluster starts with: the default VPC, the join subnet and the default subnet. */
export function startupObjects(config: ControllerConfig): (Vpc | Subnet)[] {
  return [
    { apiVersion: 'kubeovn.io/v1', kind: 'Vpc', metadata: { name: config.defaultVpc }, spec: {} },
    {
      apiVersion: 'kubeovn.io/v1',
      kind: 'Subnet',
      metadata: { name: config.joinSubnet },
      spec: { vpc: config.defaultVpc, protocol: config.joinCidr.includes(':') ? 'IPv6' : 'IPv4', cidrBlock: config.joinCidr, provider: 'ovn', disableInterConnection: true, gatewayType: 'distributed', enableLb: false },
    },
    {
      apiVersion: 'kubeovn.io/v1',
      kind: 'Subnet',
      metadata: { name: config.defaultSubnet },
      spec: {
        vpc: config.defaultVpc,
        protocol: config.defaultCidr.includes(':') ? 'IPv6' : 'IPv4',
        cidrBlock: config.defaultCidr,
        provider: 'ovn',
        default: true,
        natOutgoing: true,
        gatewayType: 'distributed',
      },
    },
  ];
}

/** Creates the start-up objects that do not exist; existing ones (edited by users) are left as they are. */
export async function ensureStartupTopology(api: ClusterApi, config: ControllerConfig): Promise<void> {
  for (const obj of startupObjects(config)) {
    if (await api.get(obj.kind, obj.metadata.name)) continue;
    try {
      await api.create(obj);
    } catch (err) {
      if (!isApiError(err, 'AlreadyExists')) throw err;
    }
  }
}
