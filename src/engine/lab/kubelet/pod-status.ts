import type { CniResult } from './cni-invocation.js';

const kubeTime = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');

/** The status the lab reports once a pod's network is up (it runs no containers: the sandbox is the pod). */
export function runningPodStatus(result: CniResult, hostIP: string, startTime: string | undefined, now = new Date()): Record<string, unknown> {
  const podIPs = (result.ips ?? []).map((ip) => ip.address.split('/')[0]);
  const at = kubeTime(now);
  const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: at });
  return {
    phase: 'Running',
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(podIPs.length ? { podIP: podIPs[0], podIPs: podIPs.map((ip) => ({ ip })) } : {}),
    startTime: startTime ?? at,
    conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map(condition),
  };
}

/** Pending with the reason the sandbox could not be made (shown by kubectl describe / get -o yaml). */
export function failedSandboxStatus(message: string, hostIP: string | undefined, now = new Date()): Record<string, unknown> {
  const at = kubeTime(now);
  return {
    phase: 'Pending',
    ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
    conditions: [
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: at },
      { type: 'Ready', status: 'False', reason: 'SandboxCreateFailed', message, lastProbeTime: null, lastTransitionTime: at },
    ],
  };
}
