import { describe, it } from 'node:test';
import { validateProviderNetwork } from '../../../src/engine/controller/validation/provider-network-rules.js';
import { Reason } from '../../../src/engine/controller/validation/reasons.js';
import { expectIssue, expectNoIssues, providerNetwork } from './fixtures.js';

describe('ProviderNetwork rules', () => {
  it('accepts a provider network with valid interfaces and nodes', () => {
    expectNoIssues(
      validateProviderNetwork(
        providerNetwork('net1', { defaultInterface: 'eth1', customInterfaces: [{ interface: 'ens5', nodes: ['node1'] }], excludeNodes: ['node2'], vlanInterfaces: ['eth1.100'] }),
      ),
    );
  });

  it('rejects a name longer than 12 bytes because br-<name> must fit 15', () => {
    expectIssue(validateProviderNetwork(providerNetwork('provider-net1')), Reason.ProviderNetworkNameTooLong, { message: /br-provider-net1/ });
  });

  it('rejects a missing defaultInterface', () => {
    expectIssue(validateProviderNetwork(providerNetwork('net1', { defaultInterface: '' })), Reason.MissingDefaultInterface);
  });

  it('rejects a defaultInterface longer than 15 bytes', () => {
    expectIssue(validateProviderNetwork(providerNetwork('net1', { defaultInterface: 'enp0s31f6-uplink0' })), Reason.InvalidInterfaceName, { field: 'spec.defaultInterface' });
  });

  it("rejects a defaultInterface with '/' or whitespace", () => {
    expectIssue(validateProviderNetwork(providerNetwork('net1', { defaultInterface: 'eth/1' })), Reason.InvalidInterfaceName);
    expectIssue(validateProviderNetwork(providerNetwork('net1', { defaultInterface: 'eth 1' })), Reason.InvalidInterfaceName);
  });

  it('rejects an invalid custom interface name', () => {
    expectIssue(validateProviderNetwork(providerNetwork('net1', { customInterfaces: [{ interface: 'a/b', nodes: ['node1'] }] })), Reason.InvalidInterfaceName, {
      field: 'spec.customInterfaces[0].interface',
    });
  });

  it('rejects a node listed under two custom interfaces', () => {
    const pn = providerNetwork('net1', { customInterfaces: [{ interface: 'ens5', nodes: ['node1'] }, { interface: 'ens6', nodes: ['node1'] }] });
    expectIssue(validateProviderNetwork(pn), Reason.DuplicateCustomInterfaceNode, { conflictsWith: 'Node/node1' });
  });

  it('rejects an excludeNodes entry that is not a node name', () => {
    expectIssue(validateProviderNetwork(providerNetwork('net1', { excludeNodes: ['Node_1'] })), Reason.InvalidNodeName, { field: 'spec.excludeNodes[0]' });
  });

  it('rejects a vlanInterfaces entry not of the form <interface>.<vlan id>', () => {
    expectIssue(validateProviderNetwork(providerNetwork('net1', { vlanInterfaces: ['eth1-100'] })), Reason.InvalidVlanInterface);
    expectIssue(validateProviderNetwork(providerNetwork('net1', { vlanInterfaces: ['eth1.5000'] })), Reason.InvalidVlanInterface);
  });
});
