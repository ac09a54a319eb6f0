import { EventEmitter } from 'node:events';
import type { ClusterApi, KubeObject } from '../cluster/types.js';
import { isApiError } from '../cluster/api-error.js';

export interface LeaseElectionOptions {
  readonly namespace: string;
  readonly name: string;
  /** This candidate's identity (pod name, or host + pid). */
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewIntervalMs?: number;
  readonly retryIntervalMs?: number;
}

interface LeaseObject extends KubeObject {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

export interface LeaseElectionEvents {
  /** This candidate became the leader. */
  elected: [];
  /** This candidate lost (or could not renew) the lease: stop leading at once. */
  lost: [reason: string];
}

/** Kubernetes MicroTime, as leases carry it. */
function microTime(d = new Date()): string {
  return d.toISOString().replace('Z', '000Z');
}

/**
 * Leader election on a coordination.k8s.io Lease, as client-go does it: take the lease when it is free or
 * expired (an update with the read resourceVersion, so two candidates cannot both win), renew it while
 * leading, and give up leadership as soon as a renewal fails past the lease duration.
 */
export class LeaseElection extends EventEmitter<LeaseElectionEvents> {
  private timer: NodeJS.Timeout | undefined;
  private leading = false;
  private lastRenew = 0;
  private stopped = false;

  constructor(
    private readonly api: ClusterApi,
    private readonly options: LeaseElectionOptions,
  ) {
    super();
  }

  get isLeader(): boolean {
    return this.leading;
  }

  private get durationMs(): number {
    return this.options.leaseDurationMs ?? 15_000;
  }

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  /** Stops campaigning; a leader releases the lease so a successor need not wait for it to expire. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (!this.leading) return;
    this.leading = false;
    try {
      const lease = await this.api.get<LeaseObject>('Lease', this.options.name, this.options.namespace);
      if (lease?.spec?.holderIdentity === this.options.identity) {
        await this.api.update({ ...lease, spec: { ...lease.spec, holderIdentity: '', renewTime: microTime(new Date(0)) } });
      }
    } catch {
      // Expiry releases it anyway.
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    try {
      const ok = await this.tryAcquireOrRenew();
      if (ok) {
        this.lastRenew = Date.now();
        if (!this.leading) {
          this.leading = true;
          this.emit('elected');
        }
      } else if (this.leading) {
        this.leading = false;
        this.emit('lost', 'another candidate holds the lease');
      }
    } catch (err) {
      if (this.leading && Date.now() - this.lastRenew > this.durationMs) {
        this.leading = false;
        this.emit('lost', `could not renew the lease: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.schedule(this.leading ? (this.options.renewIntervalMs ?? this.durationMs / 3) : (this.options.retryIntervalMs ?? 2000));
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, name, identity } = this.options;
    const now = new Date();
    const lease = await this.api.get<LeaseObject>('Lease', name, namespace);
    const spec = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(this.durationMs / 1000),
      renewTime: microTime(now),
    };
    if (!lease) {
      try {
        await this.api.create<LeaseObject>({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec: { ...spec, acquireTime: microTime(now), leaseTransitions: 0 },
        });
        return true;
      } catch (err) {
        if (isApiError(err, 'AlreadyExists')) return false;
        throw err;
      }
    }
    const holder = lease.spec?.holderIdentity ?? '';
    const renewed = Date.parse(lease.spec?.renewTime ?? '') || 0;
    const expired = renewed + (lease.spec?.leaseDurationSeconds ?? 15) * 1000 < now.getTime();
    if (holder !== identity && holder !== '' && !expired) return false;
    const takeover = holder !== identity;
    try {
      await this.api.update<LeaseObject>({
        ...lease,
        spec: {
          ...lease.spec,
          ...spec,
          ...(takeover ? { acquireTime: microTime(now), leaseTransitions: (lease.spec?.leaseTransitions ?? 0) + 1 } : {}),
        },
      });
      return true;
    } catch (err) {
      if (isApiError(err, 'Conflict')) return false;
      throw err;
    }
  }
}
