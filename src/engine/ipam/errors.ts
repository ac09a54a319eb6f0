/**
 * The errors IPAM throws. Each names the rejected field, its value and, where there is one, the object it
 * conflicts with, so the controller can put the message on a status condition or a pod event unchanged.
 * `reason` is the Kube-OVN event/condition reason the error corresponds to.
 */

/** Kube-OVN reasons an IPAM failure maps onto. */
export type IpamErrorReason =
  | 'AddressConflict'
  | 'AddressOutOfRange'
  | 'NoAvailableAddress'
  | 'InvalidAddress'
  | 'UnknownSubnet'
  | 'UnknownPool'
  | 'PoolConflict';

/** Base of every IPAM error. */
export abstract class IpamError extends Error {
  abstract readonly reason: IpamErrorReason;
  constructor(
    /** The input that was rejected, e.g. `ip_address`, `mac_address`, `excludeIps[2]`, `ips[0]`. */
    readonly field: string,
    /** The rejected value as given. */
    readonly value: string,
    message: string,
    /** The object the value collides with, e.g. `pod default/web-1`, `ippool pool-a`. */
    readonly conflictsWith?: string,
  ) {
    super(message);
  }
}

/** A value that is not a valid IP, CIDR, range, MAC or request (syntax, family, duplicates). */
export class InvalidAddressError extends IpamError {
  override readonly name = 'InvalidAddressError';
  readonly reason = 'InvalidAddress';
  constructor(field: string, value: string, problem: string) {
    super(field, value, `${field} ${JSON.stringify(value)} ${problem}`);
  }
}

/** An address another owner already holds. */
export class AddressConflictError extends IpamError {
  override readonly name = 'AddressConflictError';
  readonly reason = 'AddressConflict';
  constructor(field: string, value: string, conflictsWith: string, detail = 'is already used by') {
    super(field, value, `${field} ${value} ${detail} ${conflictsWith}`, conflictsWith);
  }
}

/** A MAC another owner (or the subnet's router port) already holds. */
export class MacConflictError extends IpamError {
  override readonly name = 'MacConflictError';
  readonly reason = 'AddressConflict';
  constructor(field: string, value: string, conflictsWith: string) {
    super(field, value, `${field} ${value} is already used by ${conflictsWith}`, conflictsWith);
  }
}

/** An address outside the subnet's CIDR, or not a usable host address of it. */
export class AddressOutOfRangeError extends IpamError {
  override readonly name = 'AddressOutOfRangeError';
  readonly reason = 'AddressOutOfRange';
  constructor(field: string, value: string, subnet: string, cidr: string, detail = 'is not in') {
    super(field, value, `${field} ${value} ${detail} subnet ${subnet} (${cidr})`, `subnet ${subnet}`);
  }
}

/** An address the subnet keeps for itself (its gateway) or, where configured, lists in excludeIps. */
export class AddressExcludedError extends IpamError {
  override readonly name = 'AddressExcludedError';
  readonly reason = 'AddressConflict';
  constructor(field: string, value: string, conflictsWith: string) {
    super(field, value, `${field} ${value} is reserved as ${conflictsWith}`, conflictsWith);
  }
}

/** No never-used nor released address is left in the subnet for the requested family. */
export class SubnetExhaustedError extends IpamError {
  override readonly name = 'SubnetExhaustedError';
  readonly reason = 'NoAvailableAddress';
  constructor(subnet: string, cidr: string) {
    super('subnet', subnet, `subnet ${subnet} (${cidr}) has no available address`, `subnet ${subnet}`);
  }
}

/** The requested pool (IPPool object or ip_pool list) has nothing left for this request. */
export class PoolExhaustedError extends IpamError {
  override readonly name = 'PoolExhaustedError';
  readonly reason = 'NoAvailableAddress';
  constructor(field: string, value: string, detail: string) {
    super(field, value, `${field} ${value} ${detail}`);
  }
}

/** Two IPPools of one subnet share addresses. */
export class PoolOverlapError extends IpamError {
  override readonly name = 'PoolOverlapError';
  readonly reason = 'PoolConflict';
  constructor(pool: string, otherPool: string, overlap: string) {
    super('ips', overlap, `ippool ${pool} has conflict IPs with ippool ${otherPool}: ${overlap}`, `ippool ${otherPool}`);
  }
}

/** A subnet IPAM has not been told about. */
export class UnknownSubnetError extends IpamError {
  override readonly name = 'UnknownSubnetError';
  readonly reason = 'UnknownSubnet';
  constructor(subnet: string, field = 'subnet') {
    super(field, subnet, `${field} ${subnet}: no such subnet`);
  }
}

/** An IPPool IPAM has not been told about (or one of another subnet). */
export class UnknownPoolError extends IpamError {
  override readonly name = 'UnknownPoolError';
  readonly reason = 'UnknownPool';
  constructor(pool: string, detail = 'is neither an IPPool nor a list of IPs') {
    super('ip_pool', pool, `ip_pool ${pool} ${detail}`);
  }
}
