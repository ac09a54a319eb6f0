/**
 * Reading the address text users write (IPs, CIDRs, `a..b` ranges, comma lists) into values, or into a short
 * problem phrase that a rule turns into an issue naming its own field. Built on the IPAM parsers.
 */
import type { Cidr, IpAddress, IpFamily } from '../../ipam/ip-address.js';
import { cidrLast, familyBits, parseCidr, parseIp } from '../../ipam/ip-address.js';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function bad<T>(problem: string): Parsed<T> {
  return { ok: false, problem };
}

/** Kube-OVN rejects uppercase IPv6 so that addresses compare as strings; say so rather than "invalid". */
function isOnlyUppercase(text: string, parse: (t: string) => unknown): boolean {
  return /[A-F]/.test(text) && parse(text.toLowerCase()) !== undefined;
}

/** One IP address (no prefix). */
export function readIp(text: string): Parsed<IpAddress> {
  const address = parseIp(text);
  if (address) return ok(address);
  return bad(isOnlyUppercase(text, parseIp) ? 'must be lowercase' : 'is not a valid IP address');
}

/** One CIDR (`10.0.0.0/24`; host bits allowed and cleared). */
export function readCidr(text: string): Parsed<Cidr> {
  const cidr = parseCidr(text);
  if (cidr) return ok(cidr);
  return bad(isOnlyUppercase(text, parseCidr) ? 'must be lowercase' : 'is not a valid CIDR');
}

/** A CIDR, or a bare IP read as a host route (/32, /128). */
export function readCidrOrIp(text: string): Parsed<Cidr> {
  if (text.includes('/')) return readCidr(text);
  const address = readIp(text);
  if (!address.ok) return bad(`${address.problem.replace('IP address', 'IP address or CIDR')}`);
  return ok({ family: address.value.family, network: address.value.value, prefix: familyBits(address.value.family) });
}

/** An inclusive span of addresses of one family. */
export interface AddressSpan {
  readonly family: IpFamily;
  readonly start: bigint;
  readonly end: bigint;
}

/** `10.0.0.1` or `10.0.0.1..10.0.0.9`; with `allowCidr`, also `10.0.0.0/28` (IPPool entries). */
export function readSpan(text: string, allowCidr: boolean): Parsed<AddressSpan> {
  const entry = text.trim();
  if (allowCidr && entry.includes('/')) {
    const cidr = readCidr(entry);
    if (!cidr.ok) return bad(cidr.problem);
    return ok({ family: cidr.value.family, start: cidr.value.network, end: cidrLast(cidr.value) });
  }
  const parts = entry.split('..');
  if (parts.length > 2) return bad('is not a valid IP range (more than two parts)');
  const start = readIp(parts[0]);
  if (!start.ok) return bad(start.problem);
  const end = parts.length === 2 ? readIp(parts[1]) : start;
  if (!end.ok) return bad(end.problem);
  if (start.value.family !== end.value.family) return bad('mixes IPv4 and IPv6');
  if (start.value.value > end.value.value) return bad('is not a valid IP range (start after end)');
  return ok({ family: start.value.family, start: start.value.value, end: end.value.value });
}

/** Whether the span lies wholly inside the CIDR. */
export function cidrHoldsSpan(cidr: Cidr, span: AddressSpan): boolean {
  return span.family === cidr.family && span.start >= cidr.network && span.end <= cidrLast(cidr);
}

/** Whether two CIDRs share an address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.network <= cidrLast(b) && b.network <= cidrLast(a);
}

/** Items of a comma list, trimmed; empty text is an empty list. */
export function splitList(text: string | undefined, separator = ','): string[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(separator).map((item) => item.trim());
}

/**
 * A subnet's `cidrBlock`: one CIDR, or one IPv4 and one IPv6 CIDR. Returned in v4-then-v6 order. Host masks
 * (/32, /128) are refused: such a subnet has no address for pods.
 */
export function readCidrBlock(text: string): Parsed<Cidr[]> {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) return bad('has an empty entry (stray comma?)');
  if (items.length > 2) return bad('must be one CIDR, or one IPv4 and one IPv6 CIDR');
  const cidrs: Cidr[] = [];
  for (const item of items) {
    const cidr = readCidr(item);
    if (!cidr.ok) return bad(items.length > 1 ? `entry "${item}" ${cidr.problem}` : cidr.problem);
    if (cidr.value.prefix === familyBits(cidr.value.family)) return bad(`entry "${item}" has a host mask; a subnet needs room for addresses`);
    if (cidrs.some((other) => other.family === cidr.value.family)) return bad('holds two CIDRs of one family');
    cidrs.push(cidr.value);
  }
  return ok(cidrs.sort((a, b) => a.family - b.family));
}

/** The CIDR of the family, if the block has one. */
export function cidrOfFamily(cidrs: readonly Cidr[], family: IpFamily): Cidr | undefined {
  return cidrs.find((cidr) => cidr.family === family);
}
