import { isDeepStrictEqual } from 'node:util';
import { IpamError } from '../ipam/index.js';
import type { ControllerContext } from './controller-context.js';
import { ANN } from './annotations.js';
import { patchAnnotations } from './object-writes.js';
import { deleteIpObject, ipObjectFor, upsertIpObject } from './ip-objects.js';
import { nodePortName } from './ovn-names.js';
import { nodeView } from './build-cluster-view.js';
import type { NodeObject } from './core-objects.js';

/**
 * Node → join address (IP object `node-<node>`, node annotations), its join port, port group and policies
 * (through the NB syncer). A node's readiness decides centralized gateways, so subnets are re-checked.
 */
export async function reconcileNode(ctx: ControllerContext, name: string): Promise<void> {
  const node = ctx.caches.nodes.get(name);
  const key = nodePortName(name);
  if (!node || node.metadata.deletionTimestamp) {
    if (ctx.ipam.release(key, ctx.config.joinSubnet)) ctx.enqueue.subnetUsage(ctx.config.joinSubnet);
    ctx.primedAddresses.delete(key);
    await deleteIpObject(ctx.api, key);
    ctx.syncer.request();
    enqueueCentralizedSubnets(ctx);
    return;
  }
  const join = ctx.appliedSubnets.get(ctx.config.joinSubnet);
  if (!join) throw new Error(`node ${name}: join subnet ${ctx.config.joinSubnet} is not ready yet`);
  let allocation;
  try {
    allocation = ctx.ipam.allocation(key, ctx.config.joinSubnet) ?? ctx.ipam.allocate({ key, subnet: ctx.config.joinSubnet, owner: `node ${name}` });
  } catch (err) {
    if (err instanceof IpamError) await ctx.event(node, 'Warning', 'AcquireAddressFailed', err.message);
    throw err;
  }
  await upsertIpObject(
    ctx.api,
    ipObjectFor(key, allocation, { nodeName: name }, { apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid ?? '' }),
  );
  if (node.metadata.annotations?.[ANN.ipAddress] !== allocation.ipAddress) ctx.enqueue.subnetUsage(ctx.config.joinSubnet);
  const current = await patchAnnotations(ctx.api, node, {
    [ANN.ipAddress]: allocation.ipAddress,
    [ANN.macAddress]: allocation.mac,
    [ANN.cidr]: join.info.cidrBlock,
    [ANN.gateway]: join.info.gateway,
    [ANN.logicalSwitch]: ctx.config.joinSubnet,
    [ANN.portName]: key,
    [ANN.allocated]: 'true',
  });
  ctx.primedAddresses.delete(key);
  // Node status updates come often (heartbeats): a pass only when what the NB rows are made of changed.
  if (!isDeepStrictEqual(nodeView(current as NodeObject), ctx.lastPass.node(name))) ctx.syncer.request();
  enqueueCentralizedSubnets(ctx);
}

/** Only centralized subnets depend on nodes (their gateways); the rest need no re-check when a node changes. */
function enqueueCentralizedSubnets(ctx: ControllerContext): void {
  for (const s of ctx.caches.subnets.list()) if (s.spec.gatewayType === 'centralized' || s.spec.gatewayNode) ctx.enqueue.subnet(s.metadata.name);
}
