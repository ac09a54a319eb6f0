/**
 * One family of one subnet: which addresses may be handed out (usable minus excluded, split between the
 * default pool and named IPPools), who holds what, which addresses were never used, and the queue of
 * released ones. Dynamic allocation takes the lowest never-used address of the requested pool; released
 * addresses come back, oldest release first, only once the pool has no never-used address left, so a
 * freed address is not reused while stale ARP or conntrack entries may still point at it.
 */
import type { Cidr, IpFamily } from './ip-address.js';
import { usableRange } from './ip-address.js';
import { IpRangeSet } from './ip-range-set.js';

/** Counts and Kube-OVN status range strings for one family. */
export interface FamilyUsage {
  readonly using: bigint;
  readonly available: bigint;
  readonly usingRange: string;
  readonly availableRange: string;
}

export class AddressSpace {
  private usable!: IpRangeSet;
  private excluded!: IpRangeSet;
  private defaultAllowed!: IpRangeSet;
  private readonly rawPools = new Map<string, IpRangeSet>();
  private readonly poolAllowed = new Map<string, IpRangeSet>();
  private readonly poolRanges = new Map<string, IpRangeSet>();
  private readonly holders = new Map<bigint, string>();
  private readonly held = new IpRangeSet();
  private neverUsed!: IpRangeSet;
  // Insertion order is release order; re-inserting after a delete moves an address to the back.
  private readonly released = new Map<bigint, true>();

  constructor(
    readonly family: IpFamily,
    private cidrValue: Cidr,
    private gatewayValue: bigint,
    excluded: IpRangeSet,
  ) {
    this.usable = IpRangeSet.of([usableRange(cidrValue)]);
    this.neverUsed = this.usable.clone();
    this.configure(excluded);
  }

  get cidr(): Cidr {
    return this.cidrValue;
  }

  get gateway(): bigint {
    return this.gatewayValue;
  }

  /** Addresses kept out of dynamic allocation: excludeIps within the CIDR plus the gateway. */
  get excludedSet(): IpRangeSet {
    return this.excluded;
  }

  /**
   * Applies a new CIDR, gateway and exclusions. Held addresses that are no longer usable are dropped and
   * returned with their holders; the caller tells their owners.
   */
  reconfigure(cidr: Cidr, gateway: bigint, excluded: IpRangeSet): { address: bigint; key: string }[] {
    const usable = IpRangeSet.of([usableRange(cidr)]);
    const dropped: { address: bigint; key: string }[] = [];
    for (const [address, key] of this.holders) {
      if (!usable.has(address)) dropped.push({ address, key });
    }
    for (const { address } of dropped) this.unhold(address);
    for (const address of [...this.released.keys()]) if (!usable.has(address)) this.released.delete(address);
    // Addresses new to the subnet are never-used; addresses that stay keep their history.
    this.neverUsed = usable.subtract(this.usable).union(this.neverUsed.intersect(usable));
    this.usable = usable;
    this.cidrValue = cidr;
    this.gatewayValue = gateway;
    this.configure(excluded);
    return dropped;
  }

  /** Sets (ranges) or removes (undefined) a named pool's addresses. */
  setPool(name: string, ranges: IpRangeSet | undefined): void {
    if (ranges) this.rawPools.set(name, ranges);
    else this.rawPools.delete(name);
    this.configure(this.excluded);
  }

  private configure(excluded: IpRangeSet): void {
    this.excluded = excluded.intersect(this.usable).union(IpRangeSet.of([{ start: this.gatewayValue, end: this.gatewayValue }]));
    let inPools = new IpRangeSet();
    this.poolRanges.clear();
    this.poolAllowed.clear();
    for (const [name, raw] of this.rawPools) {
      const ranges = raw.intersect(this.usable);
      this.poolRanges.set(name, ranges);
      this.poolAllowed.set(name, ranges.subtract(this.excluded));
      inPools = inPools.union(ranges);
    }
    this.defaultAllowed = this.usable.subtract(this.excluded).subtract(inPools);
  }

  /** Whether the address is a host address of the CIDR (network and broadcast are not, except /31, /32). */
  isUsable(address: bigint): boolean {
    return this.usable.has(address);
  }

  isExcluded(address: bigint): boolean {
    return this.excluded.has(address);
  }

  /** The named pool the address belongs to, if any. */
  poolOf(address: bigint): string | undefined {
    for (const [name, ranges] of this.poolRanges) if (ranges.has(address)) return name;
    return undefined;
  }

  /** Whether the address lies in the named pool's ranges. */
  inPool(name: string, address: bigint): boolean {
    return this.poolRanges.get(name)?.has(address) ?? false;
  }

  holder(address: bigint): string | undefined {
    return this.holders.get(address);
  }

  /** Records the address as held by key. The caller has checked it is free. */
  hold(address: bigint, key: string): void {
    this.holders.set(address, key);
    this.held.add(address);
    this.neverUsed.remove(address);
    this.released.delete(address);
  }

  /** Frees the address; it joins the back of the released queue. */
  release(address: bigint): void {
    if (!this.holders.has(address)) return;
    this.unhold(address);
    this.released.set(address, true);
  }

  private unhold(address: bigint): void {
    this.holders.delete(address);
    this.held.remove(address);
  }

  /**
   * The address dynamic allocation would hand out next from the named pool (or the default pool): the
   * lowest never-used one, else the oldest released one. Undefined when the pool is exhausted.
   */
  nextFree(pool?: string): bigint | undefined {
    const allowed = pool === undefined ? this.defaultAllowed : this.poolAllowed.get(pool);
    if (!allowed) return undefined;
    const neverUsed = allowed.firstCommon(this.neverUsed);
    if (neverUsed !== undefined) return neverUsed;
    for (const address of this.released.keys()) if (allowed.has(address)) return address;
    return undefined;
  }

  /** Every held address with its holder. */
  holdings(): IterableIterator<[bigint, string]> {
    return this.holders.entries();
  }

  /** Counts and range strings for the subnet (no pool) or one named pool. */
  usage(pool?: string): FamilyUsage {
    const scope = pool === undefined ? this.usable.subtract(this.excluded) : (this.poolAllowed.get(pool) ?? new IpRangeSet());
    const using = pool === undefined ? this.held : this.held.intersect(this.poolRanges.get(pool) ?? new IpRangeSet());
    const available = scope.subtract(this.held);
    return {
      using: using.count(),
      available: available.count(),
      usingRange: using.format(this.family),
      availableRange: available.format(this.family),
    };
  }
}
