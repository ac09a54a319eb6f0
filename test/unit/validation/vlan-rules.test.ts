import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateVlan } from '../../../src/engine/controller/validation/vlan-rules.js';
import type { VlanInput } from '../../../src/engine/controller/validation/inputs.js';
import { Reason } from '../../../src/engine/controller/validation/reasons.js';
import { expectIssue, expectNoIssues, providerNetwork, vlan } from './fixtures.js';

const older = vlan('v100', { id: 100, provider: 'net1' }, '2026-01-01T00:00:00Z');
const newer = vlan('v100b', { id: 100, provider: 'net1' }, '2026-02-01T00:00:00Z');

function check(subject: VlanInput, vlans: VlanInput[] = [subject], defaultProviderNetwork?: string) {
  return validateVlan(subject, { vlans, providerNetworks: [providerNetwork('net1')], defaultProviderNetwork });
}

describe('Vlan rules', () => {
  it('accepts a Vlan with a valid id on an existing provider', () => {
    expectNoIssues(check(older));
  });

  it('rejects an id outside 0..4095', () => {
    expectIssue(check(vlan('v', { id: 4096, provider: 'net1' })), Reason.InvalidVlanId, { field: 'spec.id' });
    expectIssue(check(vlan('v', { id: -1, provider: 'net1' })), Reason.InvalidVlanId);
  });

  it('rejects a Vlan without provider when there is no default provider network', () => {
    expectIssue(check(vlan('v', { id: 10, provider: '' })), Reason.MissingProvider);
    expectNoIssues(check(vlan('v', { id: 10, provider: '' }), undefined, 'net1'));
  });

  it('rejects a provider that names no ProviderNetwork', () => {
    expectIssue(check(vlan('v', { id: 10, provider: 'net9' })), Reason.ProviderNetworkNotFound, { conflictsWith: 'ProviderNetwork/net9' });
  });

  it('rejects the newer of two Vlans with the same provider and non-zero id, naming the other', () => {
    expectIssue(check(newer, [older, newer]), Reason.VlanIdConflict, {
      conflictsWith: 'Vlan/v100',
      message: 'spec.id 100: is already used on ProviderNetwork "net1" by Vlan "v100"',
    });
    expectNoIssues(check(older, [older, newer]));
  });

  it('reads the deprecated vlanId when id is unset, so an old manifest is not silently untagged', () => {
    const legacy = vlan('legacy', { vlanId: 100, provider: 'net1' }, '2026-03-01T00:00:00Z');
    expectIssue(check(legacy, [older, legacy]), Reason.VlanIdConflict, { conflictsWith: 'Vlan/v100' });
  });

  it('allows any number of untagged (id 0) Vlans on one provider', () => {
    const a = vlan('a', { id: 0, provider: 'net1' });
    const b = vlan('b', { id: 0, provider: 'net1' });
    assert.deepEqual(check(b, [a, b]), []);
  });
});
