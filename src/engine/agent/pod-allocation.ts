import { setTimeout as sleep } from 'node:timers/promises';
import { ANN } from '../controller/annotations.js';
import type { KubeObject } from '../cluster/types.js';
import type { AgentContext } from './agent-context.js';

export type AllocationWait = { pod: KubeObject } | { pod: KubeObject | undefined; missing: string };

/** What the controller has not written yet (undefined when the pod is ready for CNI ADD). Pure. */
export function missingAllocation(pod: KubeObject | undefined, needRouted: boolean): string | undefined {
  if (!pod) return 'the pod does not exist';
  const a = pod.metadata.annotations ?? {};
  if (a[ANN.allocated] !== 'true' || !a[ANN.ipAddress]) return `annotation ${ANN.allocated}=true with ${ANN.ipAddress}`;
  if (needRouted && a[ANN.routed] !== 'true') return `annotation ${ANN.routed}=true`;
  return undefined;
}

/** First and longest pause between looks at the pod: short at first (in a burst the allocation is often moments away). */
const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 200;

/** Polls the pod (pauses doubling from 20 to 200 ms) until the controller's allocation (and routing) is there, or the timeout passes. */
export async function waitForAllocation(ctx: AgentContext, namespace: string, name: string, needRouted: boolean): Promise<AllocationWait> {
  const deadline = Date.now() + ctx.tuning.allocationTimeoutMs;
  let pause = FIRST_POLL_MS;
  for (;;) {
    const pod = await ctx.options.cluster.get<KubeObject>('Pod', name, namespace);
    const missing = missingAllocation(pod, needRouted);
    if (!missing) return { pod: pod! };
    if (Date.now() > deadline || ctx.stopping()) return { pod, missing };
    await sleep(pause);
    pause = Math.min(pause * 2, MAX_POLL_MS);
  }
}
