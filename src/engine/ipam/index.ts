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

// Parsers for validating user input before allocation (webhook-style checks in the controller and actions).
export { parseCidr, parseIp, formatCidr, formatIp } from './ip-address.js';
export type { Cidr, IpAddress, IpFamily } from './ip-address.js';
export { parseAddressEntry, parseFamilyAddresses, parseIpPoolList } from './address-input.js';
export type { AddressEntry, FamilyAddresses } from './address-input.js';
export { parseMac } from './mac.js';
export { parseSubnetSpec } from './subnet-config.js';
export type { SubnetConfig } from './subnet-config.js';
