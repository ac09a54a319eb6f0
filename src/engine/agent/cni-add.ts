import type { Subnet } from '../cluster/kinds/kubeovn-types.js';
import type { KubeObject } from '../cluster/types.js';
import { ANN } from '../controller/annotations.js';
import { CNI_ERROR, type AgentRequest, type CniResultBody } from '../../cni/protocol.js';
import type { AgentContext } from './agent-context.js';
import { AgentCniError } from './agent-cni-error.js';
import { AGENT_SOURCE, DEFAULT_POD_MTU, VENDOR } from './node-agent-options.js';
import { addBridgePort, deletePortsOf, findInterface, waitForInterfaceExternalId } from './ovs-ports.js';
import { waitForAllocation } from './pod-allocation.js';
import { checkGateway, configurePodInterface, createVethPair, deleteHostVeth } from './pod-interface.js';
import { buildPodNetworkPlan, PodPlanError, resultFor } from './pod-network-plan.js';
import { waitForProviderReady } from './provider-ready-wait.js';
import { podPortName, vethNames } from './veth-names.js';

/**
 * CNI ADD: wait for the controller's allocation, create the veth pair, attach the host end to br-int with the
 * pod's iface-id, wait until ovn-controller has installed its flows (ovn-installed), then configure the pod end
 * and check the gateway. A failure removes what this call made, so nothing half-made is left behind.
 */
export async function cniAdd(ctx: AgentContext, req: AgentRequest): Promise<CniResultBody> {
  const key = `${req.podNamespace}/${req.podName}`;
  const defaultRoute = req.ifName === 'eth0';
  const wait = await waitForAllocation(ctx, req.podNamespace, req.podName, defaultRoute);
  if ('missing' in wait) {
    throw new AgentCniError(
      CNI_ERROR.allocationTimeout,
      `pod ${key}: no address allocated after ${ctx.tuning.allocationTimeoutMs} ms: waiting for ${wait.missing} (is the kovn controller running?)`,
    );
  }
  const annotations = wait.pod.metadata.annotations ?? {};
  const subnetName = annotations[ANN.logicalSwitch];
  const subnet = subnetName ? await ctx.options.cluster.get<Subnet>('Subnet', subnetName) : undefined;
  const provider = annotations[ANN.providerNetwork];
  let node: KubeObject | undefined;
  if (provider) {
    const wait = await waitForProviderReady(ctx, provider, ctx.tuning.allocationTimeoutMs);
    if (!wait.ready) {
      throw new AgentCniError(
        CNI_ERROR.plumbingFailed,
        `pod ${key}: provider network ${provider} of subnet ${subnetName ?? ''} is not ready on node ${ctx.options.nodeName} after ${ctx.tuning.allocationTimeoutMs} ms (see the ProviderNetwork's status.conditions for this node)`,
      );
    }
    node = wait.node;
  } else {
    node = await ctx.options.cluster.get<KubeObject>('Node', ctx.options.nodeName);
  }
  let plan;
  try {
    plan = buildPodNetworkPlan({
      podKey: key,
      annotations,
      subnet,
      nodeLabels: node?.metadata.labels ?? {},
      defaultMtu: ctx.options.mtu ?? DEFAULT_POD_MTU,
      defaultRoute,
    });
  } catch (error) {
    if (error instanceof PodPlanError) throw new AgentCniError(CNI_ERROR.plumbingFailed, error.message);
    throw error;
  }

  const names = vethNames(ctx.options.hostVethPrefix ?? '', req.podNamespace, req.podName, req.ifName);
  ctx.busy.add(names.host);
  let hostMac: string;
  try {
    try {
      hostMac = await createVethPair(ctx.options.netns, names, req.netns, plan.mtu);
      await addBridgePort(ctx.ovs, {
        name: names.host,
        externalIds: {
          'iface-id': podPortName(req.podName, req.podNamespace),
          vendor: VENDOR,
          pod_name: req.podName,
          pod_namespace: req.podNamespace,
          pod_netns: req.netns,
          ip_address: plan.ipList,
          container_id: req.containerId,
          ifname: req.ifName,
        },
      });
    } catch (error) {
      throw new AgentCniError(CNI_ERROR.plumbingFailed, `pod ${key}: cannot create and attach veth ${names.host}: ${(error as Error).message}`);
    }
    const installation = await waitForInterfaceExternalId(ctx.ovs, names.host, 'ovn-installed', 'true', ctx.tuning.ovnInstalledTimeoutMs, ctx.stopping);
    if (!installation.matched) {
      const installed = installation.row;
      const why = installed?.error ? ` (interface error: ${installed.error})` : installed?.ofport === undefined ? ' (vswitchd has not added the port yet)' : '';
      throw new AgentCniError(
        CNI_ERROR.portNotInstalled,
        `pod ${key}: ovn-controller did not set ovn-installed on ${names.host} within ${ctx.tuning.ovnInstalledTimeoutMs} ms${why}: is ovn-controller running and bound to the southbound DB?`,
      );
    }
    try {
      await configurePodInterface(req.netns, names.container, req.ifName, plan);
    } catch (error) {
      throw new AgentCniError(CNI_ERROR.plumbingFailed, `pod ${key}: cannot configure ${req.ifName} in ${req.netns}: ${(error as Error).message}`);
    }
    if (plan.gatewayCheck) {
      const gateway = plan.gateways[0]!;
      if (!(await checkGateway(req.netns, gateway, ctx.tuning.gatewayCheckAttempts, ctx.stopping))) {
        throw new AgentCniError(CNI_ERROR.gatewayUnreachable, `pod ${key}: gateway ${gateway} of subnet ${plan.subnet} did not answer ${ctx.tuning.gatewayCheckAttempts} pings`);
      }
    }
  } catch (error) {
    await removePodPlumbing(ctx, names.host).catch(() => undefined);
    await recordEvent(ctx, wait.pod, 'Warning', 'PodNetworkFailed', (error as Error).message);
    throw error;
  } finally {
    ctx.busy.delete(names.host);
  }
  await recordEvent(ctx, wait.pod, 'Normal', 'PodNetworkConfigured', `subnet=${plan.subnet} ip=${plan.ipList} mac=${plan.mac} node=${ctx.options.nodeName}`);
  return resultFor(plan, { name: names.host, mac: hostMac }, req.ifName, req.netns);
}

/** Removes the OVS port and the host veth of one pod interface (each missing piece is fine). */
export async function removePodPlumbing(ctx: AgentContext, hostVeth: string): Promise<void> {
  const iface = await findInterface(ctx.ovs, hostVeth);
  if (iface) await deletePortsOf(ctx.ovs, [iface.uuid]);
  await deleteHostVeth(ctx.options.netns, hostVeth);
}

export async function recordEvent(ctx: AgentContext, pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
  try {
    await ctx.options.cluster.recordEvent({
      involved: { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}) },
      type,
      reason,
      message,
      source: AGENT_SOURCE,
    });
  } catch (error) {
    ctx.tuning.log(`event ${reason} for pod ${pod.metadata.namespace}/${pod.metadata.name} not recorded: ${(error as Error).message}`);
  }
}
