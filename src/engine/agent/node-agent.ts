import { OvsdbClient } from '../../ovn/ovsdb/client.js';
import type { OpenVSwitchTables } from '../../ovn/schema/generated/vswitch.js';
import { Informer } from '../cluster/informer.js';
import type { ProviderNetwork, Subnet } from '../cluster/kinds/kubeovn-types.js';
import type { KubeObject } from '../cluster/types.js';
import { ANN } from '../controller/annotations.js';
import type { AgentRequest, CniResultBody } from '../../cni/protocol.js';
import type { AgentContext } from './agent-context.js';
import { cniAdd } from './cni-add.js';
import { cniCheck, cniDel } from './cni-del-check.js';
import { CniServer } from './cni-server.js';
import { reconcileHostRoutes } from './host-routes.js';
import { nodeArgv, run } from './kernel-commands.js';
import { applyNatOutgoing, removeNatOutgoing } from './nat-outgoing.js';
import { DEFAULT_TUNING, OVN0, type NodeAgentOptions, type NodeAgentTuning } from './node-agent-options.js';
import { ensureOvn0, joinAllocation } from './ovn0-port.js';
import { hostRouteCidrs, natOutgoingSets } from './overlay-subnets.js';
import { deletePortsOf, findInterface } from './ovs-ports.js';
import { collectStalePorts } from './port-gc.js';
import { vethNames } from './veth-names.js';
import { KernelChangeFeed } from './kernel-change-feed.js';
import { reconcileProviderBridges, type ProviderOutcome } from './provider-bridges.js';
import { publishProviderOutcomes } from './provider-status.js';
import { RunningPodSync, podSettingsChanged, settingsFromResult } from './running-pods.js';
import { CoalescedPass } from './coalesced-pass.js';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The node agent: publishes the chassis name on the Node, keeps ovn0, host routes to overlay subnets and
 * natOutgoing in place (level-triggered, re-checked periodically), serves CNI requests on a root-only unix
 * socket, and collects OVS ports of pods that are gone. stop() only stops serving: running pods keep their
 * ports and a restarted agent changes nothing for them.
 */
export class NodeAgent {
  readonly #options: NodeAgentOptions;
  readonly #tuning: NodeAgentTuning;
  #ovs: OvsdbClient<OpenVSwitchTables> | undefined;
  #ctx: AgentContext | undefined;
  #server: CniServer | undefined;
  #subnets: Informer<Subnet> | undefined;
  #node: Informer<KubeObject> | undefined;
  #providerNetworks: Informer<ProviderNetwork> | undefined;
  /** This node's pods: running ones follow their subnet's MTU and gateway (mode switch, U2O). */
  #pods: Informer<KubeObject> | undefined;
  readonly #runningPods = new RunningPodSync();
  readonly #podSync = new CoalescedPass(() => this.#syncRunningPodsOnce(), () => this.#stopping);
  #podSyncFailure = '';
  #providerReport = '';
  #timers: NodeJS.Timeout[] = [];
  #kernelFeed: KernelChangeFeed | undefined;
  #stopping = false;
  #natText: string | undefined;
  #lastFailure = '';
  readonly #reconcile = new CoalescedPass(() => this.#reconcileOnce(), () => this.#stopping);
  /** Serializes CNI requests per pod interface (the runtime may retry while one is in flight). */
  readonly #podQueues = new Map<string, Promise<unknown>>();

  constructor(options: NodeAgentOptions, tuning: Partial<NodeAgentTuning> = {}) {
    this.#options = options;
    this.#tuning = { ...DEFAULT_TUNING, ...tuning };
    vethNames(options.hostVethPrefix ?? '', 'x', 'y', 'eth0'); // fails early on a bad prefix
  }

  get nodeName(): string {
    return this.#options.nodeName;
  }

  /** After vswitchd + ovn-controller run: chassis annotation, ovn0, host routes, natOutgoing, CNI server, GC. */
  async start(): Promise<void> {
    const o = this.#options;
    this.#stopping = false;
    this.#ovs = await OvsdbClient.connect<OpenVSwitchTables>(o.ovsRemote, { database: 'Open_vSwitch' });
    this.#ctx = {
      options: o,
      tuning: this.#tuning,
      ovs: this.#ovs,
      busy: new Set(),
      stopping: () => this.#stopping,
      onPodChange: (listener) => {
        const pods = this.#pods;
        if (!pods) return () => undefined;
        pods.on('add', listener);
        pods.on('update', listener);
        return () => {
          pods.off('add', listener);
          pods.off('update', listener);
        };
      },
    };
    try {
      await this.#publishChassis();
      // Pods of distributed subnets leave through ovn0 and the node's own routing.
      await run(nodeArgv(o.netns, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1'])).catch((error: Error) =>
        this.#tuning.log(`node ${o.nodeName}: cannot enable IPv4 forwarding (egress of distributed subnets needs it): ${error.message}`),
      );
      this.#subnets = new Informer<Subnet>(o.cluster, 'Subnet');
      this.#node = new Informer<KubeObject>(o.cluster, 'Node', { fieldSelector: `metadata.name=${o.nodeName}` });
      this.#providerNetworks = new Informer<ProviderNetwork>(o.cluster, 'ProviderNetwork');
      for (const event of ['add', 'update', 'delete'] as const) this.#node.on(event, () => this.#scheduleReconcile());
      // Status writes (ours, the controller's: a subnet's usage counters move with every pod) need no pass:
      // only a spec or deletion change does.
      for (const informer of [this.#subnets, this.#providerNetworks] as Informer[]) {
        informer.on('add', () => this.#scheduleReconcile());
        informer.on('delete', () => this.#scheduleReconcile());
        informer.on('update', (obj, old) => {
          if (specChanged(obj, old)) this.#scheduleReconcile();
        });
      }
      for (const informer of [this.#subnets, this.#node, this.#providerNetworks] as Informer[]) informer.start();
      this.#pods = new Informer<KubeObject>(o.cluster, 'Pod', { fieldSelector: `spec.nodeName=${o.nodeName}` });
      // Every CNI ADD in flight listens for its pod's allocation (see waitForAllocation): no listener cap.
      this.#pods.setMaxListeners(0);
      this.#pods.on('update', (pod, old) => {
        if (podSettingsChanged(old?.metadata.annotations, pod.metadata.annotations)) this.#schedulePodSync();
      });
      this.#node.on('update', () => this.#schedulePodSync());
      this.#subnets.on('update', (obj, old) => {
        if (specChanged(obj, old)) this.#schedulePodSync();
      });
      this.#pods.start();
      await Promise.all([this.#subnets.waitForSync(), this.#node.waitForSync(), this.#providerNetworks.waitForSync(), this.#pods.waitForSync()]);
      await this.#waitForJoinAllocation();
      await this.reconcileNode().catch(() => undefined); // logged by the pass, retried periodically
      this.#server = new CniServer(o.cniSocket, (req) => this.#handle(req));
      await this.#server.listen();
    } catch (error) {
      await this.stop();
      throw error;
    }
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const timer = setInterval(() => void fn().catch((error: Error) => this.#tuning.log(`node ${o.nodeName}: ${error.message}`)), ms);
      timer.unref();
      this.#timers.push(timer);
    };
    // Kernel changes (an ovn0 flap drops its routes) trigger a pass at once; the timer is the safety net.
    this.#kernelFeed = new KernelChangeFeed(o.netns, OVN0, () => this.#scheduleReconcile());
    this.#kernelFeed.start();
    every(this.#tuning.reconcileIntervalMs, () => this.reconcileNode().catch(() => undefined)); // logged by the pass
    every(this.#tuning.reconcileIntervalMs, () => this.syncRunningPods());
    this.#schedulePodSync();
    every(this.#tuning.gcIntervalMs, () => this.collectGarbage());
  }

  /** Stops serving (socket removed, loops stopped); leaves running pods' ports, ovn0, routes and NAT alone. */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    this.#kernelFeed?.stop();
    this.#kernelFeed = undefined;
    this.#subnets?.stop();
    this.#node?.stop();
    this.#providerNetworks?.stop();
    this.#pods?.stop();
    await this.#server?.close();
    this.#server = undefined;
    await this.#reconcile.inFlight?.catch(() => undefined);
    await this.#podSync.inFlight?.catch(() => undefined);
    await Promise.allSettled([...this.#podQueues.values()]);
    await this.#ovs?.close();
    this.#ovs = undefined;
  }

  /** Removes what the agent made on the node itself (ovn0, its nft table) — for taking a node out for good. */
  async uninstall(): Promise<void> {
    const ctx = this.#requireContext();
    await removeNatOutgoing(ctx);
    const ovn0 = await findInterface(ctx.ovs, OVN0);
    if (ovn0) await deletePortsOf(ctx.ovs, [ovn0.uuid]);
    this.#natText = undefined;
  }

  /** One level-triggered pass over ovn0, host routes, natOutgoing and provider bridges (also run periodically and on changes). */
  reconcileNode(): Promise<void> {
    return this.#reconcile.run();
  }

  /** Removes OVS ports whose pod (or its network namespace) is gone; returns their names. */
  collectGarbage(): Promise<string[]> {
    return collectStalePorts(this.#requireContext());
  }

  #requireContext(): AgentContext {
    if (!this.#ctx || !this.#ovs) throw new Error(`node agent ${this.#options.nodeName} is not started`);
    return this.#ctx;
  }

  /** Each part runs even when another fails (e.g. nft missing must not keep ovn0 and its routes away). */
  async #reconcileOnce(): Promise<void> {
    const ctx = this.#requireContext();
    if (this.#stopping) return;
    const subnets = this.#subnets?.list() ?? [];
    const failures: string[] = [];
    const join = joinAllocation(this.#node?.list()[0], this.#options.nodeName);
    if (join) {
      try {
        await ensureOvn0(ctx, join);
        const joinCidrs = join.addresses.map((a) => networkOf(a));
        await reconcileHostRoutes(ctx, hostRouteCidrs(subnets, joinCidrs), join.gateways);
      } catch (error) {
        failures.push(`ovn0 and host routes: ${(error as Error).message}`);
      }
    }
    try {
      this.#natText = await applyNatOutgoing(ctx, natOutgoingSets(subnets), this.#natText);
    } catch (error) {
      failures.push(`natOutgoing: ${(error as Error).message}`);
    }
    try {
      await this.#reconcileProviders(ctx);
    } catch (error) {
      failures.push(`provider networks: ${(error as Error).message}`);
    }
    const report = failures.join('; ');
    // The pass repeats every few seconds: log a failure when it changes, not on every pass.
    if (report && report !== this.#lastFailure) this.#tuning.log(`node ${this.#options.nodeName}: ${report}`);
    if (!report && this.#lastFailure) this.#tuning.log(`node ${this.#options.nodeName}: ovn0, host routes and natOutgoing are in place again`);
    this.#lastFailure = report;
    if (report) throw new Error(report);
  }

  /** Provider bridges, then labels and conditions; a provider that fails is reported on its status, not thrown. */
  async #reconcileProviders(ctx: AgentContext): Promise<void> {
    const providerNetworks = this.#providerNetworks?.list() ?? [];
    const node = this.#node?.list()[0];
    const outcomes = await reconcileProviderBridges(ctx, providerNetworks, node);
    await publishProviderOutcomes(ctx, outcomes, node, providerNetworks);
    const report = outcomes
      .filter((o): o is Extract<ProviderOutcome, { state: 'failed' }> => o.state === 'failed')
      .map((o) => `provider network ${o.provider}: ${o.message}`)
      .join('; ');
    if (report !== this.#providerReport) this.#tuning.log(`node ${this.#options.nodeName}: ${report || 'every provider network is ready'}`);
    this.#providerReport = report;
  }

  /**
   * Brings running pods to their subnet's current MTU and gateway (serialized; a request during a pass runs
   * one more). Failures are logged when they change and retried on the next trigger or period.
   */
  syncRunningPods(): Promise<void> {
    return this.#podSync.run();
  }

  async #syncRunningPodsOnce(): Promise<void> {
    const ctx = this.#requireContext();
    const pods = new Map((this.#pods?.list() ?? []).map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
    const subnets = new Map((this.#subnets?.list() ?? []).map((sn) => [sn.metadata.name, sn]));
    let failure = '';
    try {
      const changed = await this.#runningPods.sync(ctx, pods, subnets, this.#node?.list()[0]?.metadata.labels ?? {});
      if (changed.length > 0) this.#tuning.log(`node ${this.#options.nodeName}: updated MTU/routes of running pods ${changed.join(', ')}`);
    } catch (error) {
      failure = (error as Error).message;
    }
    if (failure && failure !== this.#podSyncFailure) this.#tuning.log(`node ${this.#options.nodeName}: ${failure}`);
    this.#podSyncFailure = failure;
  }

  #schedulePodSync(): void {
    if (!this.#ctx || this.#stopping) return;
    void this.syncRunningPods();
  }

  #scheduleReconcile(): void {
    if (!this.#ctx || this.#stopping) return;
    void this.reconcileNode().catch(() => undefined); // logged by the pass
  }

  async #waitForJoinAllocation(): Promise<void> {
    const deadline = Date.now() + this.#tuning.startWaitMs;
    while (!joinAllocation(this.#node?.list()[0], this.#options.nodeName) && Date.now() < deadline && !this.#stopping) await sleep(100);
    if (!joinAllocation(this.#node?.list()[0], this.#options.nodeName)) {
      this.#tuning.log(`node ${this.#options.nodeName}: no join address from the controller yet (annotation ${ANN.ipAddress}); ovn0 follows when it appears`);
    }
  }

  async #publishChassis(): Promise<void> {
    const [result] = await this.#ovs!.transact([{ op: 'select', table: 'Open_vSwitch', where: [], columns: ['external_ids'] }]);
    const ids = (result.rows?.[0]?.external_ids ?? {}) as Record<string, string>;
    const systemId = ids['system-id'] || this.#options.systemId || this.#options.nodeName;
    await this.#options.cluster.patch('Node', this.#options.nodeName, { metadata: { annotations: { [ANN.chassis]: systemId } } });
  }

  #handle(req: AgentRequest): Promise<CniResultBody | undefined> {
    const ctx = this.#requireContext();
    if (req.command === 'STATUS') return Promise.resolve(undefined);
    const key = `${req.podNamespace}/${req.podName}/${req.ifName}/${req.containerId}`;
    const execute = async (): Promise<CniResultBody | undefined> => {
      if (req.command === 'ADD') {
        const result = await cniAdd(ctx, req);
        // The ADD applied these settings: the running-pod sync need not apply them again.
        const applied = settingsFromResult(result, this.#pods?.get(`${req.podNamespace}/${req.podName}`)?.metadata.annotations);
        if (applied) this.#runningPods.remember(applied.hostVeth, applied.settings);
        return result;
      }
      if (req.command === 'DEL') await cniDel(ctx, req);
      else await cniCheck(ctx, req);
      return undefined;
    };
    const previous = this.#podQueues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(execute);
    this.#podQueues.set(key, next);
    void next.catch(() => undefined).then(() => {
      if (this.#podQueues.get(key) === next) this.#podQueues.delete(key);
    });
    return next;
  }
}

/** A change the node's plumbing depends on: spec, deletion, or the Ready verdict (not-Ready subnets are left out). */
function specChanged(obj: KubeObject, old: KubeObject | undefined): boolean {
  const facts = (o: KubeObject | undefined) => {
    const conditions = (o?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions;
    return JSON.stringify([o?.spec, o?.metadata.deletionTimestamp, conditions?.find((c) => c.type === 'Ready')?.status]);
  };
  return facts(obj) !== facts(old);
}

/** `100.64.0.2/16` → `100.64.0.0/16` (IPv4); IPv6 addresses keep their text with the prefix. */
export function networkOf(address: string): string {
  const [ip, prefix] = address.split('/');
  if (!ip!.includes('.')) return address;
  const bits = Number(prefix);
  const n = ip!.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
  const masked = bits === 0 ? 0 : (n & (~0 << (32 - bits))) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (masked >>> s) & 255).join('.')}/${bits}`;
}
