import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldCause } from '../../../src/engine/cluster/api-error.js';
import type { KubeObject } from '../../../src/engine/cluster/types.js';
import { validateObject } from '../../../src/engine/cluster/schema/validate.js';

function kubeovn(kind: string, spec: Record<string, unknown>, name = 'obj-1'): KubeObject {
  return { apiVersion: 'kubeovn.io/v1', kind, metadata: { name }, spec };
}

function messages(causes: FieldCause[]): string[] {
  return causes.map((c) => c.message);
}

function onlyCause(obj: KubeObject, old?: KubeObject): FieldCause {
  const causes = validateObject(obj, old);
  assert.equal(causes.length, 1, JSON.stringify(messages(causes)));
  return causes[0];
}

const vlan = (spec: Record<string, unknown>) => kubeovn('Vlan', { provider: 'physnet', ...spec });

describe('validateObject: CRD schema rules', () => {
  it('accepts a minimal valid object of every kubeovn kind', () => {
    const valid: KubeObject[] = [
      kubeovn('Vpc', { namespaces: ['a'], staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIP: '10.0.0.1', policy: 'policyDst' }] }),
      kubeovn('Subnet', { cidrBlock: '10.16.0.0/16', protocol: 'IPv4', gatewayType: 'distributed', excludeIps: ['10.16.0.1'] }, 'ovn-default'),
      kubeovn('IP', { podName: 'p', namespace: 'default', subnet: 'ovn-default', v4IpAddress: '10.16.0.5' }, 'p.default'),
      kubeovn('IPPool', { subnet: 's', ips: ['10.0.0.10..10.0.0.20', '10.0.1.0/24', 'fd00::1'] }),
      vlan({ id: 100 }),
      kubeovn('ProviderNetwork', { defaultInterface: 'eth1' }, 'physnet'),
      kubeovn('OvnEip', { externalSubnet: 'external', type: 'nat' }),
      kubeovn('OvnFip', { ovnEip: 'e', ipName: 'p.default', type: 'distributed' }),
      kubeovn('OvnSnatRule', { ovnEip: 'e', vpcSubnet: 's' }),
      kubeovn('OvnDnatRule', { ovnEip: 'e', ipName: 'p', externalPort: '8080', internalPort: '80', protocol: 'tcp' }),
    ];
    for (const obj of valid) assert.deepEqual(messages(validateObject(obj)), [], obj.kind);
  });

  it('rejects a Vlan id above 4095 naming the field and the value (maximum)', () => {
    const cause = onlyCause(vlan({ id: 5000 }));
    assert.equal(cause.field, 'spec.id');
    assert.equal(cause.reason, 'FieldValueInvalid');
    assert.equal(cause.message, 'spec.id: Invalid value: 5000: spec.id in body should be less than or equal to 4095');
  });

  it('rejects a negative Vlan id (minimum)', () => {
    assert.equal(onlyCause(vlan({ id: -1 })).message, 'spec.id: Invalid value: -1: spec.id in body should be greater than or equal to 0');
  });

  it('accepts the Vlan id bounds 0 and 4095', () => {
    assert.deepEqual(validateObject(vlan({ id: 0 })), []);
    assert.deepEqual(validateObject(vlan({ id: 4095 })), []);
  });

  it('rejects a Vlan without provider (required)', () => {
    const cause = onlyCause(kubeovn('Vlan', { id: 1 }));
    assert.deepEqual(cause, { field: 'spec.provider', reason: 'FieldValueRequired', message: 'spec.provider: Required value' });
  });

  it('rejects a string where the schema wants an integer (type)', () => {
    const cause = onlyCause(vlan({ id: '100' }));
    assert.equal(cause.reason, 'FieldValueTypeInvalid');
    assert.equal(cause.message, 'spec.id: Invalid value: "string": spec.id in body must be of type integer: "string"');
  });

  it('rejects a fractional number where the schema wants an integer (type)', () => {
    assert.match(onlyCause(vlan({ id: 1.5 })).message, /must be of type integer: "number"/);
  });

  it('rejects null for a non-nullable field (type)', () => {
    assert.match(onlyCause(vlan({ provider: null })).message, /^spec.provider: Invalid value: "null"/);
  });

  it('rejects an unknown Subnet protocol listing the supported values (enum)', () => {
    const cause = onlyCause(kubeovn('Subnet', { protocol: 'IPv5' }));
    assert.equal(cause.reason, 'FieldValueNotSupported');
    assert.equal(cause.message, 'spec.protocol: Unsupported value: "IPv5": supported values: "IPv4", "IPv6", "Dual", "Mac"');
  });

  it('rejects an unknown gatewayType (enum)', () => {
    assert.equal(onlyCause(kubeovn('Subnet', { gatewayType: 'Centralized' })).field, 'spec.gatewayType');
  });

  it('checks items of arrays and names their index (enum, maximum in lists)', () => {
    const causes = validateObject(kubeovn('Subnet', { acls: [{ action: 'allow' }, { priority: 40000, direction: 'both' }] }));
    assert.deepEqual(messages(causes), [
      'spec.acls[1].priority: Invalid value: 40000: spec.acls[1].priority in body should be less than or equal to 32767',
      'spec.acls[1].direction: Unsupported value: "both": supported values: "from-lport", "to-lport"',
    ]);
  });

  it('rejects a ProviderNetwork interface with a slash or whitespace (pattern)', () => {
    const cause = onlyCause(kubeovn('ProviderNetwork', { defaultInterface: 'eth 1' }, 'net1'));
    assert.equal(cause.message, `spec.defaultInterface: Invalid value: "eth 1": spec.defaultInterface in body should match '^[^/\\s]+$'`);
  });

  it('rejects an interface name longer than 15 characters (maxLength)', () => {
    const cause = onlyCause(kubeovn('ProviderNetwork', { defaultInterface: 'a-very-long-nic-name' }, 'net1'));
    assert.deepEqual(cause, { field: 'spec.defaultInterface', reason: 'FieldValueTooLong', message: 'spec.defaultInterface: Too long: may not be longer than 15' });
  });

  it('rejects DNAT ports outside 1..65535 (pattern on a string port)', () => {
    const causes = validateObject(kubeovn('OvnDnatRule', { externalPort: '0', internalPort: '65536' }));
    assert.deepEqual(causes.map((c) => c.field), ['spec.externalPort', 'spec.internalPort']);
  });

  it('rejects an IPPool entry that is no IP, CIDR or range (anyOf with formats)', () => {
    const cause = onlyCause(kubeovn('IPPool', { subnet: 's', ips: ['10.0.0.1', 'not-an-ip'] }));
    assert.equal(cause.message, 'spec.ips[1]: Invalid value: "not-an-ip": spec.ips[1] in body must validate at least one schema (anyOf)');
  });

  it('rejects an empty IPPool ips list (minItems) and duplicates (list-type set)', () => {
    assert.match(onlyCause(kubeovn('IPPool', { subnet: 's', ips: [] })).message, /should have at least 1 items/);
    const dup = onlyCause(kubeovn('IPPool', { subnet: 's', ips: ['10.0.0.1', '10.0.0.1'] }));
    assert.deepEqual(dup, { field: 'spec.ips[1]', reason: 'FieldValueDuplicate', message: 'spec.ips[1]: Duplicate value: "10.0.0.1"' });
  });

  it('rejects a reserved kernel routing table (not)', () => {
    const cause = onlyCause(kubeovn('Subnet', { policyRoutingTableID: 254 }));
    assert.equal(cause.message, 'spec.policyRoutingTableID: Invalid value: 254: spec.policyRoutingTableID in body must not validate the schema (not)');
  });

  it('rejects a date-time that is not RFC 3339 in status conditions (format)', () => {
    const obj = { ...vlan({}), status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: 'yesterday' }] } };
    assert.match(onlyCause(obj).message, /^status.conditions\[0\].lastTransitionTime: Invalid value: "yesterday": .* must be of type date-time/);
  });

  it('enforces immutable fields only on update (self == oldSelf)', () => {
    const old = kubeovn('IPPool', { subnet: 'a', ips: ['10.0.0.1'] });
    const changed = kubeovn('IPPool', { subnet: 'b', ips: ['10.0.0.1'] });
    assert.deepEqual(validateObject(changed), []);
    assert.deepEqual(validateObject(changed, old).map((c) => c.message), ['spec.subnet: Invalid value: "string": This field is immutable.']);
    assert.deepEqual(validateObject(old, old), []);
  });

  it('applies the CRD narrowing of metadata.name (subnet names may not start with a digit)', () => {
    assert.equal(onlyCause(kubeovn('Subnet', {}, '1net')).message, `metadata.name: Invalid value: "1net": metadata.name in body should match '^[^0-9]'`);
  });

  it('limits ProviderNetwork names to 12 characters and refuses "int"', () => {
    assert.equal(onlyCause(kubeovn('ProviderNetwork', { defaultInterface: 'eth1' }, 'abcdefghijklm')).field, 'metadata.name');
    assert.match(onlyCause(kubeovn('ProviderNetwork', { defaultInterface: 'eth1' }, 'int')).message, /must not validate the schema/);
  });

  it('does not report unknown fields (they are pruned, not rejected)', () => {
    assert.deepEqual(validateObject(vlan({ id: 1, colour: 'blue' })), []);
  });

  it('reports every problem at once', () => {
    assert.equal(validateObject(kubeovn('Vlan', { id: 9999 }, 'Bad_Name')).length, 3);
  });
});

describe('validateObject: metadata rules of the API server', () => {
  it('requires a name or generateName', () => {
    const obj: KubeObject = { apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: {} as KubeObject['metadata'], spec: { provider: 'p' } };
    assert.equal(onlyCause(obj).message, 'metadata.name: Required value: name or generateName is required');
    assert.deepEqual(validateObject({ ...obj, metadata: { name: '', generateName: 'vlan-' } }), []);
  });

  it('requires names to be DNS-1123 subdomains', () => {
    const cause = onlyCause({ ...vlan({}), metadata: { name: 'Vlan_10' } });
    assert.equal(cause.field, 'metadata.name');
    assert.match(cause.message, /^metadata.name: Invalid value: "Vlan_10": a lowercase RFC 1123 subdomain must consist of/);
    assert.deepEqual(validateObject({ ...vlan({}), metadata: { name: 'vlan.10-a' } }), []);
    assert.match(onlyCause({ ...vlan({}), metadata: { name: 'a'.repeat(254) } }).message, /must be no more than 253 characters/);
  });

  it('requires namespace names to be DNS-1123 labels (no dots)', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } };
    assert.match(onlyCause(ns).message, /a lowercase RFC 1123 label must consist of/);
  });

  it('requires service names to be DNS-1035 labels (start with a letter)', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web', namespace: 'default' }, spec: {} };
    assert.match(onlyCause(svc).message, /a DNS-1035 label must consist of/);
  });

  it('allows dotted pod names, as a real API server does', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web.0', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }] } };
    assert.deepEqual(validateObject(pod), []);
  });

  it('checks the namespace of namespaced objects', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'Bad NS' }, spec: { containers: [{ name: 'c' }] } };
    assert.equal(onlyCause(pod).field, 'metadata.namespace');
  });

  it('checks label keys and values', () => {
    const obj = { ...vlan({}), metadata: { name: 'v', labels: { 'ok/key': 'v1', 'bad key': 'v', k: 'bad value!' } } };
    const causes = validateObject(obj);
    assert.deepEqual(causes.map((c) => c.field), ['metadata.labels', 'metadata.labels']);
    assert.match(causes[0].message, /^metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters/);
    assert.match(causes[1].message, /^metadata.labels: Invalid value: "bad value!": a valid label must be an empty string or consist of/);
  });

  it('accepts Kube-OVN annotation keys and rejects malformed ones', () => {
    const good = { ...vlan({}), metadata: { name: 'v', annotations: { 'ovn.kubernetes.io/logical_switch': 'ovn-default', 'attach.default.kubernetes.io/ip_address': '10.0.0.2' } } };
    assert.deepEqual(validateObject(good), []);
    const bad = { ...vlan({}), metadata: { name: 'v', annotations: { 'a/b/c': 'x' } } };
    assert.equal(onlyCause(bad).field, 'metadata.annotations');
  });

  it('caps the total annotation size at 256 KiB', () => {
    const big = { ...vlan({}), metadata: { name: 'v', annotations: { big: 'x'.repeat(256 * 1024) } } };
    assert.equal(onlyCause(big).reason, 'FieldValueTooLong');
  });
});

describe('validateObject: built-in kinds stay lenient', () => {
  it('accepts an ordinary Deployment manifest with fields it does not model', () => {
    const deploy: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        replicas: 3,
        strategy: { type: 'RollingUpdate' },
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' }, annotations: { 'ovn.kubernetes.io/logical_switch': 'net1' } },
          spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1' } } }] },
        },
      },
    };
    assert.deepEqual(validateObject(deploy), []);
  });

  it('requires the containers of a pod', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: {} };
    assert.equal(onlyCause(pod).message, 'spec.containers: Required value');
  });

  it('checks service ports and types', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'Cluster', ports: [{ port: 70000, targetPort: 'http' }] } };
    assert.deepEqual(validateObject(svc).map((c) => c.field), ['spec.type', 'spec.ports[0].port']);
  });

  it('accepts a namespace, a node and an event with only metadata', () => {
    assert.deepEqual(validateObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } }), []);
    assert.deepEqual(validateObject({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1.lab' } }), []);
  });

  it('checks only metadata of kinds it does not know', () => {
    assert.deepEqual(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { anything: 1 } }), []);
  });

  it('requires apiVersion and kind', () => {
    const causes = validateObject({ metadata: { name: 'x' } } as unknown as KubeObject);
    assert.deepEqual(causes.map((c) => c.field), ['apiVersion', 'kind']);
  });
});
