import type { ClusterApi, KubeObject } from '../cluster/types.js';
import { isApiError } from '../cluster/api-error.js';
import { retryOnConflict } from '../cluster/kube/retry-on-conflict.js';
import type { NodeObject } from '../controller/core-objects.js';

/** What the lab says about one of its nodes in the store. */
export interface LabNodeFacts {
  readonly name: string;
  readonly internalIP: string;
}

export function labNodeObject(node: LabNodeFacts): NodeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      labels: { 'kubernetes.io/hostname': node.name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kovn.io/lab-node': 'true' },
    },
    spec: {},
  };
}

export function labNodeStatus(node: LabNodeFacts, now = new Date()): NonNullable<NodeObject['status']> {
  const at = now.toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    addresses: [
      { type: 'InternalIP', address: node.internalIP },
      { type: 'Hostname', address: node.name },
    ],
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kovn lab node is ready', lastHeartbeatTime: at, lastTransitionTime: at } as { type: string; status: string }],
  };
}

/** Creates (or takes over) the Node object of a lab node and marks it Ready with its fabric address. */
export async function registerLabNode(api: ClusterApi, node: LabNodeFacts): Promise<void> {
  if (!(await api.get<NodeObject>('Node', node.name))) {
    try {
      await api.create<NodeObject>(labNodeObject(node));
    } catch (err) {
      if (!isApiError(err, 'AlreadyExists')) throw err;
    }
  }
  // The controller annotates new nodes at the same time: re-read on Conflict.
  await retryOnConflict(async () => {
    const current = await api.get<NodeObject>('Node', node.name);
    if (!current) throw new Error(`Node ${node.name} vanished while the lab registered it`);
    await api.updateStatus<KubeObject>({ ...current, status: labNodeStatus(node) });
  }, { attempts: 20 });
}
