/**
 * Vlan rules (§10.4): id 0..4095, a provider that exists, and no second Vlan with the same provider and the
 * same non-zero id. Of two clashing Vlans only the newer one is reported, so adding a duplicate cannot break
 * the subnets that already run on the older one.
 */
import type { ValidationIssue } from './validation-issue.js';
import { issue } from './validation-issue.js';
import type { ProviderNetworkInput, VlanInput } from './inputs.js';
import { Reason } from './reasons.js';
import { isOlder } from './object-age.js';

export interface VlanValidationContext {
  readonly vlans: readonly VlanInput[];
  readonly providerNetworks: readonly ProviderNetworkInput[];
  /** The ProviderNetwork a Vlan without `provider` uses (Kube-OVN fills it in). */
  readonly defaultProviderNetwork?: string;
}

const MAX_VLAN_ID = 4095;

/** The Vlan's ProviderNetwork name, the default one when `provider` is empty. */
export function vlanProvider(vlan: VlanInput, defaultProviderNetwork?: string): string {
  const provider = vlan.spec.provider ?? '';
  return provider === '' ? (defaultProviderNetwork ?? '') : provider;
}

/** The Vlan's id; the deprecated `vlanId` counts when `id` is unset or 0, as Kube-OVN migrates it. */
export function vlanIdOf(vlan: VlanInput): number {
  const id = vlan.spec.id ?? 0;
  return id === 0 && (vlan.spec.vlanId ?? 0) !== 0 ? vlan.spec.vlanId! : id;
}

/** An older Vlan that uses the same provider and the same non-zero id, if any. */
export function findConflictingVlan(vlan: VlanInput, vlans: readonly VlanInput[], defaultProviderNetwork?: string): VlanInput | undefined {
  const id = vlanIdOf(vlan);
  if (id === 0) return undefined; // untagged: any number of Vlans may share it
  const provider = vlanProvider(vlan, defaultProviderNetwork);
  return vlans.find(
    (other) =>
      other.metadata.name !== vlan.metadata.name &&
      vlanIdOf(other) === id &&
      vlanProvider(other, defaultProviderNetwork) === provider &&
      isOlder(other, vlan),
  );
}

/** Every rule for one Vlan. */
export function validateVlan(vlan: VlanInput, ctx: VlanValidationContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const id = vlanIdOf(vlan);
  if (!Number.isInteger(id) || id < 0 || id > MAX_VLAN_ID) {
    issues.push(issue('spec.id', id, Reason.InvalidVlanId, `must be an integer in 0..${MAX_VLAN_ID} (0 = untagged)`));
  }
  const provider = vlanProvider(vlan, ctx.defaultProviderNetwork);
  if (provider === '') {
    issues.push(issue('spec.provider', vlan.spec.provider ?? '', Reason.MissingProvider, 'is required: name the ProviderNetwork this Vlan runs on'));
  } else if (!ctx.providerNetworks.some((pn) => pn.metadata.name === provider)) {
    issues.push(issue('spec.provider', provider, Reason.ProviderNetworkNotFound, `no ProviderNetwork "${provider}" exists`, `ProviderNetwork/${provider}`));
  }
  const other = findConflictingVlan(vlan, ctx.vlans, ctx.defaultProviderNetwork);
  if (other) {
    issues.push(
      issue('spec.id', id, Reason.VlanIdConflict, `is already used on ProviderNetwork "${provider}" by Vlan "${other.metadata.name}"`, `Vlan/${other.metadata.name}`),
    );
  }
  return issues;
}
