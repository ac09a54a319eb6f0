import type { OvnEip } from '../cluster/kinds/kubeovn-types.js';
import { IpamError } from '../ipam/index.js';
import type { ControllerContext } from './controller-context.js';
import type { AppliedEip } from './ovn-nat-state.js';
import { eipIpamKey } from './ovn-nat-state.js';
import { NatReason } from './validation/ovn-nat-rules.js';
import type { ValidationIssue } from './validation/validation-issue.js';
import { issue } from './validation/validation-issue.js';

/** The first of v4Ip, macAddress, type that differs from what the EIP holds (empty fields ask for nothing). */
function changedField(spec: OvnEip['spec'], held: AppliedEip): { field: string; value: string; held: string } | undefined {
  const v4 = spec.v4Ip?.trim();
  if (v4 && v4 !== held.v4) return { field: 'spec.v4Ip', value: v4, held: held.v4 };
  const mac = spec.macAddress?.trim().toLowerCase();
  if (mac && mac !== held.mac) return { field: 'spec.macAddress', value: spec.macAddress!, held: held.mac };
  const type = spec.type === 'lrp' ? 'lrp' : 'nat';
  if (type !== held.type) return { field: 'spec.type', value: spec.type ?? '', held: `type ${held.type}` };
  return undefined;
}

export interface EipEvaluation {
  readonly applied?: AppliedEip;
  readonly issues: readonly ValidationIssue[];
}

/**
 * Checks an OvnEip and holds its address in IPAM (the one asked for in spec, else the one in status, so a
 * restart or a re-reconcile never moves it). Mutates IPAM only.
 */
export function evaluateOvnEip(ctx: ControllerContext, eip: OvnEip): EipEvaluation {
  const name = eip.metadata.name;
  const spec = eip.spec ?? {};
  const type = spec.type ?? '';
  if (type !== '' && type !== 'nat' && type !== 'lrp') {
    return { issues: [issue('spec.type', type, NatReason.InvalidOvnEipType, 'must be nat or lrp; kovn has no node-side (lsp) ECMP/BFD next hops')] };
  }
  if (spec.v6Ip?.trim()) return { issues: [issue('spec.v6Ip', spec.v6Ip, NatReason.IPv6NatNotSupported, 'IPv6 EIPs are not supported by kovn yet')] };
  const subnet = spec.externalSubnet?.trim() || ctx.config.externalGatewaySwitch;
  const applied = ctx.appliedSubnets.get(subnet);
  const info = applied?.info;
  if (!info || !info.cidrBlock.split(',').some((c) => c !== '' && !c.includes(':'))) {
    const text = info ? 'has no IPv4 CIDR' : `no accepted Subnet "${subnet}" exists`;
    return { issues: [issue('spec.externalSubnet', subnet, NatReason.ExternalSubnetNotFound, text, `Subnet/${subnet}`)] };
  }
  if (!applied.underlay) {
    const text = 'is an overlay subnet: an EIP comes from an underlay (spec.vlan) subnet that reaches the external network';
    return { issues: [issue('spec.externalSubnet', subnet, NatReason.ExternalSubnetNotUnderlay, text, `Subnet/${subnet}`)] };
  }
  const previous = ctx.ovnNat.eips.get(name);
  if (previous && previous.subnet !== subnet) {
    return { issues: [issue('spec.externalSubnet', subnet, NatReason.SpecImmutable, `does not support change (the EIP holds ${previous.v4} from "${previous.subnet}"); delete and re-create the OvnEip`)] };
  }
  const changed = previous ? changedField(spec, previous) : undefined;
  if (changed) {
    return { issues: [issue(changed.field, changed.value, NatReason.SpecImmutable, `does not support change (the EIP holds ${changed.held}); delete and re-create the OvnEip`)] };
  }
  const requested = spec.v4Ip?.trim() || previous?.v4 || eip.status?.v4Ip?.trim() || undefined;
  const mac = spec.macAddress?.trim() || previous?.mac || eip.status?.macAddress?.trim() || undefined;
  const allocate = (ip: string | undefined) =>
    ctx.ipam.allocate({ key: eipIpamKey(name), subnet, owner: `OvnEip ${name}`, family: 'ipv4', ...(ip ? { ip } : {}), ...(mac ? { mac } : {}) });
  try {
    let allocation;
    try {
      allocation = allocate(requested);
    } catch (err) {
      // An address kept only in status may have left an edited CIDR: take a fresh one rather than fail.
      if (!(err instanceof IpamError) || spec.v4Ip?.trim() || !requested) throw err;
      allocation = allocate(undefined);
    }
    return { applied: { name, subnet, v4: allocation.v4!, mac: allocation.mac, type: type === 'lrp' ? 'lrp' : 'nat' }, issues: [] };
  } catch (err) {
    if (!(err instanceof IpamError)) throw err;
    const field = spec.v4Ip?.trim() ? 'spec.v4Ip' : spec.macAddress?.trim() ? 'spec.macAddress' : 'spec.externalSubnet';
    const value = field === 'spec.v4Ip' ? spec.v4Ip : field === 'spec.macAddress' ? spec.macAddress : subnet;
    return { issues: [issue(field, value, err.reason, `no address for OvnEip "${name}": ${err.message}`)] };
  }
}
