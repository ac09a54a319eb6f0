import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateNewVlanField, validateSubnetField, validateVpcField } from '../../../src/actions/index.js';
import { clusterFixture } from './fixtures.js';

describe('validateSubnetField (as you type)', () => {
  const snapshot = clusterFixture();

  it('accepts a good CIDR and reports a half-typed one on spec.cidrBlock only', () => {
    assert.deepEqual(validateSubnetField('cidrBlock', '10.40.0.0/24', { name: 'new' }, { snapshot }), []);
    const issues = validateSubnetField('cidrBlock', '10.40.0.', { name: 'new', spec: { vlan: 'missing' } }, { snapshot });
    assert.ok(issues.length > 0);
    assert.ok(issues.every((i) => i.field === 'spec.cidrBlock'));
  });

  it('names the subnet a CIDR overlaps', () => {
    const [overlap] = validateSubnetField('cidrBlock', '10.30.0.0/16', { name: 'new' }, { snapshot });
    assert.equal(overlap.conflictsWith, 'Subnet/s1');
  });

  it('checks names: taken, malformed, fine', () => {
    assert.equal(validateSubnetField('name', 's1', {}, { snapshot })[0].reason, 'AlreadyExists');
    assert.equal(validateSubnetField('name', 'S1', {}, { snapshot })[0].reason, 'InvalidName');
    assert.deepEqual(validateSubnetField('name', 's9', {}, { snapshot }), []);
  });

  it('reports a missing Vlan and a gateway node that does not exist', () => {
    assert.equal(validateSubnetField('vlan', 'v9', { name: 'new', spec: { cidrBlock: '10.40.0.0/24' } }, { snapshot })[0].conflictsWith, 'Vlan/v9');
    const [node] = validateSubnetField('gatewayNode', 'n9', { name: 'new', spec: { cidrBlock: '10.40.0.0/24', gatewayType: 'centralized' } }, { snapshot });
    assert.equal(node.conflictsWith, 'Node/n9');
  });
});

describe('validateVpcField', () => {
  it('reports a bad next hop per entry', () => {
    const issues = validateVpcField('staticRoutes', [{ cidr: '0.0.0.0/0', nextHopIP: '10.0.0.1' }, { cidr: '1.0.0.0/8', nextHopIP: 'x' }], { name: 'blue' });
    assert.deepEqual(issues.map((i) => i.field), ['spec.staticRoutes[1].nextHopIP']);
  });
});

describe('validateNewVlanField', () => {
  it('checks the id range, an id taken on the same provider, and the provider', () => {
    const snapshot = clusterFixture();
    assert.equal(validateNewVlanField('id', 5000, { name: 'v200', spec: { provider: 'phy' } }, { snapshot })[0].reason, 'InvalidVlanId');
    const [taken] = validateNewVlanField('id', 100, { name: 'v200', spec: { provider: 'phy' } }, { snapshot });
    assert.equal(taken.conflictsWith, 'Vlan/v100');
    assert.deepEqual(validateNewVlanField('id', 200, { name: 'v200', spec: { provider: 'phy' } }, { snapshot }), []);
    assert.equal(validateNewVlanField('provider', 'ghost', { name: 'v200', spec: { id: 200 } }, { snapshot })[0].conflictsWith, 'ProviderNetwork/ghost');
    assert.equal(validateNewVlanField('name', 'v100', {}, { snapshot })[0].reason, 'AlreadyExists');
  });
});
