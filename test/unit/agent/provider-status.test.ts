import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeCondition } from '../../../src/engine/cluster/kinds/conditions.js';
import { nodeConditionsAfter, providerLabelPatch } from '../../../src/engine/agent/provider-status.js';
import type { ProviderOutcome } from '../../../src/engine/agent/provider-bridges.js';

const ready: ProviderOutcome = { provider: 'phy', state: 'ready', bridge: 'br-phy', nic: 'eth1', mtu: 1500 };
const failed: ProviderOutcome = { provider: 'phy', state: 'failed', nic: 'eth9', reason: 'InitOVSBridgeFailed', message: 'interface eth9 does not exist on node node1' };
const excluded: ProviderOutcome = { provider: 'phy', state: 'excluded', why: 'node node1 is in spec.excludeNodes' };
const labels = {
  'phy.provider-network.kubernetes.io/ready': 'true',
  'phy.provider-network.kubernetes.io/interface': 'eth1',
  'phy.provider-network.kubernetes.io/mtu': '1500',
};

describe('provider network node labels', () => {
  it('sets ready, interface and mtu for a ready provider', () => {
    assert.deepEqual(providerLabelPatch([ready], { 'kubernetes.io/hostname': 'node1' }), labels);
  });

  it('writes nothing when the labels already match', () => {
    assert.deepEqual(providerLabelPatch([ready], labels), {});
  });

  it('removes the labels of a failed or excluded provider and of one that no longer exists', () => {
    const nulls = { 'phy.provider-network.kubernetes.io/ready': null, 'phy.provider-network.kubernetes.io/interface': null, 'phy.provider-network.kubernetes.io/mtu': null };
    assert.deepEqual(providerLabelPatch([failed], labels), nulls);
    assert.deepEqual(providerLabelPatch([excluded], labels), nulls);
    assert.deepEqual(providerLabelPatch([], { ...labels, other: 'x' }), nulls);
  });
});

describe('provider network conditions per node', () => {
  const at = new Date('2026-01-01T00:00:00Z');

  it('adds a Ready=True condition naming the node, bridge, NIC and MTU', () => {
    const [c] = nodeConditionsAfter(undefined, 'node1', ready, at);
    assert.deepEqual({ node: c!.node, type: c!.type, status: c!.status, reason: c!.reason, message: c!.message }, {
      node: 'node1',
      type: 'Ready',
      status: 'True',
      reason: 'InitOVSBridgeSucceeded',
      message: 'bridge br-phy on eth1, MTU 1500',
    });
  });

  it('turns it False with the reason when the NIC is missing, leaving other nodes alone', () => {
    const other: NodeCondition = { node: 'node2', type: 'Ready', status: 'True', reason: 'InitOVSBridgeSucceeded' };
    const list = nodeConditionsAfter([other, ...nodeConditionsAfter(undefined, 'node1', ready, at)], 'node1', failed, at);
    assert.equal(list.length, 2);
    assert.deepEqual(list[0], other);
    assert.equal(list[1]!.status, 'False');
    assert.match(list[1]!.message!, /eth9 does not exist/);
  });

  it('returns the same array when nothing changes (no write on a quiet pass)', () => {
    const list = nodeConditionsAfter(undefined, 'node1', ready, at);
    assert.equal(nodeConditionsAfter(list, 'node1', ready, new Date()), list);
  });

  it('drops the node\'s condition once the node is excluded', () => {
    const list = nodeConditionsAfter(undefined, 'node1', ready, at);
    assert.deepEqual(nodeConditionsAfter(list, 'node1', excluded, at), []);
  });
});
