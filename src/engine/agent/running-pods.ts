import type { Subnet } from '../cluster/kinds/kubeovn-types.js';
import type { KubeObject } from '../cluster/types.js';
import { ANN } from '../controller/annotations.js';
import type { CniResultBody } from '../../cni/protocol.js';
import type { AgentContext } from './agent-context.js';
import { ipArgv, podArgv, run } from './kernel-commands.js';
import { DEFAULT_POD_MTU, VENDOR } from './node-agent-options.js';
import { listInterfaces, type OvsInterfaceRow } from './ovs-ports.js';
import { buildPodNetworkPlan, type PodNetworkPlan } from './pod-network-plan.js';

/** What a running pod interface should have that a subnet edit can change: MTU and routes (gateway). */
export interface RunningPodSettings {
  readonly mtu: number;
  readonly routes: readonly { readonly dst: string; readonly gw?: string }[];
  /**
   * Who answers ARP for the gateway: the OVN router (overlay, logicalGateway, U2O) or the physical network.
   * A mode switch that keeps the gateway address changes its MAC, so the pod's neighbour entry must go.
   */
  readonly gatewayAnsweredBy: 'router' | 'physical';
}

export function settingsOf(plan: PodNetworkPlan, annotations: Readonly<Record<string, string>>): RunningPodSettings {
  return {
    mtu: plan.mtu,
    routes: plan.routes.map((r) => ({ dst: r.dst, ...(r.gw ? { gw: r.gw } : {}) })),
    gatewayAnsweredBy: gatewayAnsweredBy(annotations),
  };
}

function gatewayAnsweredBy(annotations: Readonly<Record<string, string>> | undefined): 'router' | 'physical' {
  return annotations?.[ANN.logicalRouter] ? 'router' : 'physical';
}

/** The settings a CNI ADD result applied, keyed by its host veth (the pod end is interface 1). */
export function settingsFromResult(result: CniResultBody, annotations: Readonly<Record<string, string>> | undefined): { hostVeth: string; settings: RunningPodSettings } | undefined {
  const [host, pod] = result.interfaces ?? [];
  if (!host?.name || pod?.mtu === undefined) return undefined;
  const routes = (result.routes ?? []).map((r) => ({ dst: r.dst, ...(r.gw ? { gw: r.gw } : {}) }));
  return { hostVeth: host.name, settings: { mtu: pod.mtu, routes, gatewayAnsweredBy: gatewayAnsweredBy(annotations) } };
}

/** Annotations whose change can change a running pod's MTU or routes. */
const SETTINGS_ANNOTATIONS = [ANN.gateway, ANN.cidr, ANN.logicalSwitch, ANN.logicalRouter, ANN.providerNetwork, ANN.ipAddress, 'ovn.kubernetes.io/routes'];

export function podSettingsChanged(before: Readonly<Record<string, string>> | undefined, after: Readonly<Record<string, string>> | undefined): boolean {
  return SETTINGS_ANNOTATIONS.some((key) => before?.[key] !== after?.[key]);
}

/**
 * `ip -batch` lines that bring a running pod interface to its settings; all idempotent (pure). The gateways'
 * neighbour entries are flushed: after a mode switch the same address may answer from another MAC, and a
 * stale entry would blackhole off-subnet traffic until the kernel re-probes (tens of seconds).
 */
export function podSettingsBatch(ifName: string, settings: RunningPodSettings): string {
  const gateways = [...new Set(settings.routes.flatMap((r) => (r.gw ? [r.gw] : [])))];
  const lines = [
    `link set dev ${ifName} mtu ${settings.mtu}`,
    ...settings.routes.map((r) => `route replace ${r.dst}${r.gw ? ` via ${r.gw}` : ''} dev ${ifName}`),
    ...gateways.map((gw) => `neigh flush to ${gw} dev ${ifName}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** A kovn pod interface on this node, as its OVS row records it. */
interface PodInterfaceRow {
  readonly hostVeth: string;
  readonly podKey: string;
  readonly netns: string;
  readonly ifName: string;
}

function podInterfaceOf(row: OvsInterfaceRow): PodInterfaceRow | undefined {
  const ids = row.externalIds;
  if (ids.vendor !== VENDOR || !ids.pod_name || !ids.pod_namespace || !ids.pod_netns) return undefined;
  return { hostVeth: row.name, podKey: `${ids.pod_namespace}/${ids.pod_name}`, netns: ids.pod_netns, ifName: ids.ifname || 'eth0' };
}

/**
 * Keeps running pods in step with their subnet: a mode switch (overlay ↔ underlay, U2O on/off) or an MTU edit
 * changes the MTU or the gateway a pod needs, and the pod keeps running, so the agent changes them in place
 * (pod end and host end of the veth). Remembers what it applied per interface, so a steady pass spawns nothing;
 * after a restart it applies once to every pod (idempotent: same MTU, `route replace`).
 */
export class RunningPodSync {
  readonly #applied = new Map<string, string>();

  /** Records settings applied elsewhere (the CNI ADD that just configured the pod). */
  remember(hostVeth: string, settings: RunningPodSettings): void {
    this.#applied.set(hostVeth, JSON.stringify(settings));
  }

  async sync(ctx: AgentContext, pods: ReadonlyMap<string, KubeObject>, subnets: ReadonlyMap<string, Subnet>, nodeLabels: Readonly<Record<string, string>>): Promise<string[]> {
    const changed: string[] = [];
    const failures: string[] = [];
    const seen = new Set<string>();
    for (const row of await listInterfaces(ctx.ovs)) {
      const iface = podInterfaceOf(row);
      if (!iface || ctx.busy.has(iface.hostVeth)) continue;
      seen.add(iface.hostVeth);
      const pod = pods.get(iface.podKey);
      const annotations = pod?.metadata.annotations ?? {};
      if (!pod || annotations[ANN.allocated] !== 'true') continue;
      let settings: RunningPodSettings;
      try {
        const subnet = subnets.get(annotations[ANN.logicalSwitch] ?? '');
        const plan = buildPodNetworkPlan({
          podKey: iface.podKey,
          annotations,
          subnet,
          nodeLabels,
          defaultMtu: ctx.options.mtu ?? DEFAULT_POD_MTU,
          defaultRoute: iface.ifName === 'eth0',
        });
        settings = settingsOf(plan, annotations);
      } catch {
        continue; // an unusable annotation is the CNI ADD's to report; the running pod keeps what it has
      }
      const fingerprint = JSON.stringify(settings);
      if (this.#applied.get(iface.hostVeth) === fingerprint) continue;
      // An ADD or DEL may have started on this interface while earlier pods were updated.
      if (ctx.busy.has(iface.hostVeth)) continue;
      try {
        await run(podArgv(iface.netns, ['ip', '-batch', '-']), podSettingsBatch(iface.ifName, settings));
        await run(ipArgv(ctx.options.netns, ['link', 'set', 'dev', iface.hostVeth, 'mtu', String(settings.mtu)]));
        const first = !this.#applied.has(iface.hostVeth);
        this.#applied.set(iface.hostVeth, fingerprint);
        if (!first) changed.push(iface.podKey);
      } catch (error) {
        failures.push(`pod ${iface.podKey}: ${(error as Error).message}`);
      }
    }
    for (const name of this.#applied.keys()) if (!seen.has(name)) this.#applied.delete(name);
    if (failures.length > 0) throw new Error(`running pods not updated: ${failures.join('; ')}`);
    return changed;
  }
}
