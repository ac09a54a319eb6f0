import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { KubeObject } from '../../../src/engine/cluster/types.js';
import { pruneObject, validateObject } from '../../../src/engine/cluster/schema/validate.js';

const vlan = (id: unknown, name = 'v'): KubeObject => ({ apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: { name }, spec: { id, provider: 'p' } });

describe('validateObject properties', () => {
  it('accepts every Vlan id in 0..4095 and rejects every integer outside, naming spec.id', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4095 }), (id) => validateObject(vlan(id)).length === 0));
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 4096 })), (id) => {
        const causes = validateObject(vlan(id));
        return causes.length === 1 && causes[0].field === 'spec.id' && causes[0].message.includes(`Invalid value: ${id}:`);
      }),
    );
  });

  it('accepts names made of DNS-1123 labels joined by dots', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
    fc.assert(fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), (labels) => validateObject(vlan(1, labels.join('.'))).length === 0));
  });

  it('rejects names with an upper-case letter or an underscore', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,10}$/), fc.constantFrom('A', '_', 'Z'), (base, bad) => {
        const causes = validateObject(vlan(1, `${base}${bad}${base}`));
        return causes.some((c) => c.field === 'metadata.name');
      }),
    );
  });

  it('never throws, whatever the spec holds', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (spec) => {
        const obj: KubeObject = { apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 'net' }, spec };
        validateObject(obj);
        pruneObject(obj);
        return true;
      }),
    );
  });

  it('is idempotent when pruning: pruning a pruned object changes nothing', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('cidrBlock', 'gateway', 'private', 'junk', 'acls'), fc.jsonValue()), (spec) => {
        const once = pruneObject({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 'net' }, spec });
        assert.deepEqual(pruneObject(once), once);
      }),
    );
  });
});
