/** MAC addresses: parsing user input and generating locally administered unicast addresses. */
import { randomFillSync } from 'node:crypto';
import { InvalidAddressError } from './errors.js';

/** Source of random bytes; injectable so tests can force collisions. */
export type RandomBytes = (length: number) => Uint8Array;

// One crypto call per 4 KiB rather than per MAC: randomFillSync dominated allocation time in a /16.
const randomPool = new Uint8Array(4096);
let randomPoolOffset = randomPool.length;

export const cryptoRandomBytes: RandomBytes = (length) => {
  if (length > randomPool.length) return randomFillSync(new Uint8Array(length));
  if (randomPoolOffset + length > randomPool.length) {
    randomFillSync(randomPool);
    randomPoolOffset = 0;
  }
  randomPoolOffset += length;
  return randomPool.slice(randomPoolOffset - length, randomPoolOffset);
};

const macPattern = /^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2}){4}$/;

/**
 * Normalizes a MAC given by a user (`02:AB:…` or `02-ab-…`) to lowercase colon form. Rejects malformed,
 * multicast (including broadcast) and all-zero addresses, which cannot be a port's address.
 */
export function parseMac(field: string, text: string): string {
  const trimmed = text.trim();
  if (!macPattern.test(trimmed)) throw new InvalidAddressError(field, text, 'is not a valid MAC address');
  const mac = trimmed.toLowerCase().replaceAll('-', ':');
  if (parseInt(mac.slice(0, 2), 16) & 1) throw new InvalidAddressError(field, text, 'is a multicast MAC address');
  if (mac === '00:00:00:00:00:00') throw new InvalidAddressError(field, text, 'is the all-zero MAC address');
  return mac;
}

/** A random MAC with the locally-administered bit set and the multicast bit cleared. */
export function randomMac(randomBytes: RandomBytes = cryptoRandomBytes): string {
  const bytes = randomBytes(6);
  const octets = Array.from({ length: 6 }, (_, i) => bytes[i] ?? 0);
  octets[0] = (octets[0] | 0x02) & 0xfe;
  return octets.map((octet) => octet.toString(16).padStart(2, '0')).join(':');
}

/**
 * A random MAC for which `isTaken` is false. Gives up (undefined) after `attempts` collisions, which with
 * 46 random bits means the random source is broken rather than the subnet full.
 */
export function generateUniqueMac(
  isTaken: (mac: string) => boolean,
  randomBytes: RandomBytes = cryptoRandomBytes,
  attempts = 1000,
): string | undefined {
  for (let i = 0; i < attempts; i++) {
    const mac = randomMac(randomBytes);
    if (!isTaken(mac)) return mac;
  }
  return undefined;
}
