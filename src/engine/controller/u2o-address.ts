import type { Subnet } from '../cluster/kinds/kubeovn-types.js';
import type { Allocation, Ipam } from '../ipam/index.js';
import { IpamError } from '../ipam/index.js';
import { issue, type ValidationIssue } from './validation/validation-issue.js';
import { Reason } from './validation/reasons.js';

/** IPAM key and IP object name of a subnet's U2O address (Kube-OVN's `u2o-interconnection.<vpc>.<subnet>`). */
export function u2oKey(vpc: string, subnet: string): string {
  return `${U2O_KEY_PREFIX}${vpc}.${subnet}`;
}

export const U2O_KEY_PREFIX = 'u2o-interconnection.';

/** U2O is in effect on an underlay subnet whose gateway is the physical one (logicalGateway excludes it). */
export function wantsU2o(subnet: Subnet): boolean {
  const s = subnet.spec;
  return Boolean(s.vlan) && s.u2oInterconnection === true && s.logicalGateway !== true;
}

export interface U2oAddressResult {
  readonly allocation?: Allocation;
  /** U2O keys of this subnet that were released (U2O off, or the subnet moved to another VPC). */
  readonly released: readonly string[];
  readonly issues: readonly ValidationIssue[];
}

/**
 * Holds (or lets go of) the router's interconnect address on an underlay subnet with U2O. The address asked
 * for in `spec.u2oInterconnectionIP` wins; otherwise the one in status is kept, so a restarted controller or a
 * re-reconcile never moves it. Mutates IPAM only; the caller writes the IP object and status.
 */
export function reconcileU2oAddress(ipam: Ipam, subnet: Subnet, vpc: string): U2oAddressResult {
  const name = subnet.metadata.name;
  const want = wantsU2o(subnet) ? u2oKey(vpc, name) : undefined;
  const released: string[] = [];
  for (const a of ipam.allocations(name)) {
    if (a.key.startsWith(U2O_KEY_PREFIX) && a.key !== want) {
      ipam.release(a.key, name);
      released.push(a.key);
    }
  }
  if (!want) return { released, issues: [] };
  const requested = subnet.spec.u2oInterconnectionIP?.trim();
  const kept = subnet.status?.u2oInterconnectionIP?.trim();
  const tryAllocate = (ip: string | undefined) => ipam.allocate({ key: want, subnet: name, owner: `subnet ${name} (u2o interconnection)`, ...(ip ? { ip } : {}) });
  try {
    if (requested) return { allocation: tryAllocate(requested), released, issues: [] };
    try {
      return { allocation: tryAllocate(kept || undefined), released, issues: [] };
    } catch (err) {
      // The kept address fell outside an edited CIDR or was taken meanwhile: pick a fresh one.
      if (!(err instanceof IpamError) || !kept) throw err;
      return { allocation: tryAllocate(undefined), released, issues: [] };
    }
  } catch (err) {
    if (!(err instanceof IpamError)) throw err;
    const field = requested ? 'spec.u2oInterconnectionIP' : 'spec.u2oInterconnection';
    return { released, issues: [issue(field, requested || true, Reason.InvalidU2OInterconnectionIP, `no U2O interconnect address: ${err.message}`)] };
  }
}
