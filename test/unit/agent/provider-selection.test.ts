import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ProviderNetwork, ProviderNetworkSpec } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import { providerAssignment, providerBridgeName, providerLabelKeys } from '../../../src/engine/agent/provider-selection.js';

const pn = (spec: Partial<ProviderNetworkSpec>, extra: Partial<ProviderNetwork['metadata']> = {}): ProviderNetwork => ({
  apiVersion: 'kubeovn.io/v1',
  kind: 'ProviderNetwork',
  metadata: { name: 'phy', ...extra },
  spec: { defaultInterface: 'eth1', ...spec },
});
const node = (name: string, labels: Record<string, string> = {}) => ({ metadata: { name, labels } });

describe('which NIC a node attaches to a provider network', () => {
  it('uses defaultInterface on a node with no custom interface', () => {
    assert.deepEqual(providerAssignment(pn({}), node('node1')), { selected: true, nic: 'eth1' });
  });

  it('uses the customInterfaces entry that lists the node', () => {
    const spec = { customInterfaces: [{ interface: 'eth2', nodes: ['node2'] }, { interface: 'ens5', nodes: ['node3', 'node1'] }] };
    assert.deepEqual(providerAssignment(pn(spec), node('node1')), { selected: true, nic: 'ens5' });
    assert.deepEqual(providerAssignment(pn(spec), node('node2')), { selected: true, nic: 'eth2' });
    assert.deepEqual(providerAssignment(pn(spec), node('node4')), { selected: true, nic: 'eth1' });
  });

  it('leaves out a node listed in excludeNodes, saying why', () => {
    const result = providerAssignment(pn({ excludeNodes: ['node2'] }), node('node2'));
    assert.equal(result.selected, false);
    assert.match(!result.selected ? result.why : '', /node2 is in spec.excludeNodes/);
  });

  it('takes only nodes that match nodeSelector (matchLabels and matchExpressions)', () => {
    const spec = { nodeSelector: { matchLabels: { rack: 'a' }, matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' as const }] } };
    assert.equal(providerAssignment(pn(spec), node('node1', { rack: 'a' })).selected, true);
    assert.equal(providerAssignment(pn(spec), node('node2', { rack: 'b' })).selected, false);
    assert.equal(providerAssignment(pn(spec), node('node3', { rack: 'a', gpu: 'yes' })).selected, false);
  });

  it('leaves out every node while the provider network is being deleted', () => {
    assert.equal(providerAssignment(pn({}, { deletionTimestamp: '2026-01-01T00:00:00Z' }), node('node1')).selected, false);
  });

  it('names the bridge br-<provider> and the labels as Kube-OVN does', () => {
    assert.equal(providerBridgeName('phy'), 'br-phy');
    assert.deepEqual(providerLabelKeys('phy'), {
      ready: 'phy.provider-network.kubernetes.io/ready',
      interface: 'phy.provider-network.kubernetes.io/interface',
      mtu: 'phy.provider-network.kubernetes.io/mtu',
    });
  });
});
