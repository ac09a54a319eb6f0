import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiVersionOf, builtinKinds, kindInfo, kindInfoFor } from '../../../src/engine/cluster/kinds/registry.js';

describe('kind registry', () => {
  it('finds Subnet by kind, plural, short name and plural.group, case-insensitively', () => {
    for (const name of ['Subnet', 'subnet', 'SUBNETS', 'subnets', 'subnets.kubeovn.io', 'Subnet.kubeovn.io', 'subnets.v1.kubeovn.io']) {
      assert.equal(kindInfo(name)?.kind, 'Subnet', name);
    }
  });

  it('knows the Kube-OVN short names', () => {
    const expected: Record<string, string> = {
      vpc: 'Vpc', ip: 'IP', ippool: 'IPPool', vlan: 'Vlan', pn: 'ProviderNetwork',
      oeip: 'OvnEip', ofip: 'OvnFip', osnat: 'OvnSnatRule', odnat: 'OvnDnatRule',
    };
    for (const [short, kind] of Object.entries(expected)) assert.equal(kindInfo(short)?.kind, kind, short);
  });

  it('knows the kubectl short names of the core kinds', () => {
    const expected: Record<string, string> = {
      ns: 'Namespace', no: 'Node', po: 'Pod', svc: 'Service', ep: 'Endpoints', ev: 'Event', netpol: 'NetworkPolicy',
      deploy: 'Deployment', sts: 'StatefulSet', crd: 'CustomResourceDefinition', endpointslices: 'EndpointSlice', leases: 'Lease',
    };
    for (const [short, kind] of Object.entries(expected)) assert.equal(kindInfo(short)?.kind, kind, short);
  });

  it('resolves dashed plurals such as provider-networks and ovn-snat-rules', () => {
    assert.equal(kindInfo('provider-networks')?.kind, 'ProviderNetwork');
    assert.equal(kindInfo('ovn-snat-rules.kubeovn.io')?.kind, 'OvnSnatRule');
  });

  it('accepts the dashed singular names kubectl accepts', () => {
    assert.equal(kindInfo('provider-network')?.kind, 'ProviderNetwork');
    assert.equal(kindInfo('ovn-eip')?.kind, 'OvnEip');
    assert.equal(kindInfo('ovn-dnat-rule.kubeovn.io')?.kind, 'OvnDnatRule');
  });

  it('returns undefined for unknown names and for a wrong group or version', () => {
    assert.equal(kindInfo('widgets'), undefined);
    assert.equal(kindInfo('subnets.example.com'), undefined);
    assert.equal(kindInfo('subnets.v2.kubeovn.io'), undefined);
    assert.equal(kindInfo(''), undefined);
  });

  it('serves every kubeovn.io kind cluster-scoped at v1, IP without a status subresource', () => {
    const kubeovn = builtinKinds.filter((k) => k.group === 'kubeovn.io');
    assert.equal(kubeovn.length, 10);
    for (const k of kubeovn) {
      assert.equal(k.version, 'v1');
      assert.equal(k.namespaced, false, k.kind);
      assert.equal(k.hasStatus, k.kind !== 'IP', k.kind);
    }
  });

  it('addresses core kinds by their API group', () => {
    assert.equal(apiVersionOf(kindInfo('Pod')!), 'v1');
    assert.equal(apiVersionOf(kindInfo('EndpointSlice')!), 'discovery.k8s.io/v1');
    assert.equal(apiVersionOf(kindInfo('netpol')!), 'networking.k8s.io/v1');
    assert.equal(apiVersionOf(kindInfo('Lease')!), 'coordination.k8s.io/v1');
    assert.equal(apiVersionOf(kindInfo('Deployment')!), 'apps/v1');
    assert.equal(kindInfoFor('apps/v1', 'StatefulSet')?.plural, 'statefulsets');
    assert.equal(kindInfoFor('v1', 'StatefulSet'), undefined);
  });

  it('has no name that points at two kinds', () => {
    const seen = new Map<string, string>();
    for (const k of builtinKinds) {
      for (const name of [k.plural, ...(k.shortNames ?? [])]) {
        const key = `${name}.${k.group}`;
        assert.equal(seen.get(key), undefined, `${key} used by ${seen.get(key)} and ${k.kind}`);
        seen.set(key, k.kind);
      }
    }
  });
});
