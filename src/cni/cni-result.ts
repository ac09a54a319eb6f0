import { versionAtLeast } from './cni-invocation.js';
import type { CniResultBody } from './protocol.js';

/**
 * The result JSON in the version the runtime asked for: 1.x as is; 0.3.x/0.4.0 also carry `version` per IP
 * ("4"/"6"), which 1.0.0 dropped.
 */
export function formatResult(cniVersion: string, body: CniResultBody): Record<string, unknown> {
  if (versionAtLeast(cniVersion, '1.0.0')) return { cniVersion, ...body };
  return {
    cniVersion,
    ...body,
    ips: body.ips.map((ip) => ({ version: ip.address.includes(':') ? '6' : '4', ...ip })),
  };
}
