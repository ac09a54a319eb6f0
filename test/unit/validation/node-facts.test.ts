import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nodeFacts } from '../../../src/engine/controller/validation/inputs.js';

describe('nodeFacts', () => {
  it('reads InternalIP addresses, the Ready condition and labels from a Node', () => {
    const facts = nodeFacts({
      metadata: { name: 'node1', labels: { 'kubernetes.io/os': 'linux' } },
      status: {
        addresses: [
          { type: 'Hostname', address: 'node1' },
          { type: 'InternalIP', address: '172.18.0.2' },
          { type: 'InternalIP', address: 'fc00::2' },
        ],
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
    assert.deepEqual(facts, { name: 'node1', internalIPs: ['172.18.0.2', 'fc00::2'], ready: true, labels: { 'kubernetes.io/os': 'linux' } });
  });

  it('treats a node without a True Ready condition as not ready', () => {
    assert.equal(nodeFacts({ metadata: { name: 'n' }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }).ready, false);
  });
});
