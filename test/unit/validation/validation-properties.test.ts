import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatSubnet } from '../../../src/engine/controller/validation/subnet-format.js';
import { validateSubnet } from '../../../src/engine/controller/validation/subnet-rules.js';
import { validatePodNetworkAnnotations } from '../../../src/engine/controller/validation/pod-annotation-rules.js';
import { validateIpPool } from '../../../src/engine/controller/validation/ippool-rules.js';
import type { SubnetSpec } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import { cluster, defaults, subnet } from './fixtures.js';

/** Text that is often almost an address: fragments users really type, glued together. */
const addressText = fc
  .array(fc.constantFrom('10.0.0.', '0', '1', '5', '255', '300', '/24', '/31', '/32', '/120', 'fd00::', 'FD00::', ':', '.', '..', ',', ';', ' ', 'x', '-'), { maxLength: 8 })
  .map((parts) => parts.join(''));

const subnetSpec: fc.Arbitrary<SubnetSpec> = fc.record(
  {
    cidrBlock: fc.oneof(addressText, fc.constantFrom('10.0.0.0/24', '10.0.0.5/24,fd00::5/120', 'fd00::/120')),
    gateway: addressText,
    excludeIps: fc.array(addressText, { maxLength: 4 }),
    vlan: fc.constantFrom('', 'v1'),
    vips: fc.array(addressText, { maxLength: 2 }),
    u2oInterconnection: fc.boolean(),
    u2oInterconnectionIP: addressText,
    externalEgressGateway: addressText,
    mtu: fc.integer({ min: -10, max: 70000 }),
    gatewayType: fc.constantFrom('', 'distributed', 'centralized'),
    gatewayNode: addressText,
  },
  { requiredKeys: [] },
);

describe('validation properties', () => {
  it('never throws on arbitrary subnet input, and reports every issue with field, reason and message', () => {
    fc.assert(
      fc.property(subnetSpec, (spec) => {
        const formatted = formatSubnet(subnet('s1', spec), defaults).spec;
        for (const issue of validateSubnet(subnet('s1', formatted), cluster(), spec)) {
          assert.ok(issue.field.length > 0 && issue.reason.length > 0 && issue.message.startsWith(issue.field));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('formats idempotently: a formatted subnet formats to itself', () => {
    fc.assert(
      fc.property(subnetSpec, (spec) => {
        const once = formatSubnet(subnet('s1', spec), defaults).spec;
        assert.deepEqual(formatSubnet(subnet('s1', once), defaults).changes, []);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary pod annotations or IPPool entries', () => {
    const ctx = { subnets: [subnet('s1', { cidrBlock: '10.0.0.0/24' })], ipPools: [] };
    fc.assert(
      fc.property(addressText, fc.string(), (text, raw) => {
        const keys = ['ip_address', 'mac_address', 'ip_pool', 'logical_switch', 'ingress_rate', 'ip_family', 'routes', 'port_security'];
        const annotations = Object.fromEntries(keys.map((key, i) => [`ovn.kubernetes.io/${key}`, i % 2 === 0 ? text : raw]));
        validatePodNetworkAnnotations({ metadata: { name: 'p', annotations } }, ctx);
        validateIpPool({ metadata: { name: 'p' }, spec: { subnet: 's1', ips: [text, raw] } }, ctx);
      }),
      { numRuns: 300 },
    );
  });
});
