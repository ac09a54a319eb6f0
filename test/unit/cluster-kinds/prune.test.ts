import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/engine/cluster/types.js';
import { pruneObject } from '../../../src/engine/cluster/schema/validate.js';

describe('pruneObject', () => {
  it('drops fields the kind schema does not declare, at every depth', () => {
    const obj: KubeObject = {
      apiVersion: 'kubeovn.io/v1',
      kind: 'Subnet',
      metadata: { name: 's', labels: { a: 'b' } },
      spec: { cidrBlock: '10.0.0.0/24', colour: 'blue', acls: [{ action: 'drop', comment: 'x' }] },
      status: { v4usingIPs: 1, extra: true },
      topLevel: 1,
    };
    assert.deepEqual(pruneObject(obj), {
      apiVersion: 'kubeovn.io/v1',
      kind: 'Subnet',
      metadata: { name: 's', labels: { a: 'b' } },
      spec: { cidrBlock: '10.0.0.0/24', acls: [{ action: 'drop' }] },
      status: { v4usingIPs: 1 },
    });
  });

  it('keeps free-form maps (additionalProperties) such as matchLabels', () => {
    const obj: KubeObject = { apiVersion: 'kubeovn.io/v1', kind: 'ProviderNetwork', metadata: { name: 'p' }, spec: { defaultInterface: 'eth1', nodeSelector: { matchLabels: { x: 'y' } } } };
    assert.deepEqual(pruneObject(obj), obj);
  });

  it('fills schema defaults of absent fields (Vpc bfdPort.enabled, IPPool enableAddressSet)', () => {
    const vpc = pruneObject({ apiVersion: 'kubeovn.io/v1', kind: 'Vpc', metadata: { name: 'v' }, spec: { bfdPort: {} } });
    assert.deepEqual(vpc.spec, { bfdPort: { enabled: false } });
    const pool = pruneObject({ apiVersion: 'kubeovn.io/v1', kind: 'IPPool', metadata: { name: 'p' }, spec: { subnet: 's', ips: ['10.0.0.1'] } });
    assert.deepEqual(pool.spec, { subnet: 's', ips: ['10.0.0.1'], enableAddressSet: false });
  });

  it('does not mutate its argument', () => {
    const obj: KubeObject = { apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: { name: 'v' }, spec: { provider: 'p', junk: 1 } };
    const copy = structuredClone(obj);
    pruneObject(obj);
    assert.deepEqual(obj, copy);
  });

  it('leaves built-in and unknown kinds untouched', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', resources: {} }], anything: 1 } };
    assert.deepEqual(pruneObject(pod), pod);
    const widget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { a: 1 } };
    assert.equal(pruneObject(widget), widget);
  });
});
