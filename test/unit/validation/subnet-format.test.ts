import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatSubnet } from '../../../src/engine/controller/validation/subnet-format.js';
import { defaults, subnet } from './fixtures.js';

describe('formatSubnet', () => {
  it('normalises the CIDR to its network address', () => {
    const { spec, changes } = formatSubnet(subnet('s1', { cidrBlock: '10.0.0.5/24' }), defaults);
    assert.equal(spec.cidrBlock, '10.0.0.0/24');
    assert.ok(changes.includes('spec.cidrBlock "10.0.0.5/24" → "10.0.0.0/24"'));
  });

  it('normalises each CIDR of a dual-stack block and puts IPv4 first', () => {
    const { spec } = formatSubnet(subnet('s1', { cidrBlock: 'fd00::5/120, 10.0.0.5/24' }), defaults);
    assert.equal(spec.cidrBlock, '10.0.0.0/24,fd00::/120');
    assert.equal(spec.protocol, 'Dual');
  });

  it('defaults the gateway to the first usable address of each family', () => {
    const { spec } = formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24,fd00::/120' }), defaults);
    assert.equal(spec.gateway, '10.0.0.1,fd00::1');
  });

  it('uses the network address of a /31 as its gateway', () => {
    assert.equal(formatSubnet(subnet('s1', { cidrBlock: '10.0.0.4/31' }), defaults).spec.gateway, '10.0.0.4');
  });

  it('completes a one-family gateway on a dual-stack subnet', () => {
    const { spec } = formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24,fd00::/120', gateway: 'fd00::fe' }), defaults);
    assert.equal(spec.gateway, '10.0.0.1,fd00::fe');
  });

  it('always adds the gateways to excludeIps', () => {
    const { spec } = formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24,fd00::/120' }), defaults);
    assert.deepEqual(spec.excludeIps, ['10.0.0.1', 'fd00::1']);
  });

  it('merges overlapping and adjacent excludeIps ranges and sorts them', () => {
    const excludeIps = ['10.0.0.50', '10.0.0.20..10.0.0.30', '10.0.0.25..10.0.0.40', '10.0.0.41..10.0.0.45', '10.0.0.2'];
    const { spec } = formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24', excludeIps }), defaults);
    assert.deepEqual(spec.excludeIps, ['10.0.0.1..10.0.0.2', '10.0.0.20..10.0.0.45', '10.0.0.50']);
  });

  it('derives the protocol from the CIDR, overwriting what the user wrote', () => {
    assert.equal(formatSubnet(subnet('s1', { cidrBlock: 'fd00::/120', protocol: 'IPv4' }), defaults).spec.protocol, 'IPv6');
    assert.equal(formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24' }), defaults).spec.protocol, 'IPv4');
  });

  it('marks an underlay subnet without CIDR as protocol Mac', () => {
    assert.equal(formatSubnet(subnet('s1', { vlan: 'v100' }), defaults).spec.protocol, 'Mac');
  });

  it('defaults provider to ovn, vpc to the default VPC and gatewayType to distributed', () => {
    const { spec } = formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24' }), defaults);
    assert.equal(spec.provider, 'ovn');
    assert.equal(spec.vpc, 'ovn-cluster');
    assert.equal(spec.gatewayType, 'distributed');
  });

  it('leaves vpc and gatewayType empty for an IPAM-only provider', () => {
    const { spec } = formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24', provider: 'macvlan.default' }), defaults);
    assert.equal(spec.vpc, undefined);
    assert.equal(spec.gatewayType, undefined);
  });

  it('does not default gatewayType in a custom VPC', () => {
    assert.equal(formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24', vpc: 'vpc1' }), defaults).spec.gatewayType, undefined);
  });

  it('clears default on a default-VPC subnet that is not the default subnet', () => {
    assert.equal(formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24', default: true }), defaults).spec.default, false);
    assert.equal(formatSubnet(subnet('ovn-default', { cidrBlock: '10.16.0.0/16', default: true }), defaults).spec.default, true);
    assert.equal(formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24', vpc: 'vpc1', default: true }), defaults).spec.default, true);
  });

  it('forces u2oInterconnection off on an overlay subnet', () => {
    const { spec } = formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24', u2oInterconnection: true, u2oInterconnectionIP: '10.0.0.9' }), defaults);
    assert.equal(spec.u2oInterconnection, false);
    assert.equal(spec.u2oInterconnectionIP, undefined);
  });

  it('clears u2oInterconnectionIP when U2O is off', () => {
    const { spec } = formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24', vlan: 'v1', u2oInterconnectionIP: '10.0.0.9' }), defaults);
    assert.equal(spec.u2oInterconnectionIP, undefined);
  });

  it('fills enableLb from the controller default when unset', () => {
    assert.equal(formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24' }), { ...defaults, enableLb: true }).spec.enableLb, true);
    assert.equal(formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24', enableLb: false }), { ...defaults, enableLb: true }).spec.enableLb, false);
  });

  it('leaves an invalid CIDR, gateway or excludeIps entry as written for validation to report', () => {
    assert.equal(formatSubnet(subnet('s1', { cidrBlock: '10.0.0.300/24' }), defaults).spec.cidrBlock, '10.0.0.300/24');
    const { spec } = formatSubnet(subnet('s1', { cidrBlock: '10.0.0.0/24', gateway: '10.1.0.1', excludeIps: ['x'] }), defaults);
    assert.equal(spec.gateway, '10.1.0.1');
    assert.deepEqual(spec.excludeIps, ['x']);
  });

  it('reports no change for a subnet that is already formatted', () => {
    const once = formatSubnet(subnet('s1', { cidrBlock: '10.0.0.5/24,fd00::/120', excludeIps: ['10.0.0.9'] }), defaults).spec;
    assert.deepEqual(formatSubnet(subnet('s1', once), defaults).changes, []);
  });

  it('does not modify its input', () => {
    const input = subnet('s1', { cidrBlock: '10.0.0.5/24' });
    formatSubnet(input, defaults);
    assert.deepEqual(input.spec, { cidrBlock: '10.0.0.5/24' });
  });
});
