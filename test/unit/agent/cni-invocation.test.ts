import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCniArgs, parseInvocation, parseNetworkConfig, versionAtLeast } from '../../../src/cni/cni-invocation.js';
import { CniError } from '../../../src/cni/cni-error.js';
import { formatResult } from '../../../src/cni/cni-result.js';

const config = JSON.stringify({ cniVersion: '1.0.0', name: 'kovn', type: 'kovn', server_socket: '/run/kovn/cni.sock' });
const env = {
  CNI_COMMAND: 'ADD',
  CNI_CONTAINERID: 'abc',
  CNI_NETNS: '/var/run/netns/p1',
  CNI_IFNAME: 'eth0',
  CNI_PATH: '/opt/cni/bin',
  CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web',
};

function codeOf(fn: () => unknown): number {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CniError, String(error));
    return error.code;
  }
  assert.fail('expected a CniError');
}

describe('CNI invocation parsing', () => {
  it('reads the pod from CNI_ARGS and the socket from the network configuration', () => {
    const inv = parseInvocation(env, config);
    assert.equal(inv.command, 'ADD');
    assert.equal(inv.podName, 'web');
    assert.equal(inv.podNamespace, 'default');
    assert.equal(inv.netns, '/var/run/netns/p1');
    assert.equal(inv.config.serverSocket, '/run/kovn/cni.sock');
  });

  it('splits CNI_ARGS on ";" and keeps "=" inside values', () => {
    assert.deepEqual([...parseCniArgs('A=1;B=x=y;')], [['A', '1'], ['B', 'x=y']]);
    assert.equal(codeOf(() => parseCniArgs('novalue')), 4);
  });

  it('answers undecodable stdin with code 6 and a wrong version with code 1', () => {
    assert.equal(codeOf(() => parseNetworkConfig('{oops')), 6);
    assert.equal(codeOf(() => parseNetworkConfig('[]')), 6);
    assert.equal(codeOf(() => parseNetworkConfig(JSON.stringify({ cniVersion: '2.0.0', name: 'n', type: 'kovn' }))), 1);
    assert.equal(codeOf(() => parseNetworkConfig(JSON.stringify({ cniVersion: '1.0.0', name: 'n', type: 'bridge' }))), 7);
  });

  it('answers a missing or unknown variable with code 4, naming it', () => {
    assert.equal(codeOf(() => parseInvocation({ ...env, CNI_COMMAND: 'FROB' }, config)), 4);
    assert.equal(codeOf(() => parseInvocation({ ...env, CNI_CONTAINERID: '' }, config)), 4);
    assert.equal(codeOf(() => parseInvocation({ ...env, CNI_IFNAME: 'a-very-long-interface-name' }, config)), 4);
    assert.equal(codeOf(() => parseInvocation({ ...env, CNI_ARGS: 'K8S_POD_NAME=web' }, config)), 4);
    assert.throws(() => parseInvocation({ ...env, CNI_NETNS: undefined }, config), /CNI_NETNS/);
  });

  it('lets DEL go without a network namespace or pod name', () => {
    const inv = parseInvocation({ ...env, CNI_COMMAND: 'DEL', CNI_NETNS: undefined, CNI_ARGS: undefined }, config);
    assert.equal(inv.netns, '');
    assert.equal(inv.podName, '');
  });

  it('refuses CHECK before cniVersion 0.4.0', () => {
    const old = JSON.stringify({ cniVersion: '0.3.1', name: 'kovn', type: 'kovn' });
    assert.equal(codeOf(() => parseInvocation({ ...env, CNI_COMMAND: 'CHECK' }, old)), 1);
    assert.ok(versionAtLeast('1.0.0', '0.4.0'));
    assert.ok(!versionAtLeast('0.3.1', '0.4.0'));
  });

  it('adds the per-IP version field only for pre-1.0 results', () => {
    const body = { interfaces: [], ips: [{ address: '10.16.0.5/16', interface: 1 }, { address: 'fd00::5/64', interface: 1 }], routes: [], dns: {} };
    assert.deepEqual((formatResult('0.4.0', body).ips as { version: string }[]).map((i) => i.version), ['4', '6']);
    assert.equal(Object.hasOwn((formatResult('1.0.0', body).ips as object[])[0]!, 'version'), false);
  });
});
