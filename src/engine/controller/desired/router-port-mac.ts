import { createHash } from 'node:crypto';

/**
 * The MAC of a router port, derived from its name so every controller (and every restart) computes the same
 * one without storing it: six bytes of a hash with the locally-administered bit set and the multicast bit clear.
 */
export function routerPortMac(portName: string): string {
  const bytes = createHash('sha256').update(`kovn-lrp:${portName}`).digest().subarray(0, 6);
  bytes[0] = (bytes[0] | 0x02) & 0xfe;
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}
