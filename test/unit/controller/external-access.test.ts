import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { externalGatewayChassis, vpcExternalView } from '../../../src/engine/controller/external-access.js';
import type { AppliedSubnet } from '../../../src/engine/controller/build-cluster-view.js';
import type { NodeObject } from '../../../src/engine/controller/core-objects.js';
import type { Subnet, Vpc } from '../../../src/engine/cluster/kinds/kubeovn-types.js';

function node(name: string, chassis: string | undefined, labelled: boolean): NodeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: labelled ? { 'ovn.kubernetes.io/external-gw': 'true' } : {}, annotations: chassis ? { 'ovn.kubernetes.io/chassis': chassis } : {} },
  };
}

const vpc = (name: string, enableExternal = true): Vpc => ({ apiVersion: 'kubeovn.io/v1', kind: 'Vpc', metadata: { name }, spec: { enableExternal } }) as Vpc;

const external: AppliedSubnet = {
  subnet: { apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 'external' }, spec: { vlan: 'v0' } } as Subnet,
  info: { name: 'external', protocol: 'IPv4', cidrBlock: '10.1.0.0/24', gateway: '10.1.0.254', excludeIps: [], routerMac: '' },
  underlay: { vlan: 'v0', vlanId: 0, provider: 'extnet' },
  gatewayNexthops: [],
  u2oInterconnectionIPs: [],
};

const input = (extra: Partial<Parameters<typeof vpcExternalView>[1]> = {}) => ({
  defaultVpc: 'ovn-cluster',
  externalGatewaySwitch: 'external',
  subnets: [external],
  nodes: [node('n1', 'ch1', true), node('n2', 'ch2', true), node('n3', 'ch3', false), node('n4', undefined, true)],
  eips: new Map([['vpc1-external', { name: 'vpc1-external', subnet: 'external', v4: '10.1.0.5', mac: '0a:00:00:00:00:05', type: 'lrp' as const }]]),
  ...extra,
});

describe('external gateway chassis and a VPC external port', () => {
  it('takes the chassis of labelled nodes that have one, in an order that depends on the VPC', () => {
    const a = externalGatewayChassis('vpc1', input().nodes);
    assert.deepEqual([...a].sort(), ['ch1', 'ch2']);
    const orders = new Set(['vpc1', 'vpc2', 'vpc3', 'vpc4', 'vpc5', 'vpc6'].map((v) => externalGatewayChassis(v, input().nodes).join()));
    assert.equal(orders.size, 2, 'different VPCs put different chassis first');
    assert.deepEqual(externalGatewayChassis('vpc1', input().nodes), a, 'stable for one VPC');
  });

  it('describes the port from the lrp EIP, the subnet prefix and gateway', () => {
    const view = vpcExternalView(vpc('vpc1'), input());
    assert.deepEqual({ ...view, chassis: [...view!.chassis].sort() }, {
      subnet: 'external',
      networks: ['10.1.0.5/24'],
      mac: '0a:00:00:00:00:05',
      gateways: ['10.1.0.254'],
      chassis: ['ch1', 'ch2'],
    });
  });

  it('gives nothing while something is missing, or for the default VPC', () => {
    assert.equal(vpcExternalView(vpc('vpc1', false), input()), undefined);
    assert.equal(vpcExternalView(vpc('vpc2'), input()), undefined, 'no lrp EIP yet');
    assert.equal(vpcExternalView(vpc('vpc1'), input({ nodes: [node('n3', 'ch3', false)] })), undefined, 'no gateway node');
    assert.equal(vpcExternalView(vpc('vpc1'), input({ subnets: [{ ...external, underlay: undefined }] as AppliedSubnet[] })), undefined, 'overlay external subnet');
    const eips = new Map([['ovn-cluster-external', { name: 'ovn-cluster-external', subnet: 'external', v4: '10.1.0.6', mac: '0a:00:00:00:00:06', type: 'lrp' as const }]]);
    assert.equal(vpcExternalView(vpc('ovn-cluster'), input({ eips })), undefined);
  });
});
