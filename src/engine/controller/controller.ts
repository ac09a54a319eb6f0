import { EventEmitter } from 'node:events';
import type { ClusterApi, KubeObject } from '../cluster/types.js';
import type { OvsdbClient } from '../../ovn/ovsdb/client.js';
import type { TableMap } from '../../ovn/ovsdb/operations.js';
import { Ipam } from '../ipam/index.js';
import { objectKey } from '../cluster/informer.js';
import { ClusterCaches } from './cluster-caches.js';
import { defaultControllerConfig, type ControllerConfig } from './controller-config.js';
import type { ControllerContext, Enqueue } from './controller-context.js';
import type { AppliedSubnet } from './build-cluster-view.js';
import { buildClusterView } from './build-cluster-view.js';
import { desiredNorthbound } from './desired/desired-northbound.js';
import { NorthboundSyncer, type SyncResult } from './nb-sync/northbound-syncer.js';
import { primeAddresses, primedAllocation } from './prime-addresses.js';
import type { NodeView, PodPortView } from './desired/cluster-view.js';
import { podPortName } from './ovn-names.js';
import { WorkQueue } from './work-queue.js';
import { ensureStartupTopology } from './startup-topology.js';
import { restoreIpam } from './ipam-restore.js';
import { evaluateSubnet, reconcileSubnet, reconcileSubnetUsage } from './reconcile-subnet.js';
import { reconcileVpc } from './reconcile-vpc.js';
import { markRouted, reconcilePod } from './reconcile-pod.js';
import { reconcileNode } from './reconcile-node.js';
import { reconcileVlan } from './reconcile-vlan.js';
import { reconcileIpPool } from './reconcile-ippool.js';
import { reconcileNamespace } from './reconcile-namespace.js';
import { reconcileProviderNetwork } from './reconcile-provider-network.js';
import { reconcileIp } from './reconcile-ip.js';
import { validateVpc } from './validation/vpc-rules.js';
import type { Vpc } from '../cluster/kinds/kubeovn-types.js';
import { NAT_RULE_KINDS, OvnNatState, natRuleKey } from './ovn-nat-state.js';
import { reconcileOvnEip } from './reconcile-ovn-eip.js';
import { natRuleCache, reconcileOvnNatRule } from './reconcile-ovn-nat.js';
import { primeOvnNat } from './ovn-nat-prime.js';
import { externalGatewayIdentity } from './external-access.js';
import { GatewayHealth } from './gateway-health.js';
import { gatewayNodeNames } from './gateway-heartbeat-lease.js';

export interface ControllerEvents {
  /** A reconcile failed (it is retried with backoff). */
  reconcileError: [kind: string, key: string, err: unknown, attempt: number];
  /** An NB pass finished (from the first one, which start() awaits). */
  nbSynced: [result: SyncResult];
}

type QueueName = 'subnet' | 'subnetUsage' | 'vpc' | 'pod' | 'node' | 'vlan' | 'ippool' | 'namespace' | 'providerNetwork' | 'ip' | 'ovnEip' | 'ovnNatRule';

/**
 * The controller half of the engine: cluster objects in, Northbound rows, addresses, annotations and
 * statuses out. Level-triggered: every reconcile reads the current objects; the NB syncer writes whatever
 * differs from what all accepted objects want.
 */
export class Controller extends EventEmitter<ControllerEvents> {
  readonly config: ControllerConfig;
  readonly caches: ClusterCaches;
  readonly ipam = new Ipam();
  private readonly appliedSubnets = new Map<string, AppliedSubnet>();
  private readonly appliedVpcs = new Map<string, Vpc>();
  private readonly queues = new Map<QueueName, WorkQueue>();
  private readonly awaitingRouted = new Set<string>();
  private readonly evictedKeys = new Set<string>();
  private readonly primedAddresses = new Map<string, string>();
  /** The pod ports and nodes the latest NB pass was computed from, by port name and node name. */
  private lastPassPods = new Map<string, PodPortView>();
  private lastPassNodes = new Map<string, NodeView>();
  private readonly ovnNat = new OvnNatState();
  /** Each node's external-gateway label and chassis as last seen (see watchCaches). */
  private readonly externalGatewayNodes = new Map<string, string>();
  private syncerInstance: NorthboundSyncer | undefined;
  private started = false;
  /** Heartbeats of gateway nodes: a dead gateway leaves its subnets' next hops within about a second. */
  readonly gatewayHealth: GatewayHealth;

  constructor(
    private readonly api: ClusterApi,
    private readonly nb: OvsdbClient<TableMap>,
    config: Partial<ControllerConfig> = {},
  ) {
    super();
    this.config = { ...defaultControllerConfig, ...config };
    this.caches = new ClusterCaches(api);
    this.gatewayHealth = new GatewayHealth(api);
  }

  get syncer(): NorthboundSyncer {
    if (!this.syncerInstance) throw new Error('controller not started');
    return this.syncerInstance;
  }

  /** Subnets currently accepted into OVN. */
  acceptedSubnets(): string[] {
    return [...this.appliedSubnets.keys()].sort();
  }

  async start(): Promise<void> {
    await ensureStartupTopology(this.api, this.config);
    await this.caches.start();
    await this.gatewayHealth.start();
    const ctx = this.context();
    // Prime before the first NB pass: a pass on an empty view would delete every row kovn owns.
    this.prime(ctx);
    restoreIpam(ctx);
    for (const [key, subnet] of primeAddresses(ctx)) this.primedAddresses.set(key, subnet);
    this.syncerInstance = new NorthboundSyncer(this.nb, () => this.desired(), this.config.nbDebounceMs);
    await this.syncerInstance.start();
    this.syncerInstance.on('synced', (result) => {
      this.emit('nbSynced', result);
      void this.markRoutedAfterPass(ctx);
    });
    // One pass before any reconcile runs: the Northbound gets everything the cluster already implies in one
    // transaction, while nothing else competes for the event loop. A failure is retried like any pass.
    await this.syncerInstance.syncNow().catch(() => undefined);
    this.makeQueues(ctx);
    this.watchCaches();
    this.gatewayHealth.on('change', (node) => this.enqueueSubnetsUsingGateway(node));
    this.started = true;
    for (const v of this.caches.vpcs.list()) this.enqueue.vpc(v.metadata.name);
    for (const s of this.caches.subnets.list()) this.enqueue.subnet(s.metadata.name);
    for (const n of this.caches.nodes.list()) this.enqueue.node(n.metadata.name);
    for (const v of this.caches.vlans.list()) this.enqueue.vlan(v.metadata.name);
    for (const p of this.caches.ippools.list()) this.enqueue.ippool(p.metadata.name);
    for (const n of this.caches.namespaces.list()) this.enqueue.namespace(n.metadata.name);
    for (const pn of this.caches.providerNetworks.list()) this.enqueue.providerNetwork(pn.metadata.name);
    for (const p of this.caches.pods.list()) this.enqueue.pod(objectKey(p));
    for (const e of this.caches.ovnEips.list()) this.enqueue.ovnEip(e.metadata.name);
    for (const kind of NAT_RULE_KINDS) for (const r of natRuleCache(ctx, kind).list()) this.enqueue.ovnNatRule(natRuleKey(kind, r.metadata.name));
  }

  async stop(): Promise<void> {
    for (const q of this.queues.values()) q.stop();
    this.gatewayHealth.stop();
    this.caches.stop();
    await this.syncerInstance?.stop();
  }

  /**
   * Resolves when every queue is empty, no retry is pending, no pod waits to be marked routed and a last NB
   * pass has run, or after `timeoutMs`
   * (a key that keeps failing, such as a pod asking for a taken address, retries forever).
   */
  async settle(timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      await Promise.all([...this.queues.values()].map((q) => q.idle()));
      await this.syncer.syncNow();
      const queues = [...this.queues.values()];
      await this.markRoutedAfterPass(this.context());
      if (queues.every((q) => q.length === 0 && q.scheduled === 0) && this.awaitingRouted.size === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  readonly enqueue: Enqueue = {
    subnet: (name) => this.queues.get('subnet')?.add(name),
    subnetUsage: (name) => this.queues.get('subnetUsage')?.add(name),
    allSubnets: () => {
      for (const s of this.caches.subnets.list()) this.enqueue.subnet(s.metadata.name);
    },
    vpc: (name) => this.queues.get('vpc')?.add(name),
    pod: (key) => this.queues.get('pod')?.add(key),
    node: (name) => this.queues.get('node')?.add(name),
    vlan: (name) => this.queues.get('vlan')?.add(name),
    ippool: (name) => this.queues.get('ippool')?.add(name),
    namespace: (name) => this.queues.get('namespace')?.add(name),
    providerNetwork: (name) => this.queues.get('providerNetwork')?.add(name),
    ip: (name) => this.queues.get('ip')?.add(name),
    ovnEip: (name) => this.queues.get('ovnEip')?.add(name),
    ovnNatRule: (key) => this.queues.get('ovnNatRule')?.add(key),
  };

  private desired() {
    const view = buildClusterView({
      joinSubnet: this.config.joinSubnet,
      defaultVpc: this.config.defaultVpc,
      vpcs: [...this.appliedVpcs.values()],
      subnets: [...this.appliedSubnets.values()],
      nodes: this.caches.nodes.list(),
      pods: this.caches.pods.list(),
      ovnNat: { eips: this.ovnNat.eips, rules: this.ovnNat.ruleViews() },
      externalGatewaySwitch: this.config.externalGatewaySwitch,
      // Only while some reconcile has yet to store a primed address: otherwise no lookup per pod and node.
      ...(this.primedAddresses.size > 0 ? { pendingAllocation: (key: string) => primedAllocation(this.ipam, this.primedAddresses, key) } : {}),
    });
    this.lastPassPods = new Map(view.pods.map((p) => [podPortName(p.pod, p.namespace), p]));
    this.lastPassNodes = new Map(view.nodes.map((n) => [n.name, n]));
    return desiredNorthbound(view);
  }

  private context(): ControllerContext {
    const syncerOf = () => this.syncer;
    return {
      api: this.api,
      config: this.config,
      caches: this.caches,
      ipam: this.ipam,
      get syncer() {
        return syncerOf();
      },
      appliedSubnets: this.appliedSubnets,
      appliedVpcs: this.appliedVpcs,
      enqueue: this.enqueue,
      awaitingRouted: this.awaitingRouted,
      evictedKeys: this.evictedKeys,
      primedAddresses: this.primedAddresses,
      lastPass: { pod: (port) => this.lastPassPods.get(port), node: (name) => this.lastPassNodes.get(name) },
      ovnNat: this.ovnNat,
      gatewayHealth: this.gatewayHealth,
      event: (obj, type, reason, message) => this.recordEvent(obj, type, reason, message),
    };
  }

  /** Accepts what is valid now, in memory only, so the first NB pass sees the whole cluster. */
  private prime(ctx: ControllerContext): void {
    for (const vpc of this.caches.vpcs.list()) {
      // A VPC whose deletion is pending stays until its reconcile lets it go (deletion is refused while
      // subnets or NAT rules use it): a restart must not drop its router in the meantime.
      if (validateVpc(vpc, { subnets: this.caches.subnets.list(), defaultVpc: this.config.defaultVpc }).length === 0) {
        this.appliedVpcs.set(vpc.metadata.name, vpc);
      }
    }
    for (const subnet of this.caches.subnets.list()) {
      const evaluation = evaluateSubnet(ctx, subnet);
      if (evaluation.applied) this.appliedSubnets.set(subnet.metadata.name, evaluation.applied);
    }
    for (const pool of this.caches.ippools.list()) {
      try {
        if (this.appliedSubnets.has(pool.spec.subnet)) this.ipam.addOrUpdatePool({ name: pool.metadata.name, subnet: pool.spec.subnet, ips: pool.spec.ips });
      } catch {
        // Reported by the IPPool reconcile.
      }
    }
    primeOvnNat(ctx);
  }

  private async markRoutedAfterPass(ctx: ControllerContext): Promise<void> {
    if (this.awaitingRouted.size === 0) return;
    try {
      await markRouted(ctx, (name, addresses) => this.syncer.holdsPort(name, addresses));
    } catch (err) {
      this.emit('reconcileError', 'pod', 'routed', err, 1);
      this.syncer.request();
    }
  }

  private makeQueues(ctx: ControllerContext): void {
    const handlers: Record<QueueName, (key: string) => Promise<void>> = {
      subnet: (k) => reconcileSubnet(ctx, k),
      subnetUsage: (k) => reconcileSubnetUsage(ctx, k),
      vpc: (k) => reconcileVpc(ctx, k),
      pod: (k) => reconcilePod(ctx, k),
      node: (k) => reconcileNode(ctx, k),
      vlan: (k) => reconcileVlan(ctx, k),
      ippool: (k) => reconcileIpPool(ctx, k),
      namespace: (k) => reconcileNamespace(ctx, k),
      providerNetwork: (k) => reconcileProviderNetwork(ctx, k),
      ip: (k) => reconcileIp(ctx, k),
      ovnEip: (k) => reconcileOvnEip(ctx, k),
      ovnNatRule: (k) => reconcileOvnNatRule(ctx, k),
    };
    for (const [name, handler] of Object.entries(handlers) as [QueueName, (key: string) => Promise<void>][]) {
      // Subnets and VPCs are serialized (their validation looks at each other); pods and nodes fan out.
      const workers = name === 'pod' || name === 'node' ? this.config.workers : 1;
      this.queues.set(
        name,
        new WorkQueue(handler, {
          workers,
          baseDelayMs: 200,
          maxDelayMs: 20_000,
          onError: (key, err, attempt) => this.emit('reconcileError', name, key, err, attempt),
        }),
      );
    }
  }

  private watchCaches(): void {
    const on = (informer: { on(event: 'add' | 'update' | 'delete', fn: (obj: KubeObject) => void): unknown }, fn: (obj: KubeObject) => void) => {
      informer.on('add', fn);
      informer.on('update', fn);
      informer.on('delete', fn);
    };
    const c = this.caches;
    on(c.subnets as never, (o) => {
      this.enqueue.subnet(o.metadata.name);
      // VPC external ports and EIPs depend on the external subnet being accepted.
      if (o.metadata.name === this.config.externalGatewaySwitch) this.enqueueExternalUsers();
    });
    on(c.vpcs as never, (o) => {
      this.enqueue.vpc(o.metadata.name);
      this.enqueue.allSubnets();
    });
    on(c.vlans as never, (o) => {
      this.enqueue.vlan(o.metadata.name);
      for (const pn of c.providerNetworks.list()) this.enqueue.providerNetwork(pn.metadata.name);
    });
    on(c.providerNetworks as never, (o) => this.enqueue.providerNetwork(o.metadata.name));
    on(c.nodes as never, (o) => {
      this.enqueue.node(o.metadata.name);
      // Provider readiness comes from node labels the agent sets.
      for (const pn of c.providerNetworks.list()) this.enqueue.providerNetwork(pn.metadata.name);
      // External gateway chassis come from node labels and chassis annotations: only their changes matter
      // (node status updates are frequent and would otherwise requeue every external VPC).
      const gateway = externalGatewayIdentity(o);
      if (this.externalGatewayNodes.get(o.metadata.name) !== gateway) {
        this.externalGatewayNodes.set(o.metadata.name, gateway);
        for (const v of c.vpcs.list()) if (v.spec?.enableExternal) this.enqueue.vpc(v.metadata.name);
      }
    });
    c.nodes.on('delete', (o) => {
      this.externalGatewayNodes.delete(o.metadata.name);
      for (const v of c.vpcs.list()) if (v.spec?.enableExternal) this.enqueue.vpc(v.metadata.name);
    });
    on(c.ips as never, (o) => {
      this.enqueue.ip(o.metadata.name);
      for (const kind of NAT_RULE_KINDS) {
        for (const r of natRuleCache(this.context(), kind).list()) if (r.spec?.ipName === o.metadata.name) this.enqueue.ovnNatRule(natRuleKey(kind, r.metadata.name));
      }
    });
    on(c.ovnEips as never, (o) => this.enqueue.ovnEip(o.metadata.name));
    on(c.ovnFips as never, (o) => this.enqueue.ovnNatRule(natRuleKey('OvnFip', o.metadata.name)));
    on(c.ovnSnatRules as never, (o) => this.enqueue.ovnNatRule(natRuleKey('OvnSnatRule', o.metadata.name)));
    on(c.ovnDnatRules as never, (o) => this.enqueue.ovnNatRule(natRuleKey('OvnDnatRule', o.metadata.name)));
    on(c.pods as never, (o) => this.enqueue.pod(objectKey(o)));
    // A pod that was just scheduled is about to get its sandbox, whose CNI ADD waits for `routed`: it goes
    // ahead of allocations for pods that are not scheduled yet (in a burst it would wait behind all of them).
    c.pods.on('update', (pod, old) => {
      if (pod.spec?.nodeName && !old.spec?.nodeName) this.queues.get('pod')?.addFirst(objectKey(pod));
    });
    on(c.namespaces as never, (o) => this.enqueue.namespace(o.metadata.name));
    on(c.ippools as never, (o) => this.enqueue.ippool(o.metadata.name));
    on(c.statefulSets as never, (o) => {
      // Scaling down or deleting a StatefulSet frees the addresses its gone pods kept.
      const prefix = `${o.metadata.name}-`;
      for (const ip of c.ips.list()) {
        if (ip.spec.podType === 'StatefulSet' && ip.spec.namespace === o.metadata.namespace && ip.spec.podName?.startsWith(prefix)) {
          this.enqueue.pod(`${ip.spec.namespace}/${ip.spec.podName}`);
        }
      }
    });
  }

  /** Centralized subnets that name (or select) `node` as a gateway: their next hops follow its health. */
  private enqueueSubnetsUsingGateway(node: string): void {
    const nodes = this.caches.nodes.list();
    for (const s of this.caches.subnets.list()) {
      if (s.spec.gatewayType === 'centralized' && gatewayNodeNames(s, nodes).includes(node)) this.enqueue.subnet(s.metadata.name);
    }
  }

  private enqueueExternalUsers(): void {
    for (const v of this.caches.vpcs.list()) if (v.spec?.enableExternal) this.enqueue.vpc(v.metadata.name);
    for (const e of this.caches.ovnEips.list()) this.enqueue.ovnEip(e.metadata.name);
  }

  private async recordEvent(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    try {
      await this.api.recordEvent({
        involved: { kind: obj.kind, name: obj.metadata.name, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}) },
        type,
        reason,
        message,
        source: this.config.component,
      });
    } catch {
      // Events are best effort; a failed event never fails a reconcile.
    }
  }

  get isStarted(): boolean {
    return this.started;
  }
}
