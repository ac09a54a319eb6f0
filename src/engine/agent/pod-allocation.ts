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

/** First and longest pause between looks at the pod when no informer event says it changed. */
const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 1000;

/**
 * Waits until the controller's allocation (and routing) is on the pod, or the timeout passes. Reads the pod
 * from the API; between reads it sleeps until the agent's pod informer reports a change to this pod, or a
 * pause doubling from 20 ms to 1 s passes (the safety net when events are late or missing).
 */
export async function waitForAllocation(ctx: AgentContext, namespace: string, name: string, needRouted: boolean): Promise<AllocationWait> {
  const deadline = Date.now() + ctx.tuning.allocationTimeoutMs;
  let pause = FIRST_POLL_MS;
  let changed = false;
  let wake: (() => void) | undefined;
  // Subscribed before the first read, so a change between a read and the sleep after it is not missed.
  const unsubscribe = ctx.onPodChange?.((pod) => {
    if (pod.metadata.name !== name || pod.metadata.namespace !== namespace) return;
    changed = true;
    wake?.();
  });
  try {
    for (;;) {
      changed = false;
      const pod = await ctx.options.cluster.get<KubeObject>('Pod', name, namespace);
      const missing = missingAllocation(pod, needRouted);
      if (!missing) return { pod: pod! };
      if (Date.now() > deadline || ctx.stopping()) return { pod, missing };
      if (!changed) await sleepUntilWoken(pause, (fn) => (wake = fn));
      wake = undefined;
      pause = Math.min(pause * 2, MAX_POLL_MS);
    }
  } finally {
    unsubscribe?.();
  }
}

/** Sleeps `ms`, or less if the function handed to `register` is called first. */
function sleepUntilWoken(ms: number, register: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    register(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
