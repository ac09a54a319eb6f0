/**
 * The allocations of one subnet: its address spaces (one per family), who holds which addresses and MACs,
 * and the router port's MAC. Allocation is two-phase: `plan` checks a request against the current state
 * without changing it (a key's own addresses count as free to it), `commit` applies the plan. So a
 * dual-stack request that fails on one family leaves nothing half-allocated.
 */
import type { FamilyAddresses } from './address-input.js';
import type { IpFamily } from './ip-address.js';
import type { RandomBytes } from './mac.js';
import type { SubnetConfig } from './subnet-config.js';
import type { IpRangeSet } from './ip-range-set.js';
import { AddressSpace } from './address-space.js';
import { cidrContains, familyName, formatCidr, formatIp } from './ip-address.js';
import { formatCidrBlock } from './subnet-config.js';
import { generateUniqueMac } from './mac.js';
import {
  AddressConflictError,
  AddressExcludedError,
  AddressOutOfRangeError,
  InvalidAddressError,
  MacConflictError,
  PoolExhaustedError,
  SubnetExhaustedError,
} from './errors.js';

/** What a key holds in one subnet. */
export interface AllocationRecord {
  readonly key: string;
  readonly owner: string;
  readonly addresses: ReadonlyMap<IpFamily, bigint>;
  readonly mac: string;
}

/** A request after the facade has parsed annotations and resolved pools. */
export interface PlanRequest {
  readonly key: string;
  /** Families to hold after the allocation (a family left out is released). */
  readonly families: readonly IpFamily[];
  /** Fixed addresses and the field they came from (`ip_address`, `ip_pool`, `v4IpAddress` …). */
  readonly statics: ReadonlyMap<IpFamily, { readonly address: bigint; readonly field: string }>;
  /** Named IPPool to allocate from and to which statics must belong. */
  readonly pool?: string;
  /** Normalized static MAC. */
  readonly mac?: string;
  readonly macField?: string;
  /** Restoring state at start-up: statics need only be usable and free; pools and excludes are not checked. */
  readonly restoring?: boolean;
}

export interface Plan {
  readonly addresses: ReadonlyMap<IpFamily, bigint>;
  readonly mac: string;
}

/** A held address that a subnet change left outside the subnet. */
export interface EvictedAddress {
  readonly key: string;
  readonly owner: string;
  readonly ip: string;
}

export interface SubnetStateOptions {
  readonly randomBytes: RandomBytes;
  /** Whether addresses in excludeIps may be assigned statically (Kube-OVN allows it). */
  readonly staticInExcludeIps: 'allow' | 'reject';
}

export class SubnetState {
  private readonly spaces = new Map<IpFamily, AddressSpace>();
  private readonly records = new Map<string, AllocationRecord>();
  private readonly macs = new Map<string, string>();
  private readonly pools = new Map<string, ReadonlyMap<IpFamily, IpRangeSet>>();
  private routerMacValue: string;

  constructor(
    private configValue: SubnetConfig,
    routerMac: string | undefined,
    private readonly options: SubnetStateOptions,
  ) {
    for (const [family, settings] of configValue.families) {
      this.spaces.set(family, new AddressSpace(family, settings.cidr, settings.gateway, settings.excluded));
    }
    this.routerMacValue = routerMac ?? this.generateMac();
  }

  get name(): string {
    return this.configValue.name;
  }

  get config(): SubnetConfig {
    return this.configValue;
  }

  get routerMac(): string {
    return this.routerMacValue;
  }

  space(family: IpFamily): AddressSpace | undefined {
    return this.spaces.get(family);
  }

  families(): IpFamily[] {
    return [...this.spaces.keys()].sort();
  }

  record(key: string): AllocationRecord | undefined {
    return this.records.get(key);
  }

  allRecords(): IterableIterator<AllocationRecord> {
    return this.records.values();
  }

  /** `pod default/web-1`, or the key itself when the owner was not described. */
  ownerLabel(key: string): string {
    return this.records.get(key)?.owner ?? key;
  }

  /** The key holding the MAC, or `router port of subnet X`. */
  macHolder(mac: string): string | undefined {
    if (mac === this.routerMacValue) return `router port of subnet ${this.name}`;
    const key = this.macs.get(mac);
    return key === undefined ? undefined : this.ownerLabel(key);
  }

  /**
   * Applies a changed subnet. Throws (changing nothing) when the new gateway or router MAC is held by an
   * allocation; otherwise returns the held addresses that now lie outside the subnet, which are dropped.
   */
  reconfigure(config: SubnetConfig, routerMac: string | undefined): EvictedAddress[] {
    for (const [family, settings] of config.families) {
      const holder = this.spaces.get(family)?.holder(settings.gateway);
      if (holder !== undefined) throw new AddressConflictError('gateway', formatIp(family, settings.gateway), this.ownerLabel(holder));
    }
    if (routerMac !== undefined && routerMac !== this.routerMacValue && this.macs.has(routerMac)) {
      throw new MacConflictError('routerMac', routerMac, this.ownerLabel(this.macs.get(routerMac)!));
    }
    const evicted: EvictedAddress[] = [];
    const evict = (family: IpFamily, address: bigint, key: string) => {
      evicted.push({ key, owner: this.ownerLabel(key), ip: formatIp(family, address) });
      const record = this.records.get(key);
      if (!record) return;
      const addresses = new Map(record.addresses);
      addresses.delete(family);
      this.records.set(key, { ...record, addresses });
    };
    for (const [family, space] of this.spaces) {
      const settings = config.families.get(family);
      if (!settings) {
        for (const [address, key] of [...space.holdings()]) evict(family, address, key);
        this.spaces.delete(family);
        continue;
      }
      for (const { address, key } of space.reconfigure(settings.cidr, settings.gateway, settings.excluded)) evict(family, address, key);
    }
    for (const [family, settings] of config.families) {
      if (this.spaces.has(family)) continue;
      const space = new AddressSpace(family, settings.cidr, settings.gateway, settings.excluded);
      for (const [name, ranges] of this.pools) space.setPool(name, ranges.get(family));
      this.spaces.set(family, space);
    }
    this.configValue = config;
    if (routerMac !== undefined) this.routerMacValue = routerMac;
    return evicted;
  }

  /** Sets (ranges per family) or removes (undefined) a named pool. Overlap is checked by the caller. */
  setPool(name: string, ranges: ReadonlyMap<IpFamily, IpRangeSet> | undefined): void {
    if (ranges) this.pools.set(name, ranges);
    else this.pools.delete(name);
    for (const [family, space] of this.spaces) space.setPool(name, ranges?.get(family));
  }

  poolRanges(): ReadonlyMap<string, ReadonlyMap<IpFamily, IpRangeSet>> {
    return this.pools;
  }

  /** Checks a request and chooses its addresses and MAC, without changing anything. */
  plan(request: PlanRequest): Plan {
    const existing = this.records.get(request.key);
    const addresses = new Map<IpFamily, bigint>();
    for (const family of request.families) {
      const space = this.spaces.get(family);
      if (!space) continue;
      const fixed = request.statics.get(family);
      if (fixed) {
        this.checkStatic(space, request, fixed.field, fixed.address);
        addresses.set(family, fixed.address);
        continue;
      }
      const held = existing?.addresses.get(family);
      if (held !== undefined && (request.pool === undefined || space.inPool(request.pool, held))) {
        addresses.set(family, held);
        continue;
      }
      if (request.restoring) continue;
      const next = space.nextFree(request.pool);
      if (next === undefined) {
        if (request.pool !== undefined) {
          throw new PoolExhaustedError('ip_pool', request.pool, `has no available ${familyName(family)} address in subnet ${this.name}`);
        }
        throw new SubnetExhaustedError(this.name, formatCidr(space.cidr));
      }
      addresses.set(family, next);
    }
    return { addresses, mac: this.planMac(request, existing) };
  }

  private checkStatic(space: AddressSpace, request: PlanRequest, field: string, address: bigint): void {
    const text = formatIp(space.family, address);
    if (!space.isUsable(address)) {
      const outside = !cidrContains(space.cidr, { family: space.family, value: address });
      throw new AddressOutOfRangeError(field, text, this.name, formatCidr(space.cidr), outside ? 'is not in' : 'is not a usable address of');
    }
    if (address === space.gateway) throw new AddressExcludedError(field, text, `gateway of subnet ${this.name}`);
    const holder = space.holder(address);
    if (holder !== undefined && holder !== request.key) throw new AddressConflictError(field, text, this.ownerLabel(holder));
    if (request.restoring) return;
    if (space.isExcluded(address) && this.options.staticInExcludeIps === 'reject') {
      throw new AddressExcludedError(field, text, `excludeIps of subnet ${this.name}`);
    }
    const pool = space.poolOf(address);
    if (pool !== undefined && pool !== request.pool) throw new AddressConflictError(field, text, `ippool ${pool}`, 'belongs to');
    if (request.pool !== undefined && pool === undefined) throw new InvalidAddressError(field, text, `is not in ippool ${request.pool}`);
  }

  private planMac(request: PlanRequest, existing: AllocationRecord | undefined): string {
    if (request.mac !== undefined) {
      const holder = request.mac === this.routerMacValue ? `router port of subnet ${this.name}` : this.macs.get(request.mac);
      if (holder !== undefined && holder !== request.key) {
        throw new MacConflictError(request.macField ?? 'mac_address', request.mac, this.macs.has(request.mac) ? this.ownerLabel(holder) : holder);
      }
      return request.mac;
    }
    return existing?.mac ?? this.generateMac();
  }

  private generateMac(): string {
    const mac = generateUniqueMac((candidate) => candidate === this.routerMacValue || this.macs.has(candidate), this.options.randomBytes);
    if (mac === undefined) throw new MacConflictError('mac_address', '(generated)', `every generated MAC in subnet ${this.name}`);
    return mac;
  }

  /** Applies a plan made by `plan` for key, releasing whatever the key held that the plan does not keep. */
  commit(key: string, owner: string, plan: Plan): AllocationRecord {
    const existing = this.records.get(key);
    for (const [family, space] of this.spaces) {
      const before = existing?.addresses.get(family);
      const after = plan.addresses.get(family);
      if (before === after) continue;
      if (before !== undefined) space.release(before);
      if (after !== undefined) space.hold(after, key);
    }
    if (existing && existing.mac !== plan.mac) this.macs.delete(existing.mac);
    this.macs.set(plan.mac, key);
    const record: AllocationRecord = { key, owner, addresses: plan.addresses, mac: plan.mac };
    this.records.set(key, record);
    return record;
  }

  /** Frees everything key holds here. Returns false when it held nothing. */
  release(key: string): boolean {
    const record = this.records.get(key);
    if (!record) return false;
    for (const [family, address] of record.addresses) this.spaces.get(family)?.release(address);
    this.macs.delete(record.mac);
    this.records.delete(key);
    return true;
  }

  /** The annotation-style description of the subnet for error messages: `ovn-default (10.16.0.0/16)`. */
  describe(): string {
    return `${this.name} (${formatCidrBlock(this.configValue)})`;
  }

  /** Whether an `ip_pool` list entry can be taken by key: all its addresses are free or already key's. */
  entryAvailableTo(entry: FamilyAddresses, key: string): boolean {
    return ([4, 6] as const).every((family) => {
      const address = family === 4 ? entry.v4 : entry.v6;
      if (address === undefined) return true;
      const holder = this.spaces.get(family)?.holder(address);
      return holder === undefined || holder === key;
    });
  }
}
