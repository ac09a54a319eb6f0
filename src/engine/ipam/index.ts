/** kovn IPAM: the surface the controller uses. See ipam.ts for the Ipam class and errors.ts for the errors. */
export { Ipam } from './ipam.js';
export type {
  AddressUsage,
  Allocation,
  AllocationRequest,
  EvictedAddress,
  IpamOptions,
  IpPoolSpec,
  RestoreEntry,
  RestoreResult,
  SubnetInfo,
  SubnetProtocol,
  SubnetSpec,
} from './ipam.js';
export {
  AddressConflictError,
  AddressExcludedError,
  AddressOutOfRangeError,
  InvalidAddressError,
  IpamError,
  MacConflictError,
  PoolExhaustedError,
  PoolOverlapError,
  SubnetExhaustedError,
  UnknownPoolError,
  UnknownSubnetError,
} from './errors.js';
export type { IpamErrorReason } from './errors.js';
export type { RandomBytes } from './mac.js';
