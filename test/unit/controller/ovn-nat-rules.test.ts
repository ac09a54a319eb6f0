import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveNatRule, type NatFacts } from '../../../src/engine/controller/validation/ovn-nat-rules.js';
import type { AppliedNatRule } from '../../../src/engine/controller/ovn-nat-state.js';
import type { IP, OvnDnatRule, OvnEip, OvnFip, OvnSnatRule } from '../../../src/engine/cluster/kinds/kubeovn-types.js';

const eipObject = (name: string, type: OvnEip['spec']['type'] = ''): OvnEip => ({ apiVersion: 'kubeovn.io/v1', kind: 'OvnEip', metadata: { name }, spec: { type } });
const ipObject = (name: string, subnet: string, v4: string): IP => ({ apiVersion: 'kubeovn.io/v1', kind: 'IP', metadata: { name }, spec: { subnet, v4IpAddress: v4 } }) as IP;

function facts(extra: Partial<NatFacts> = {}): NatFacts {
  const eips = new Map([
    ['e1', { name: 'e1', subnet: 'external', v4: '10.1.0.11', mac: '0a:00:00:00:00:11', type: 'nat' as const }],
    ['e-other', { name: 'e-other', subnet: 'external2', v4: '10.2.0.11', mac: '0a:00:00:00:00:12', type: 'nat' as const }],
  ]);
  const subnets = [
    { name: 's1', vpc: 'vpc1', cidrs: ['10.0.1.0/24'] },
    { name: 's2', vpc: 'vpc2', cidrs: ['10.0.2.0/24'] },
  ];
  return {
    eipObject: (n) => (eips.has(n) || n === 'pending' ? eipObject(n) : n === 'lrp' ? eipObject(n, 'lrp') : undefined),
    appliedEip: (n) => eips.get(n),
    ipObject: (n) => (n === 'web.ns1' ? ipObject(n, 's1', '10.0.1.5') : undefined),
    subnet: (n) => subnets.find((s) => s.name === n),
    subnets: () => subnets,
    vpcExists: (n) => n === 'vpc1' || n === 'vpc2' || n === 'vpc3',
    vpcExternalSubnets: (n) => (n === 'vpc3' ? [] : n === 'vpc2' ? ['external', 'external2'] : ['external']),
    otherRules: [],
    ...extra,
  };
}

const fip = (spec: OvnFip['spec']): OvnFip => ({ apiVersion: 'kubeovn.io/v1', kind: 'OvnFip', metadata: { name: 'f' }, spec });
const snat = (spec: OvnSnatRule['spec']): OvnSnatRule => ({ apiVersion: 'kubeovn.io/v1', kind: 'OvnSnatRule', metadata: { name: 's' }, spec });
const dnat = (spec: OvnDnatRule['spec']): OvnDnatRule => ({ apiVersion: 'kubeovn.io/v1', kind: 'OvnDnatRule', metadata: { name: 'd' }, spec });
const reasons = (r: { issues: readonly { reason: string }[] }) => r.issues.map((i) => i.reason);

describe('resolveNatRule', () => {
  it('resolves a FIP on an IP object to its address and VPC; distributed adds the port and the EIP MAC', () => {
    const r = resolveNatRule('OvnFip', fip({ ovnEip: 'e1', ipName: 'web.ns1', type: 'distributed' }), facts());
    assert.deepEqual(r.view, { kind: 'fip', name: 'f', vpc: 'vpc1', externalIp: '10.1.0.11', externalSubnet: 'external', internalIp: '10.0.1.5', logicalPort: 'web.ns1', externalMac: '0a:00:00:00:00:11' });
  });

  it('resolves a SNAT of a bare CIDR inside the VPC, normalized', () => {
    const r = resolveNatRule('OvnSnatRule', snat({ ovnEip: 'e1', v4IpCidr: '10.0.1.128/25', vpc: 'vpc1' }), facts());
    assert.equal(r.view?.internalIp, '10.0.1.128/25');
  });

  it('rejects DNAT ports outside 1..65535 and protocols other than tcp/udp, naming the field', () => {
    const r = resolveNatRule('OvnDnatRule', dnat({ ovnEip: 'e1', ipName: 'web.ns1', externalPort: '0', internalPort: 'http', protocol: 'sctp' as never }), facts());
    assert.deepEqual(reasons(r), ['InvalidNatPort', 'InvalidNatPort', 'InvalidNatProtocol']);
    assert.match(r.issues[0].message, /spec\.externalPort "0"/);
    assert.match(r.issues[1].message, /spec\.internalPort "http"/);
  });

  it('defaults the DNAT protocol to tcp', () => {
    const r = resolveNatRule('OvnDnatRule', dnat({ ovnEip: 'e1', ipName: 'web.ns1', externalPort: '80', internalPort: '8080' }), facts());
    assert.equal(r.view?.protocol, 'tcp');
  });

  it('rejects spec.vpc that disagrees with the IP object, naming both VPCs', () => {
    const r = resolveNatRule('OvnFip', fip({ ovnEip: 'e1', ipName: 'web.ns1', vpc: 'vpc2' }), facts());
    assert.deepEqual(reasons(r), ['VpcMismatch']);
    assert.match(r.issues[0].message, /"vpc2".*"vpc1"/);
  });

  it('rejects an EIP on another external subnet than the VPC is connected to', () => {
    const r = resolveNatRule('OvnFip', fip({ ovnEip: 'e-other', ipName: 'web.ns1' }), facts());
    assert.deepEqual(reasons(r), ['ExternalSubnetMismatch']);
    assert.match(r.issues[0].message, /external2.*vpc1.*external/);
  });

  it('takes an EIP from any external subnet the VPC is connected to, but no DNAT when it has several', () => {
    const onExtra = resolveNatRule('OvnSnatRule', snat({ ovnEip: 'e-other', vpcSubnet: 's2' }), facts());
    assert.equal(onExtra.issues.length, 0);
    assert.equal(onExtra.view?.externalSubnet, 'external2');
    const r = resolveNatRule('OvnDnatRule', dnat({ ovnEip: 'e1', v4Ip: '10.0.2.5', vpc: 'vpc2', externalPort: '80', internalPort: '80' }), facts());
    assert.deepEqual(reasons(r), ['DnatNeedsOneExternalPort']);
  });

  it('says an EIP without an address is not ready yet, and rejects lrp EIPs', () => {
    assert.deepEqual(reasons(resolveNatRule('OvnFip', fip({ ovnEip: 'pending', ipName: 'web.ns1' }), facts())), ['OvnEipNotReady']);
    assert.deepEqual(reasons(resolveNatRule('OvnFip', fip({ ovnEip: 'lrp', ipName: 'web.ns1' }), facts())), ['OvnEipTypeMismatch']);
  });

  it('rejects Vip targets, IPv6 fields, unknown IP objects and non-IPv4 addresses', () => {
    assert.deepEqual(reasons(resolveNatRule('OvnFip', fip({ ovnEip: 'e1', ipType: 'vip', ipName: 'v1' }), facts())), ['VipNotSupported']);
    assert.deepEqual(reasons(resolveNatRule('OvnFip', fip({ ovnEip: 'e1', ipName: 'web.ns1', v6Ip: 'fd00::5' }), facts())), ['IPv6NatNotSupported']);
    assert.deepEqual(reasons(resolveNatRule('OvnFip', fip({ ovnEip: 'e1', ipName: 'nope' }), facts())), ['IPNotFound']);
    assert.deepEqual(reasons(resolveNatRule('OvnFip', fip({ ovnEip: 'e1', v4Ip: 'fd00::5', vpc: 'vpc1' }), facts())), ['InvalidNatAddress']);
    assert.deepEqual(reasons(resolveNatRule('OvnSnatRule', snat({ ovnEip: 'e1', v4IpCidr: '10.0.1.0/33', vpc: 'vpc1' }), facts())), ['InvalidNatAddress']);
  });

  it('rejects a VPC that does not exist or has no external access', () => {
    assert.deepEqual(reasons(resolveNatRule('OvnFip', fip({ ovnEip: 'e1', v4Ip: '10.0.9.5', vpc: 'nope' }), facts())), ['VpcNotFound']);
    assert.deepEqual(reasons(resolveNatRule('OvnFip', fip({ ovnEip: 'e1', v4Ip: '10.0.9.5', vpc: 'vpc3' }), facts())), ['VpcWithoutExternal']);
  });

  it('lets SNAT and DNAT share an EIP but not a FIP, and refuses one DNAT port twice', () => {
    const other = (kind: AppliedNatRule['kind'], view: Partial<AppliedNatRule['view']>): AppliedNatRule => ({
      kind,
      name: 'o',
      eip: 'e1',
      spec: {},
      view: { kind: 'dnat', name: 'o', vpc: 'vpc1', externalIp: '10.1.0.11', internalIp: '10.0.1.9', protocol: 'tcp', externalPort: 80, internalPort: 80, ...view },
    });
    const withDnat = facts({ otherRules: [other('OvnDnatRule', {})] });
    assert.ok(resolveNatRule('OvnSnatRule', snat({ ovnEip: 'e1', vpcSubnet: 's1' }), withDnat).view);
    assert.ok(resolveNatRule('OvnDnatRule', dnat({ ovnEip: 'e1', ipName: 'web.ns1', externalPort: '81', internalPort: '80' }), withDnat).view);
    assert.ok(resolveNatRule('OvnDnatRule', dnat({ ovnEip: 'e1', ipName: 'web.ns1', externalPort: '80', internalPort: '80', protocol: 'udp' }), withDnat).view);
    assert.deepEqual(reasons(resolveNatRule('OvnDnatRule', dnat({ ovnEip: 'e1', ipName: 'web.ns1', externalPort: '80', internalPort: '80' }), withDnat)), ['NatRuleConflict']);
    assert.deepEqual(reasons(resolveNatRule('OvnFip', fip({ ovnEip: 'e1', ipName: 'web.ns1' }), withDnat)), ['OvnEipInUse']);
  });
});
