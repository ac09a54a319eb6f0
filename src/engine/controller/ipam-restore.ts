import type { RestoreEntry, RestoreResult } from '../ipam/index.js';
import type { ControllerContext } from './controller-context.js';
import { ANN } from './annotations.js';
import { nodePortName, podPortName } from './ovn-names.js';

/**
 * Rebuilds IPAM from what the cluster remembers: IP objects first (written before any annotation), then pods
 * and nodes whose annotations show an allocation without an IP object. Conflicts are reported, not fatal.
 */
export function restoreIpam(ctx: ControllerContext): RestoreResult {
  const entries: RestoreEntry[] = [];
  const seen = new Set<string>();
  for (const ip of ctx.caches.ips.list()) {
    if (!ip.spec.subnet) continue;
    seen.add(ip.metadata.name);
    entries.push({
      key: ip.metadata.name,
      subnet: ip.spec.subnet,
      owner: ip.spec.podName ? `pod ${ip.spec.namespace}/${ip.spec.podName}` : `node ${ip.spec.nodeName ?? ip.metadata.name}`,
      ...(ip.spec.v4IpAddress ? { v4: ip.spec.v4IpAddress } : {}),
      ...(ip.spec.v6IpAddress ? { v6: ip.spec.v6IpAddress } : {}),
      ...(ip.spec.macAddress ? { mac: ip.spec.macAddress } : {}),
    });
  }
  const fromAnnotations = (key: string, owner: string, ann: Record<string, string> | undefined) => {
    if (seen.has(key) || ann?.[ANN.allocated] !== 'true' || !ann[ANN.logicalSwitch]) return;
    const ips = (ann[ANN.ipAddress] ?? '').split(',').filter((s) => s !== '');
    entries.push({
      key,
      owner,
      subnet: ann[ANN.logicalSwitch],
      ...(ips.find((i) => !i.includes(':')) ? { v4: ips.find((i) => !i.includes(':')) } : {}),
      ...(ips.find((i) => i.includes(':')) ? { v6: ips.find((i) => i.includes(':')) } : {}),
      ...(ann[ANN.macAddress] ? { mac: ann[ANN.macAddress] } : {}),
    });
  };
  for (const pod of ctx.caches.pods.list()) {
    const ns = pod.metadata.namespace ?? 'default';
    fromAnnotations(podPortName(pod.metadata.name, ns), `pod ${ns}/${pod.metadata.name}`, pod.metadata.annotations);
  }
  for (const node of ctx.caches.nodes.list()) fromAnnotations(nodePortName(node.metadata.name), `node ${node.metadata.name}`, node.metadata.annotations);
  return ctx.ipam.restore(entries);
}
