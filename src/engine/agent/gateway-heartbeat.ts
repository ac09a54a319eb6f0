import { Informer } from '../cluster/informer.js';
import type { Subnet } from '../cluster/kinds/kubeovn-types.js';
import type { ClusterApi, KubeObject } from '../cluster/types.js';
import {
  GATEWAY_HEALTH_ANNOTATION,
  GATEWAY_LEASE_LABEL,
  GATEWAY_LEASE_NAMESPACE,
  GATEWAY_RENEW_MS,
  GATEWAY_RESTART_GRACE_S,
  gatewayLeaseName,
  isGatewayNode,
  microTime,
  type GatewayLease,
} from '../controller/gateway-heartbeat-lease.js';
import { unixctlAnswers, unixctlPathOf } from './unixctl-probe.js';
import { UplinkWatch } from './uplink-state.js';

export interface GatewayHeartbeatOptions {
  readonly nodeName: string;
  readonly cluster: ClusterApi;
  /** Where ovs-vswitchd keeps its pidfile and control socket (OVS_RUNDIR). */
  readonly ovsRunDir: string;
  /** Where ovn-controller keeps its pidfile and control socket (OVN_RUNDIR). */
  readonly ovnRunDir: string;
  /** Network namespace of the node (lab); undefined = this host's. */
  readonly netns?: string;
  /** The interface tunnels leave through (lab: eth0, the port of br-fabric); its link must be up. */
  readonly uplinkInterface?: string;
  readonly renewMs?: number;
  /** How long a daemon may take to answer `version` before it counts as hung. */
  readonly probeTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * While this node is a gateway of some centralized subnet, renews Lease `kovn-gateway-<node>` every ~300 ms
 * with the datapath's health: ovs-vswitchd and ovn-controller answer on their control sockets and the uplink
 * has link. A sick datapath is reported at once (annotation), a dead node or agent by silence; the controller
 * takes the node out of the subnet's next hops either way. A node that stops being a gateway deletes its Lease.
 */
export class GatewayHeartbeat {
  readonly #o: GatewayHeartbeatOptions;
  #subnets: Informer<Subnet> | undefined;
  #node: Informer<KubeObject> | undefined;
  #uplink: UplinkWatch | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #tick: Promise<void> | undefined;
  #leaseWritten = false;
  #checkedLease = false;
  #lastHealth = '';
  #lastError = '';

  constructor(options: GatewayHeartbeatOptions) {
    this.#o = options;
  }

  async start(): Promise<void> {
    const o = this.#o;
    this.#running = true;
    this.#subnets = new Informer<Subnet>(o.cluster, 'Subnet');
    this.#node = new Informer<KubeObject>(o.cluster, 'Node', { fieldSelector: `metadata.name=${o.nodeName}` });
    this.#subnets.start();
    this.#node.start();
    try {
      await Promise.all([this.#subnets.waitForSync(), this.#node.waitForSync()]);
      if (o.uplinkInterface) {
        this.#uplink = new UplinkWatch(o.netns, o.uplinkInterface);
        await this.#uplink.start();
      }
    } catch (error) {
      await this.stop(); // informers and the `ip monitor` child must not outlive a failed start
      throw error;
    }
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#tick;
    if (this.#leaseWritten) await this.#announceRestart();
    this.#subnets?.stop();
    this.#node?.stop();
    this.#uplink?.stop();
  }

  /** Why the datapath cannot carry egress now, or undefined when it can. */
  async datapathProblem(): Promise<string | undefined> {
    const o = this.#o;
    const timeout = o.probeTimeoutMs ?? 250;
    const daemons: [string, string, readonly string[]][] = [
      ['ovs-vswitchd', o.ovsRunDir, ['ovs-vswitchd', 'vswitchd']],
      ['ovn-controller', o.ovnRunDir, ['ovn-controller']],
    ];
    const answers = await Promise.all(
      daemons.map(async ([label, dir, names]) => {
        const path = unixctlPathOf(dir, names);
        // A wrong run dir (--ovs-rundir / --ovn-rundir) must not read as a dead daemon in status messages.
        if (!path) return `${label} has no control socket or pidfile in ${dir}`;
        return (await unixctlAnswers(path, timeout)) ? undefined : `${label} does not answer`;
      }),
    );
    const problems = answers.filter((a): a is string => a !== undefined);
    const uplink = this.#uplink?.problem();
    if (uplink) problems.push(uplink);
    return problems.length ? problems.join('; ') : undefined;
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#tick = this.#beat()
        .then(() => {
          this.#lastError = '';
        })
        .catch((error: Error) => {
          // Renewals repeat 3×/s: log a failure when it changes, not on every beat.
          if (error.message !== this.#lastError) this.#log(`gateway heartbeat: ${error.message}`);
          this.#lastError = error.message;
        })
        .finally(() => this.#schedule(this.#o.renewMs ?? GATEWAY_RENEW_MS));
    }, delayMs);
    this.#timer.unref();
  }

  async #beat(): Promise<void> {
    const node = this.#node?.list()[0] ?? { metadata: { name: this.#o.nodeName } };
    if (!isGatewayNode(this.#subnets?.list() ?? [], node)) {
      // Also on the first beat after a restart: a Lease left from before must not linger.
      if (this.#leaseWritten || !this.#checkedLease) await this.#deleteLease();
      this.#checkedLease = true;
      return;
    }
    this.#checkedLease = true;
    const problem = await this.datapathProblem();
    if (!this.#running) return;
    const health = problem ?? 'ok';
    if (health !== this.#lastHealth) this.#log(problem ? `gateway datapath unhealthy: ${problem}` : 'gateway datapath healthy');
    this.#lastHealth = health;
    await this.#renew(health);
  }

  async #renew(health: string): Promise<void> {
    const o = this.#o;
    const name = gatewayLeaseName(o.nodeName);
    const renewTime = microTime(Date.now());
    if (this.#leaseWritten) {
      try {
        await o.cluster.patch('Lease', name, { metadata: { annotations: { [GATEWAY_HEALTH_ANNOTATION]: health } }, spec: { renewTime } }, GATEWAY_LEASE_NAMESPACE);
        return;
      } catch {
        // Deleted behind our back: create it again below.
      }
    }
    const lease: GatewayLease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: GATEWAY_LEASE_NAMESPACE, labels: { [GATEWAY_LEASE_LABEL]: 'true' }, annotations: { [GATEWAY_HEALTH_ANNOTATION]: health } },
      spec: { holderIdentity: o.nodeName, leaseDurationSeconds: 1, renewTime },
    };
    const existing = await o.cluster.get<GatewayLease>('Lease', name, GATEWAY_LEASE_NAMESPACE);
    if (existing) await o.cluster.patch('Lease', name, { metadata: lease.metadata, spec: lease.spec }, GATEWAY_LEASE_NAMESPACE);
    else await o.cluster.create(lease);
    this.#leaseWritten = true;
  }

  /**
   * A clean stop (an agent restart or rollout) leaves the datapath running: the last renewal asks for a
   * longer grace, so egress does not move away and back while the agent restarts. A node that dies is still
   * caught: its agent never gets here.
   */
  async #announceRestart(): Promise<void> {
    const spec = { renewTime: microTime(Date.now()), leaseDurationSeconds: GATEWAY_RESTART_GRACE_S };
    await this.#o.cluster.patch('Lease', gatewayLeaseName(this.#o.nodeName), { spec }, GATEWAY_LEASE_NAMESPACE).catch(() => undefined);
  }

  async #deleteLease(): Promise<void> {
    await this.#o.cluster.delete('Lease', gatewayLeaseName(this.#o.nodeName), GATEWAY_LEASE_NAMESPACE).catch(() => undefined);
    this.#leaseWritten = false;
    this.#lastHealth = '';
  }

  #log(line: string): void {
    (this.#o.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(`node ${this.#o.nodeName}: ${line}`);
  }
}
