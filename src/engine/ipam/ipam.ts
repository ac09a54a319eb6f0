/**
 * kovn's IPAM: addresses and MACs for pods, nodes and router ports, per subnet, in memory. The controller
 * tells it the subnets and IPPools, restores it from the IP objects at start, and then allocates and
 * releases. Nothing here does I/O. Every rejection is an IpamError naming the field, value and conflicting
 * object (see errors.ts).
 */
import type { FamilyAddresses } from './address-input.js';
import type { IpFamily } from './ip-address.js';
import type { RandomBytes } from './mac.js';
import type { SubnetProtocol, SubnetSpec } from './subnet-config.js';
import type { AllocationRecord, EvictedAddress } from './subnet-state.js';
import type { FamilyUsage } from './address-space.js';
import { looksLikeIpList, parseAddressEntry, parseFamilyAddresses, parseIpOrThrow, parseIpPoolList } from './address-input.js';
import { cidrContains, familyName, formatIp } from './ip-address.js';
import { IpRangeSet } from './ip-range-set.js';
import { cryptoRandomBytes, parseMac } from './mac.js';
import { formatCidrBlock, formatGateways, parseSubnetSpec } from './subnet-config.js';
import { SubnetState } from './subnet-state.js';
import {
  AddressOutOfRangeError,
  InvalidAddressError,
  IpamError,
  PoolExhaustedError,
  PoolOverlapError,
  UnknownPoolError,
  UnknownSubnetError,
} from './errors.js';

export type { SubnetSpec, SubnetProtocol } from './subnet-config.js';
export type { EvictedAddress } from './subnet-state.js';

/** Options of an Ipam. */
export interface IpamOptions {
  /** Random source for MACs (default: node:crypto). Tests inject one to force collisions. */
  readonly randomBytes?: RandomBytes;
  /**
   * Whether `ip_address` may name an address listed in excludeIps. Kube-OVN allows it (excludeIps only keep
   * addresses out of dynamic allocation, so users reserve ranges for static use); default `allow`.
   */
  readonly staticInExcludeIps?: 'allow' | 'reject';
}

/** One allocation request, in the words of the pod annotations. */
export interface AllocationRequest {
  /**
   * Stable identity of the allocation within the subnet: the port name (`web-1.default`), `node-<node>`, or
   * for StatefulSet pods a key that survives re-creation (`web.1.default`). Allocating again under the same
   * key returns what the key holds.
   */
  readonly key: string;
  readonly subnet: string;
  /** Who holds it, for error messages: `pod default/web-1`, `node n1`. Default: the key. */
  readonly owner?: string;
  /** `ip_address` annotation: `v4`, `v6` or `v4,v6` (prefix lengths ignored). Families not given are allocated. */
  readonly ip?: string;
  /** `mac_address` annotation. Default: the key's current MAC, else a new locally administered one. */
  readonly mac?: string;
  /**
   * `ip_pool` annotation: the name of an IPPool of this subnet, or an IP list (`a,b,c`, or `v4a,v6a;v4b,v6b`
   * for dual stack). An IPPool of that name wins over reading the text as an IP. Ignored as a list when
   * `ip` is given.
   */
  readonly pool?: string;
  /** StatefulSet ordinal: with an `ip_pool` list, the pod takes the entry at this index. */
  readonly ordinal?: number;
  /** `ip_family` annotation: only this family from a dual-stack subnet. */
  readonly family?: 'ipv4' | 'ipv6';
}

/** What a key holds in a subnet. */
export interface Allocation {
  readonly key: string;
  readonly owner: string;
  readonly subnet: string;
  readonly v4?: string;
  readonly v6?: string;
  readonly mac: string;
  /** The `ip_address` annotation value: `v4`, `v6` or `v4,v6` (empty on a MAC-only subnet). */
  readonly ipAddress: string;
}

/** One allocation to restore at start, as read from an IP object (or a pod's annotations). */
export interface RestoreEntry {
  readonly key: string;
  readonly owner?: string;
  readonly subnet: string;
  readonly v4?: string;
  readonly v6?: string;
  readonly mac?: string;
}

/** Entries restore could not take, with why; Kube-OVN logs these and carries on, so does kovn. */
export interface RestoreResult {
  readonly restored: number;
  readonly rejected: readonly { readonly entry: RestoreEntry; readonly error: IpamError }[];
}

/** An IPPool's addressing fields. */
export interface IpPoolSpec {
  readonly name: string;
  readonly subnet: string;
  /** Single IPs, `a..b` ranges and CIDRs, of either family; all inside the subnet's CIDRs. */
  readonly ips: readonly string[];
}

/**
 * The Subnet (or IPPool) status numbers: counts as bigints (an IPv6 /64 does not fit a number exactly;
 * `Number()` them for the status, which Kube-OVN keeps as float64), ranges as `10.16.0.2-10.16.0.10,10.16.0.12`.
 * Using = addresses held; available = usable addresses minus excludeIps, the gateway and those held.
 */
export interface AddressUsage {
  readonly v4Using: bigint;
  readonly v4Available: bigint;
  readonly v4UsingRange: string;
  readonly v4AvailableRange: string;
  readonly v6Using: bigint;
  readonly v6Available: bigint;
  readonly v6UsingRange: string;
  readonly v6AvailableRange: string;
}

/** A subnet as IPAM understood it. */
export interface SubnetInfo {
  readonly name: string;
  readonly protocol: SubnetProtocol;
  /** Normalized: network addresses, v4 first. */
  readonly cidrBlock: string;
  /** `v4`, `v6` or `v4,v6`. */
  readonly gateway: string;
  /** Normalized excludeIps within the CIDRs, merged and sorted, gateway included, `a..b` for ranges. */
  readonly excludeIps: readonly string[];
  /** The router port's MAC, never handed to anyone else. */
  readonly routerMac: string;
}

interface PoolRecord {
  readonly subnet: string;
}

export class Ipam {
  private readonly subnets = new Map<string, SubnetState>();
  private readonly pools = new Map<string, PoolRecord>();
  private readonly randomBytes: RandomBytes;
  private readonly staticInExcludeIps: 'allow' | 'reject';

  constructor(options: IpamOptions = {}) {
    this.randomBytes = options.randomBytes ?? cryptoRandomBytes;
    this.staticInExcludeIps = options.staticInExcludeIps ?? 'allow';
  }

  /**
   * Adds a subnet or applies a change to it. A changed CIDR keeps allocations inside it and drops (and
   * returns) held addresses now outside it; the keys keep their MACs and other family, and the next
   * `allocate` for them picks a new address. Throws, changing nothing, on invalid fields or when the new
   * gateway or routerMac is held by someone.
   */
  addOrUpdateSubnet(spec: SubnetSpec): { evicted: EvictedAddress[] } {
    const config = parseSubnetSpec(spec);
    const routerMac = spec.routerMac ? parseMac('routerMac', spec.routerMac) : undefined;
    const existing = this.subnets.get(spec.name);
    if (existing) return { evicted: existing.reconfigure(config, routerMac) };
    this.subnets.set(spec.name, new SubnetState(config, routerMac, { randomBytes: this.randomBytes, staticInExcludeIps: this.staticInExcludeIps }));
    return { evicted: [] };
  }

  /** Forgets a subnet, its allocations and its IPPools. */
  removeSubnet(name: string): void {
    this.subnets.delete(name);
    for (const [pool, record] of this.pools) if (record.subnet === name) this.pools.delete(pool);
  }

  /** The subnet as IPAM understood it, or undefined. */
  subnet(name: string): SubnetInfo | undefined {
    const state = this.subnets.get(name);
    if (!state) return undefined;
    const excludeIps = state.families().flatMap((family) =>
      state.space(family)!.excludedSet.toRanges().map((range) =>
        range.start === range.end ? formatIp(family, range.start) : `${formatIp(family, range.start)}..${formatIp(family, range.end)}`,
      ),
    );
    return {
      name,
      protocol: state.config.protocol,
      cidrBlock: formatCidrBlock(state.config),
      gateway: formatGateways(state.config),
      excludeIps,
      routerMac: state.routerMac,
    };
  }

  /**
   * Adds an IPPool or changes its addresses. Its addresses are then handed out only to requests that name
   * it. Throws on entries that are invalid or outside the subnet, and on overlap with another pool of the
   * subnet (PoolOverlapError names both).
   */
  addOrUpdatePool(spec: IpPoolSpec): void {
    const state = this.subnetOrThrow(spec.subnet);
    const previous = this.pools.get(spec.name);
    if (previous && previous.subnet !== spec.subnet) {
      throw new InvalidAddressError('subnet', spec.subnet, `cannot change: ippool ${spec.name} belongs to subnet ${previous.subnet}`);
    }
    if (spec.ips.length === 0) throw new InvalidAddressError('ips', '', `of ippool ${spec.name} must not be empty`);
    const ranges = new Map<IpFamily, IpRangeSet>([
      [4, new IpRangeSet()],
      [6, new IpRangeSet()],
    ]);
    spec.ips.forEach((text, index) => {
      const field = `ips[${index}]`;
      const entry = parseAddressEntry(field, text, true);
      const cidr = state.space(entry.family)?.cidr;
      const inside =
        cidr !== undefined &&
        cidrContains(cidr, { family: entry.family, value: entry.start }) &&
        cidrContains(cidr, { family: entry.family, value: entry.end });
      if (!inside) throw new AddressOutOfRangeError(field, text, spec.subnet, formatCidrBlock(state.config));
      ranges.get(entry.family)!.add(entry.start, entry.end);
    });
    for (const [other, otherRanges] of state.poolRanges()) {
      if (other === spec.name) continue;
      const overlap = ([4, 6] as const)
        .map((family) => ranges.get(family)!.intersect(otherRanges.get(family) ?? new IpRangeSet()).format(family))
        .filter((text) => text !== '')
        .join(',');
      if (overlap !== '') throw new PoolOverlapError(spec.name, other, overlap);
    }
    state.setPool(spec.name, ranges);
    this.pools.set(spec.name, { subnet: spec.subnet });
  }

  /** Removes an IPPool; its addresses return to the subnet's default pool (allocations are kept). */
  removePool(name: string): void {
    const record = this.pools.get(name);
    if (!record) return;
    this.subnets.get(record.subnet)?.setPool(name, undefined);
    this.pools.delete(name);
  }

  /**
   * Gives key its addresses (one per family of the subnet, or the `ip_family` one) and a MAC. Idempotent:
   * while the key holds an allocation that satisfies the request, the same one comes back. A request that
   * asks for something else (another static IP, MAC or pool) moves the key, freeing what it held, only
   * once the whole new request has been checked.
   * @throws IpamError subclasses: UnknownSubnetError, InvalidAddressError, AddressOutOfRangeError,
   *   AddressExcludedError, AddressConflictError, MacConflictError, UnknownPoolError, PoolExhaustedError,
   *   SubnetExhaustedError.
   */
  allocate(request: AllocationRequest): Allocation {
    const state = this.subnetOrThrow(request.subnet);
    const families = this.requestedFamilies(state, request);
    const statics = new Map<IpFamily, { address: bigint; field: string }>();
    if (request.ip !== undefined && request.ip.trim() !== '') {
      this.addStatics(state, statics, families, 'ip_address', request.ip, parseFamilyAddresses('ip_address', request.ip));
    }
    let pool: string | undefined;
    const poolText = request.pool?.trim() ?? '';
    if (poolText !== '') {
      const named = this.pools.get(poolText);
      if (named) {
        if (named.subnet !== request.subnet) throw new UnknownPoolError(poolText, `belongs to subnet ${named.subnet}, not ${request.subnet}`);
        pool = poolText;
      } else if (!looksLikeIpList(poolText)) {
        throw new UnknownPoolError(poolText);
      } else if (statics.size === 0) {
        const entry = this.chooseListEntry(state, request, poolText);
        this.addStatics(state, statics, families, 'ip_pool', poolText, entry);
      }
    }
    const mac = request.mac !== undefined && request.mac.trim() !== '' ? parseMac('mac_address', request.mac) : undefined;
    const plan = state.plan({ key: request.key, families, statics, pool, mac });
    const owner = request.owner ?? state.record(request.key)?.owner ?? request.key;
    return toAllocation(state.name, state.commit(request.key, owner, plan));
  }

  private requestedFamilies(state: SubnetState, request: AllocationRequest): IpFamily[] {
    if (request.family === undefined) return state.families();
    if (request.family !== 'ipv4' && request.family !== 'ipv6') {
      throw new InvalidAddressError('ip_family', String(request.family), 'must be ipv4 or ipv6');
    }
    const family: IpFamily = request.family === 'ipv4' ? 4 : 6;
    if (!state.space(family)) throw new InvalidAddressError('ip_family', request.family, `does not match subnet ${state.describe()}`);
    return [family];
  }

  private addStatics(
    state: SubnetState,
    statics: Map<IpFamily, { address: bigint; field: string }>,
    families: readonly IpFamily[],
    field: string,
    text: string,
    addresses: FamilyAddresses,
  ): void {
    for (const [family, address] of [[4, addresses.v4], [6, addresses.v6]] as const) {
      if (address === undefined) continue;
      if (!state.space(family)) throw new AddressOutOfRangeError(field, formatIp(family, address), state.name, formatCidrBlock(state.config) || 'no CIDR');
      if (!families.includes(family)) {
        // A dual-stack ip_pool entry serves an ip_family request with the family asked for.
        if (field === 'ip_pool') continue;
        throw new InvalidAddressError(field, text, `holds an ${familyName(family)} address but ip_family asks for the other family`);
      }
      statics.set(family, { address, field });
    }
  }

  private chooseListEntry(state: SubnetState, request: AllocationRequest, text: string): FamilyAddresses {
    const entries = parseIpPoolList('ip_pool', text);
    if (request.ordinal !== undefined) {
      const entry = entries[request.ordinal];
      if (!entry) throw new PoolExhaustedError('ip_pool', text, `has no entry for ordinal ${request.ordinal} (it has ${entries.length})`);
      return entry;
    }
    const held = state.record(request.key);
    const heldAlready = held && entries.find((entry) => ([4, 6] as const).every((family) => {
      const address = family === 4 ? entry.v4 : entry.v6;
      return address === undefined || held.addresses.get(family) === address;
    }));
    const entry = heldAlready || entries.find((candidate) => state.entryAvailableTo(candidate, request.key));
    if (!entry) throw new PoolExhaustedError('ip_pool', text, 'has no entry that another owner does not already hold');
    return entry;
  }

  /** Frees what key holds in the subnet (in every subnet when none is given). Returns whether it held anything. */
  release(key: string, subnet?: string): boolean {
    if (subnet !== undefined) return this.subnets.get(subnet)?.release(key) ?? false;
    let released = false;
    for (const state of this.subnets.values()) released = state.release(key) || released;
    return released;
  }

  /**
   * Rebuilds allocations at start from IP objects. Subnets and IPPools come first. Each entry is taken
   * as-is when its addresses are usable addresses of the subnet (not its gateway) and its addresses and MAC
   * are free; excludeIps and pools are not checked (the entry was valid when made). Entries without a MAC
   * get a new one. Rejected entries are returned, not thrown.
   */
  restore(entries: readonly RestoreEntry[]): RestoreResult {
    let restored = 0;
    const rejected: { entry: RestoreEntry; error: IpamError }[] = [];
    for (const entry of entries) {
      try {
        this.restoreOne(entry);
        restored++;
      } catch (error) {
        if (!(error instanceof IpamError)) throw error;
        rejected.push({ entry, error });
      }
    }
    return { restored, rejected };
  }

  private restoreOne(entry: RestoreEntry): void {
    const state = this.subnetOrThrow(entry.subnet);
    const statics = new Map<IpFamily, { address: bigint; field: string }>();
    for (const [family, field, text] of [[4, 'v4IpAddress', entry.v4], [6, 'v6IpAddress', entry.v6]] as const) {
      if (text === undefined || text === '') continue;
      const address = parseIpOrThrow(field, text);
      if (address.family !== family) throw new InvalidAddressError(field, text, `is not an ${familyName(family)} address`);
      if (!state.space(family)) throw new AddressOutOfRangeError(field, text, state.name, formatCidrBlock(state.config) || 'no CIDR');
      statics.set(family, { address: address.value, field });
    }
    const mac = entry.mac ? parseMac('macAddress', entry.mac) : undefined;
    const plan = state.plan({ key: entry.key, families: [...statics.keys()], statics, mac, macField: 'macAddress', restoring: true });
    state.commit(entry.key, entry.owner ?? entry.key, plan);
  }

  /** What key holds in the subnet. */
  allocation(key: string, subnet: string): Allocation | undefined {
    const record = this.subnets.get(subnet)?.record(key);
    return record && toAllocation(subnet, record);
  }

  /** Every allocation (of one subnet, or all); the same shape `restore` takes. */
  allocations(subnet?: string): Allocation[] {
    const states = subnet === undefined ? [...this.subnets.values()] : [this.subnetOrThrow(subnet)];
    return states.flatMap((state) => [...state.allRecords()].map((record) => toAllocation(state.name, record)));
  }

  /** The key holding ip in the subnet, if any. */
  owner(subnet: string, ip: string): string | undefined {
    const state = this.subnetOrThrow(subnet);
    const address = parseIpOrThrow('ip', ip);
    return state.space(address.family)?.holder(address.value);
  }

  /** Whether someone holds ip in the subnet. */
  isAllocated(subnet: string, ip: string): boolean {
    return this.owner(subnet, ip) !== undefined;
  }

  /** The key holding mac in the subnet, `router port of subnet X` for the router MAC, or undefined. */
  macOwner(subnet: string, mac: string): string | undefined {
    return this.subnetOrThrow(subnet).macHolder(parseMac('mac', mac));
  }

  /** The subnet's status numbers. */
  usage(subnet: string): AddressUsage {
    const state = this.subnetOrThrow(subnet);
    return toUsage((family) => state.space(family)?.usage());
  }

  /** The IPPool's status numbers (its addresses minus excludeIps and the gateway). */
  poolUsage(pool: string): AddressUsage {
    const record = this.pools.get(pool);
    if (!record) throw new UnknownPoolError(pool, 'is not an IPPool');
    const state = this.subnetOrThrow(record.subnet);
    return toUsage((family) => state.space(family)?.usage(pool));
  }

  private subnetOrThrow(name: string): SubnetState {
    const state = this.subnets.get(name);
    if (!state) throw new UnknownSubnetError(name);
    return state;
  }
}

function toAllocation(subnet: string, record: AllocationRecord): Allocation {
  const v4 = record.addresses.get(4);
  const v6 = record.addresses.get(6);
  const v4Text = v4 === undefined ? undefined : formatIp(4, v4);
  const v6Text = v6 === undefined ? undefined : formatIp(6, v6);
  return {
    key: record.key,
    owner: record.owner,
    subnet,
    ...(v4Text !== undefined && { v4: v4Text }),
    ...(v6Text !== undefined && { v6: v6Text }),
    mac: record.mac,
    ipAddress: [v4Text, v6Text].filter((text) => text !== undefined).join(','),
  };
}

function toUsage(usageOf: (family: IpFamily) => FamilyUsage | undefined): AddressUsage {
  const v4 = usageOf(4);
  const v6 = usageOf(6);
  return {
    v4Using: v4?.using ?? 0n,
    v4Available: v4?.available ?? 0n,
    v4UsingRange: v4?.usingRange ?? '',
    v4AvailableRange: v4?.availableRange ?? '',
    v6Using: v6?.using ?? 0n,
    v6Available: v6?.available ?? 0n,
    v6UsingRange: v6?.usingRange ?? '',
    v6AvailableRange: v6?.availableRange ?? '',
  };
}
