/** What the lab's scheduler knows of a node. */
export interface SchedulableNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Pods already bound to it. */
  readonly pods: number;
}

export type ScheduleResult = { node: string } | { error: string };

/**
 * Picks a node for a pod: `spec.nodeName` when set (it must be a lab node), else the node with the fewest pods
 * among those matching `spec.nodeSelector` (ties to the first in order), so replicas spread.
 */
export function schedulePod(pod: { nodeName?: string; nodeSelector?: Readonly<Record<string, string>> }, nodes: readonly SchedulableNode[]): ScheduleResult {
  if (pod.nodeName) {
    return nodes.some((n) => n.name === pod.nodeName) ? { node: pod.nodeName } : { error: `spec.nodeName "${pod.nodeName}" is not a lab node (have: ${nodes.map((n) => n.name).join(', ') || 'none'})` };
  }
  const selector = Object.entries(pod.nodeSelector ?? {});
  const fits = nodes.filter((n) => selector.every(([k, v]) => n.labels[k] === v));
  if (fits.length === 0) {
    const wanted = selector.map(([k, v]) => `${k}=${v}`).join(',');
    return { error: `no lab node matches spec.nodeSelector ${wanted}` };
  }
  let best = fits[0];
  for (const n of fits) if (n.pods < best.pods) best = n;
  return { node: best.name };
}
