import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { podSettingsBatch, settingsOf } from '../../../src/engine/agent/running-pods.js';
import { buildPodNetworkPlan } from '../../../src/engine/agent/pod-network-plan.js';

const annotations = {
  'ovn.kubernetes.io/ip_address': '10.100.0.5',
  'ovn.kubernetes.io/mac_address': '0a:00:00:00:00:05',
  'ovn.kubernetes.io/cidr': '10.100.0.0/24',
  'ovn.kubernetes.io/gateway': '10.100.0.2',
  'ovn.kubernetes.io/logical_switch': 'u1',
};

describe('running pod settings', () => {
  it('takes the MTU and the default route through the gateway from the pod\'s plan', () => {
    const plan = buildPodNetworkPlan({ podKey: 'default/p', annotations, subnet: undefined, nodeLabels: {}, defaultMtu: 1400, defaultRoute: true });
    assert.deepEqual(settingsOf(plan, annotations), { mtu: 1400, routes: [{ dst: '0.0.0.0/0', gw: '10.100.0.2' }], gatewayAnsweredBy: 'physical' });
    assert.equal(settingsOf(plan, { ...annotations, 'ovn.kubernetes.io/logical_router': 'ovn-cluster' }).gatewayAnsweredBy, 'router');
  });

  it('changes MTU and routes in place with idempotent ip commands (route replace, never add) and forgets the gateway\'s MAC', () => {
    const batch = podSettingsBatch('eth0', { mtu: 1500, routes: [{ dst: '0.0.0.0/0', gw: '10.100.0.254' }, { dst: '192.168.0.0/16' }], gatewayAnsweredBy: 'physical' });
    assert.equal(
      batch,
      'link set dev eth0 mtu 1500\nroute replace 0.0.0.0/0 via 10.100.0.254 dev eth0\nroute replace 192.168.0.0/16 dev eth0\nneigh flush to 10.100.0.254 dev eth0\n',
    );
  });
});
