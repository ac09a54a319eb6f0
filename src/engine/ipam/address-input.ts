/**
 * Parsers for the address text users write: excludeIps and IPPool entries, the `ip_address`, `mac_address`
 * and `ip_pool` pod annotations. Each throws an InvalidAddressError naming the field and the value.
 */
import type { IpAddress, IpFamily } from './ip-address.js';
import { cidrLast, familyName, parseCidr, parseIp } from './ip-address.js';
import { InvalidAddressError } from './errors.js';

/** A parsed excludeIps / IPPool entry. */
export interface AddressEntry {
  readonly family: IpFamily;
  readonly start: bigint;
  readonly end: bigint;
}

function problemWith(text: string): string {
  return /[A-F]/.test(text) ? 'must be lowercase' : 'is not a valid IP address';
}

/** Parses one IP, naming the field on failure. */
export function parseIpOrThrow(field: string, text: string): IpAddress {
  const address = parseIp(text);
  if (!address) throw new InvalidAddressError(field, text, problemWith(text));
  return address;
}

/**
 * Parses `10.16.0.1`, `10.16.0.10..10.16.0.20` and, when `allowCidr`, `10.16.0.0/28` (IPPool `ips`).
 * Both ends of a range must be of one family and in order.
 */
export function parseAddressEntry(field: string, text: string, allowCidr: boolean): AddressEntry {
  const entry = text.trim();
  if (allowCidr && entry.includes('/')) {
    const cidr = parseCidr(entry);
    if (!cidr) throw new InvalidAddressError(field, text, /[A-F]/.test(entry) ? 'must be lowercase' : 'is not a valid CIDR');
    return { family: cidr.family, start: cidr.network, end: cidrLast(cidr) };
  }
  const parts = entry.split('..');
  if (parts.length > 2) throw new InvalidAddressError(field, text, 'is not a valid IP range (more than two parts)');
  const start = parseIp(parts[0]);
  const end = parts.length === 2 ? parseIp(parts[1]) : start;
  if (!start || !end) throw new InvalidAddressError(field, text, problemWith(entry));
  if (start.family !== end.family) throw new InvalidAddressError(field, text, 'mixes IPv4 and IPv6');
  if (start.value > end.value) throw new InvalidAddressError(field, text, 'is not a valid IP range (start after end)');
  return { family: start.family, start: start.value, end: end.value };
}

/** One address per family, as in the `ip_address` annotation or one dual-stack `ip_pool` entry. */
export interface FamilyAddresses {
  readonly v4?: bigint;
  readonly v6?: bigint;
}

/**
 * Parses `v4`, `v6` or `v4,v6` (each optionally with a prefix length, which is ignored). Two addresses of
 * one family are rejected.
 */
export function parseFamilyAddresses(field: string, text: string): FamilyAddresses {
  const items = text.split(',').map((item) => item.trim());
  if (items.length > 2 || items.some((item) => item === '')) {
    throw new InvalidAddressError(field, text, 'must be one IPv4 and/or one IPv6 address, comma separated');
  }
  const result: { v4?: bigint; v6?: bigint } = {};
  for (const item of items) {
    const address = parseIpOrThrow(field, item.split('/')[0]);
    const slot = address.family === 4 ? 'v4' : 'v6';
    if (result[slot] !== undefined) {
      throw new InvalidAddressError(field, text, `holds two ${familyName(address.family)} addresses`);
    }
    result[slot] = address.value;
  }
  return result;
}

/**
 * Splits an `ip_pool` IP list into entries: by `;` when present (`v4a,v6a;v4b,v6b`); otherwise a pair of one
 * IPv4 and one IPv6 address is a single dual-stack entry, and anything else is one address per `,` item.
 */
export function parseIpPoolList(field: string, text: string): FamilyAddresses[] {
  if (text.includes(';')) return text.split(';').map((group) => parseFamilyAddresses(field, group.trim()));
  const items = text.split(',').map((item) => item.trim());
  if (items.length === 2) {
    const [a, b] = items.map((item) => parseIpOrThrow(field, item));
    if (a.family !== b.family) return [parseFamilyAddresses(field, text)];
  }
  return items.map((item) => parseFamilyAddresses(field, item));
}

/** Whether text looks like an IP list rather than an IPPool name (a pool name has no `:`, `,` or `;`, and is not an IP). */
export function looksLikeIpList(text: string): boolean {
  return /[,;:]/.test(text) || parseIp(text.trim()) !== undefined;
}
