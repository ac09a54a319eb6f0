import type { Subnet, SubnetStatus, Vlan } from '../cluster/kinds/kubeovn-types.js';
import { KUBEOVN_FINALIZER } from '../cluster/kinds/kubeovn-types.js';
import { isDeepStrictEqual } from 'node:util';
import { isConditionTrue, setCondition, setReadyResult } from '../cluster/kinds/conditions.js';
import { IpamError } from '../ipam/index.js';
import type { ControllerContext } from './controller-context.js';
import type { AppliedSubnet } from './build-cluster-view.js';
import { formatSubnet } from './validation/subnet-format.js';
import { validateSubnet, validateSubnetDeletion } from './validation/subnet-rules.js';
import { nodeFacts, type SubnetValidationContext } from './validation/inputs.js';
import { Reason, transientReasons } from './validation/reasons.js';
import { issue, type ValidationIssue } from './validation/validation-issue.js';
import { writeStatus, setFinalizer } from './object-writes.js';
import { chooseGateways, type GatewayChoice } from './subnet-gateways.js';
import { gatewayConditionCurrent, noActiveGatewayMessage, reportGatewayChanges, setGatewayCondition } from './gateway-events.js';
import { routerPortMac } from './desired/router-port-mac.js';
import { routerPortName } from './ovn-names.js';
import type { SyncResult } from './nb-sync/northbound-syncer.js';
import { usageStatusFields } from './usage-status.js';
import { reconcileU2oAddress, type U2oAddressResult } from './u2o-address.js';
import { deleteIpObject, ipObjectFor, upsertIpObject } from './ip-objects.js';
import type { Allocation } from '../ipam/index.js';

export function subnetValidationContext(ctx: ControllerContext): SubnetValidationContext {
  const c = ctx.caches;
  return {
    defaultVpc: ctx.config.defaultVpc,
    defaultSubnet: ctx.config.defaultSubnet,
    // Compare with what is accepted, as accepted: a newcomer that overlaps an accepted subnet is the one
    // rejected (subnet reconciles run one at a time, so two newcomers cannot both slip in).
    subnets: [...ctx.appliedSubnets.values()].map((a) => a.subnet),
    // A VPC the controller accepted is standby even before its status write lands.
    vpcs: c.vpcs.list().map((v) => (ctx.appliedVpcs.has(v.metadata.name) ? { ...v, status: { ...v.status, standby: true } } : v)),
    vlans: c.vlans.list(),
    providerNetworks: c.providerNetworks.list(),
    nodes: c.nodes.list().map(nodeFacts),
  };
}

/** Using-address count as IPAM sees it (both families of one dual-stack address count once, as Kube-OVN). */
function usingCount(ctx: ControllerContext, name: string): number {
  return ctx.ipam.allocations(name).filter((a) => !a.key.startsWith('u2o-')).length;
}

/**
 * Subnet → IPAM, OVN rows (through the NB syncer), status counters and conditions. An invalid subnet writes
 * nothing new to OVN: a new one gets no rows, an edited one keeps its last valid rows until fixed.
 */
export async function reconcileSubnet(ctx: ControllerContext, name: string): Promise<void> {
  const subnet = ctx.caches.subnets.get(name);
  if (!subnet) return forgetSubnet(ctx, name);
  if (subnet.metadata.deletionTimestamp) return finishDeletion(ctx, subnet);
  await setFinalizer(ctx.api, subnet, KUBEOVN_FINALIZER, true);

  const formatted = formatSubnet(subnet, ctx.config);
  if (formatted.changes.length > 0) {
    // The update comes back through the informer and reconciles the formatted spec.
    await ctx.api.patch('Subnet', name, { spec: formatted.spec });
    return;
  }
  const previous = ctx.appliedSubnets.get(name);
  const evaluation = evaluateSubnet(ctx, subnet, previous);
  if (!evaluation.applied) return reportInvalid(ctx, subnet, evaluation.issues);
  const { applied, gateways, u2o } = evaluation;
  for (const key of evaluation.evictedKeys) {
    ctx.evictedKeys.add(key);
    ctx.enqueue.pod(podKeyOfPort(key));
  }
  const modeChanged = previous && describeMode(previous.subnet) !== describeMode(subnet);
  ctx.appliedSubnets.set(name, applied);
  // Rows and status as before: the pass that wrote the previous rows wrote these (a drift in NB brings its
  // own pass through the replica), so there is nothing to wait for.
  const unchanged = previous !== undefined && sameRows(previous, applied) && isConditionTrue(subnet.status?.conditions, 'Ready') && gatewayConditionCurrent(subnet, gateways);
  if (unchanged) return;
  // The status follows the NB pass that writes the rows; the queue moves on meanwhile, so a burst of
  // subnets shares a few passes instead of waiting for one each.
  const reconciled = subnet;
  void ctx.syncer
    .syncNow()
    .then((sync) => finishSubnet(ctx, reconciled, previous, gateways, Boolean(modeChanged), sync, u2o))
    .catch(() => ctx.enqueue.subnet(name));
}

/** After the NB pass that carried a subnet's rows: conflicts, events, dependants and status. */
async function finishSubnet(
  ctx: ControllerContext,
  subnet: Subnet,
  previous: AppliedSubnet | undefined,
  gateways: GatewayChoice | undefined,
  modeChanged: boolean,
  sync: SyncResult,
  u2o: U2oAddressResult | undefined,
): Promise<void> {
  const name = subnet.metadata.name;
  const spec = subnet.spec;
  // A newer spec was reconciled meanwhile: its own finish writes the status.
  const latest = ctx.caches.subnets.get(name);
  if (!latest || latest.metadata.generation !== subnet.metadata.generation) return;
  const conflict = sync.conflicts.find((c) => c.ownerKeys.subnet === name);
  if (conflict) {
    return reportInvalid(ctx, subnet, [
      issue('metadata.name', name, 'OvnNameConflict', `${conflict.table} "${conflict.name}" already exists in OVN and is not kovn's`, `${conflict.table}/${conflict.name}`),
    ]);
  }
  if (modeChanged && previous) {
    await ctx.event(subnet, 'Normal', 'SubnetModeChanged', `subnet is now ${describeMode(subnet)} (was ${describeMode(previous.subnet)})`);
    // Running pods may need other routes, MTU or gateway checks; the agent reacts to their annotations.
    for (const pod of ctx.caches.pods.list()) if (pod.metadata.annotations?.['ovn.kubernetes.io/logical_switch'] === name) ctx.enqueue.pod(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }
  if (spec.vlan) ctx.enqueue.vlan(spec.vlan);
  if (previous?.subnet.spec.vlan && previous.subnet.spec.vlan !== spec.vlan) ctx.enqueue.vlan(previous.subnet.spec.vlan);
  for (const ns of spec.namespaces ?? []) ctx.enqueue.namespace(ns);
  ctx.enqueue.vpc(spec.vpc || ctx.config.defaultVpc);
  await recordU2oAddress(ctx, subnet, u2o);

  await writeSubnetStatus(ctx, subnet, (status) => {
    setU2oStatus(status, u2o?.allocation, spec.vpc || ctx.config.defaultVpc, ctx.appliedSubnets.get(name)?.info.routerMac);
    if (gateways) {
      if (gateways.nexthops.length === 0) {
        delete status.activateGateway;
        status.conditions = setGatewayCondition(status.conditions, gateways);
        status.conditions = setReadyResult(status.conditions, false, 'NoActiveGateway', noActiveGatewayMessage(gateways), generationOf(subnet));
        return status;
      }
      if (gateways.active) status.activateGateway = gateways.active;
      else delete status.activateGateway;
    } else {
      delete status.activateGateway;
    }
    status.conditions = setGatewayCondition(status.conditions, gateways);
    status.conditions = setCondition(status.conditions, { type: 'Validated', status: 'True', reason: 'ValidateLogicalSwitchSuccess', message: '' });
    status.conditions = setReadyResult(status.conditions, true, 'ReconcileSuccess', `${describeMode(subnet)} subnet ready`, generationOf(subnet));
    return status;
  });
  if (gateways) await reportGatewayChanges(ctx, subnet, previous, gateways);
}

export interface SubnetEvaluation {
  /** Set when the subnet is accepted (valid, known to IPAM). */
  readonly applied?: AppliedSubnet;
  readonly issues: readonly ValidationIssue[];
  readonly gateways?: GatewayChoice;
  /** IPAM keys whose address fell out of a changed CIDR. */
  readonly evictedKeys: readonly string[];
  /** The router's U2O address held (or let go of) for this subnet. */
  readonly u2o?: U2oAddressResult;
}

/**
 * Formats (in memory), validates and registers a subnet with IPAM, without writing anything: what a
 * reconcile applies, and what the controller primes itself with at start-up before its first NB pass.
 */
export function evaluateSubnet(ctx: ControllerContext, original: Subnet, previous?: AppliedSubnet): SubnetEvaluation {
  const name = original.metadata.name;
  const subnet: Subnet = { ...original, spec: formatSubnet(original, ctx.config).spec };
  const spec = subnet.spec;
  const issues = validateSubnet(subnet, subnetValidationContext(ctx), previous?.subnet.spec);
  const blocking = issues.filter((i) => i.reason !== Reason.NoReadyGatewayNode);
  if (blocking.length > 0) return { issues: blocking, evictedKeys: [] };
  let evictedKeys: string[];
  try {
    const result = ctx.ipam.addOrUpdateSubnet({
      name,
      cidrBlock: spec.cidrBlock ?? '',
      gateway: spec.gateway,
      excludeIps: spec.excludeIps,
      routerMac: routerPortMac(routerPortName(spec.vpc || ctx.config.defaultVpc, name)),
    });
    evictedKeys = result.evicted.map((e) => e.key);
  } catch (err) {
    if (err instanceof IpamError) return { issues: [issue(`spec.${err.field}`, err.value, 'InvalidAddress', err.message)], evictedKeys: [] };
    throw err;
  }
  const u2o = reconcileU2oAddress(ctx.ipam, subnet, spec.vpc || ctx.config.defaultVpc);
  if (u2o.issues.length > 0) return { issues: u2o.issues, evictedKeys, u2o };
  const inDefaultVpc = (spec.vpc || ctx.config.defaultVpc) === ctx.config.defaultVpc;
  const gateways = spec.gatewayType === 'centralized' && inDefaultVpc ? chooseGateways(subnet, ctx.caches.nodes.list(), ctx.gatewayHealth) : undefined;
  const vlan = spec.vlan ? ctx.caches.vlans.get(spec.vlan) : undefined;
  const applied: AppliedSubnet = {
    subnet,
    info: ctx.ipam.subnet(name)!,
    ...(vlan ? { underlay: { vlan: vlan.metadata.name, vlanId: vlan.spec.id ?? 0, provider: vlanProviderName(vlan) } } : {}),
    gatewayNexthops: gateways?.nexthops ?? [],
    u2oInterconnectionIPs: u2o.allocation ? u2o.allocation.ipAddress.split(',') : [],
  };
  return { applied, issues, ...(gateways ? { gateways } : {}), evictedKeys, u2o };
}

/** The generation a Ready verdict is about, so clients can tell it from an older one. */
export function generationOf(obj: { metadata: { generation?: number } }): { observedGeneration?: number } {
  return obj.metadata.generation === undefined ? {} : { observedGeneration: obj.metadata.generation };
}

/** Whether two accepted states of a subnet want the same OVN rows. */
function sameRows(a: AppliedSubnet, b: AppliedSubnet): boolean {
  return (
    isDeepStrictEqual(a.subnet.spec, b.subnet.spec) &&
    isDeepStrictEqual(a.gatewayNexthops, b.gatewayNexthops) &&
    isDeepStrictEqual(a.underlay, b.underlay) &&
    isDeepStrictEqual(a.u2oInterconnectionIPs, b.u2oInterconnectionIPs)
  );
}

/** The U2O address's IP object (what IPAM restores from after a restart), created or removed with it. */
async function recordU2oAddress(ctx: ControllerContext, subnet: Subnet, u2o: U2oAddressResult | undefined): Promise<void> {
  for (const key of u2o?.released ?? []) await deleteIpObject(ctx.api, key);
  const a = u2o?.allocation;
  if (!a) return;
  const owner = { apiVersion: 'kubeovn.io/v1', kind: 'Subnet', name: subnet.metadata.name, uid: subnet.metadata.uid ?? '', controller: true };
  await upsertIpObject(ctx.api, ipObjectFor(a.key, a, { podType: '', podName: '', namespace: '', nodeName: '' }, owner));
}

/**
 * `status.u2oInterconnectionIP/MAC/VPC` follow the held address; cleared when U2O is off. The MAC is the
 * router port's (the port that answers on the address), not the one IPAM keeps with the key.
 */
function setU2oStatus(status: SubnetStatus, allocation: Allocation | undefined, vpc: string, routerMac: string | undefined): void {
  if (!allocation) {
    delete status.u2oInterconnectionIP;
    delete status.u2oInterconnectionMAC;
    delete status.u2oInterconnectionVPC;
    return;
  }
  status.u2oInterconnectionIP = allocation.ipAddress;
  status.u2oInterconnectionMAC = routerMac || allocation.mac;
  status.u2oInterconnectionVPC = vpc;
}

/** Human words for a subnet's mode, for events and status messages. */
export function describeMode(subnet: Subnet): string {
  const s = subnet.spec;
  if (s.vlan) return `underlay (vlan ${s.vlan}${s.logicalGateway ? ', logical gateway' : ''}${s.u2oInterconnection ? ', u2o' : ''})`;
  return `overlay ${s.gatewayType === 'centralized' ? `centralized${s.enableEcmp ? ' ECMP' : ''}` : 'distributed'}`;
}

function vlanProviderName(vlan: Vlan): string {
  return vlan.spec.provider ?? '';
}

/** IP object / port name `<pod>.<ns>` → queue key `<ns>/<pod>`. */
export function podKeyOfPort(portName: string): string {
  const dot = portName.lastIndexOf('.');
  return dot < 0 ? portName : `${portName.slice(dot + 1)}/${portName.slice(0, dot)}`;
}

/**
 * Refreshes only a subnet's address counters (after pods or nodes took or gave back addresses): cheap, no
 * NB pass, and collapsed by its queue when a burst of allocations pokes it many times.
 */
export async function reconcileSubnetUsage(ctx: ControllerContext, name: string): Promise<void> {
  const subnet = ctx.caches.subnets.get(name);
  if (!subnet || !ctx.appliedSubnets.has(name)) return;
  await writeSubnetStatus(ctx, subnet, (status) => status);
}

async function writeSubnetStatus(ctx: ControllerContext, subnet: Subnet, mutate: (s: SubnetStatus) => SubnetStatus): Promise<void> {
  const name = subnet.metadata.name;
  await writeStatus<Subnet>(ctx.api, 'Subnet', name, undefined, (raw) => {
    const status = mutate(raw as SubnetStatus);
    if (ctx.ipam.subnet(name)) Object.assign(status, usageStatusFields(ctx.ipam.usage(name), 'subnet'));
    return status as Record<string, unknown>;
  });
}

async function reportInvalid(ctx: ControllerContext, subnet: Subnet, issues: readonly ValidationIssue[]): Promise<void> {
  const first = issues[0];
  const message = issues.map((i) => i.message).join('; ');
  const transient = issues.every((i) => transientReasons.has(i.reason));
  await writeSubnetStatus(ctx, subnet, (status) => {
    if (!transient) status.conditions = setCondition(status.conditions, { type: 'Validated', status: 'False', reason: first.reason, message });
    status.conditions = setReadyResult(status.conditions, false, first.reason, message, generationOf(subnet));
    return status;
  });
  await ctx.event(subnet, 'Warning', first.reason, message);
}

async function finishDeletion(ctx: ControllerContext, subnet: Subnet): Promise<void> {
  const name = subnet.metadata.name;
  const using = ctx.ipam.subnet(name) ? usingCount(ctx, name) : 0;
  const issues = validateSubnetDeletion(subnet, using);
  if (issues.length > 0) {
    // Deletion waits for the last address to be released (pod deletions re-enqueue the subnet).
    await reportInvalid(ctx, subnet, issues);
    return;
  }
  await forgetSubnet(ctx, name);
  await setFinalizer(ctx.api, subnet, KUBEOVN_FINALIZER, false);
}

async function forgetSubnet(ctx: ControllerContext, name: string): Promise<void> {
  const previous = ctx.appliedSubnets.get(name);
  ctx.appliedSubnets.delete(name);
  if (ctx.ipam.subnet(name)) ctx.ipam.removeSubnet(name);
  await ctx.syncer.syncNow();
  if (previous?.subnet.spec.vlan) ctx.enqueue.vlan(previous.subnet.spec.vlan);
  ctx.enqueue.vpc(previous?.subnet.spec.vpc || ctx.config.defaultVpc);
}
