import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AddressConflictError, AddressOutOfRangeError, InvalidAddressError, Ipam, MacConflictError } from '../../../src/engine/ipam/index.js';

describe('Ipam subnet settings', () => {
  it('normalizes the subnet: network address, default gateways, merged sorted excludeIps with the gateway', () => {
    const ipam = new Ipam();
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: 'fd00::5/120,10.16.0.5/24', gateway: '10.16.0.254', excludeIps: ['10.16.0.20..10.16.0.30', '10.16.0.25..10.16.0.40', '10.16.0.2', '10.99.0.1'] });
    const info = ipam.subnet('net1')!;
    assert.equal(info.protocol, 'Dual');
    assert.equal(info.cidrBlock, '10.16.0.0/24,fd00::/120');
    assert.equal(info.gateway, '10.16.0.254,fd00::1');
    assert.deepEqual(info.excludeIps, ['10.16.0.2', '10.16.0.20..10.16.0.40', '10.16.0.254', 'fd00::1']);
  });

  it('rejects invalid subnet fields, naming the field and value', () => {
    const ipam = new Ipam();
    assert.throws(() => ipam.addOrUpdateSubnet({ name: 'n', cidrBlock: '10.16.0.0/33' }), (e: unknown) => e instanceof InvalidAddressError && e.field === 'cidrBlock');
    assert.throws(() => ipam.addOrUpdateSubnet({ name: 'n', cidrBlock: '10.16.0.0/24,10.17.0.0/24' }), /holds two CIDRs of one family/);
    assert.throws(() => ipam.addOrUpdateSubnet({ name: 'n', cidrBlock: 'FD00::/120' }), /must be lowercase/);
    assert.throws(() => ipam.addOrUpdateSubnet({ name: 'n', cidrBlock: '10.16.0.0/24', gateway: '10.17.0.1' }), AddressOutOfRangeError);
    assert.throws(() => ipam.addOrUpdateSubnet({ name: 'n', cidrBlock: '10.16.0.0/24', gateway: '10.16.0.255' }), /gateway 10\.16\.0\.255 is not a usable address of subnet n/);
    assert.throws(() => ipam.addOrUpdateSubnet({ name: 'n', cidrBlock: '10.16.0.0/24', excludeIps: ['10.16.0.1', '10.16.0.9..10.16.0.3'] }), (e: unknown) => e instanceof InvalidAddressError && e.field === 'excludeIps[1]');
    assert.throws(() => ipam.addOrUpdateSubnet({ name: 'n', cidrBlock: '', excludeIps: ['10.16.0.1'] }), /must be empty on a subnet without cidrBlock/);
    assert.equal(ipam.subnet('n'), undefined);
  });

  it('keeps allocations inside a changed CIDR and reports the ones now outside', () => {
    const ipam = new Ipam();
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24' });
    ipam.allocate({ key: 'a', subnet: 'net1', ip: '10.16.0.10', owner: 'pod default/a' });
    ipam.allocate({ key: 'b', subnet: 'net1', ip: '10.16.0.200', owner: 'pod default/b' });
    const { evicted } = ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/25' });
    assert.deepEqual(evicted, [{ key: 'b', owner: 'pod default/b', ip: '10.16.0.200' }]);
    assert.equal(ipam.owner('net1', '10.16.0.10'), 'a');
    const oldMac = ipam.allocation('b', 'net1')!.mac;
    const moved = ipam.allocate({ key: 'b', subnet: 'net1' });
    assert.equal(moved.v4, '10.16.0.2');
    assert.equal(moved.mac, oldMac, 'the key keeps its MAC');
    assert.equal(ipam.usage('net1').v4Using, 2n);
  });

  it('counts addresses a CIDR change adds as never used', () => {
    const ipam = new Ipam();
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/30' });
    ipam.allocate({ key: 'a', subnet: 'net1' }); // .2
    ipam.release('a', 'net1');
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/29' });
    assert.equal(ipam.allocate({ key: 'b', subnet: 'net1' }).v4, '10.16.0.3', 'new never-used address before the released .2');
  });

  it('adds a family when a subnet becomes dual stack, and the next allocate fills it', () => {
    const ipam = new Ipam();
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24' });
    ipam.allocate({ key: 'a', subnet: 'net1' });
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24,fd00::/120' });
    assert.equal(ipam.allocate({ key: 'a', subnet: 'net1' }).ipAddress, '10.16.0.2,fd00::2');
  });

  it('refuses a gateway change onto an address in use, changing nothing', () => {
    const ipam = new Ipam();
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24' });
    ipam.allocate({ key: 'a', subnet: 'net1', owner: 'pod default/a' });
    assert.throws(() => ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24', gateway: '10.16.0.2' }), (e: unknown) => {
      assert.ok(e instanceof AddressConflictError);
      assert.equal(e.message, 'gateway 10.16.0.2 is already used by pod default/a');
      return true;
    });
    assert.equal(ipam.subnet('net1')!.gateway, '10.16.0.1');
  });

  it('keeps the router MAC across updates and refuses a router MAC a pod holds', () => {
    const ipam = new Ipam();
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24' });
    const router = ipam.subnet('net1')!.routerMac;
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24', excludeIps: ['10.16.0.9'] });
    assert.equal(ipam.subnet('net1')!.routerMac, router);
    assert.equal(ipam.macOwner('net1', router), 'router port of subnet net1');
    ipam.allocate({ key: 'a', subnet: 'net1', mac: '02:00:00:00:00:07', owner: 'pod default/a' });
    assert.throws(() => ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24', routerMac: '02:00:00:00:00:07' }), MacConflictError);
  });

  it('forgets a removed subnet with its pools', () => {
    const ipam = new Ipam();
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24' });
    ipam.addOrUpdatePool({ name: 'p', subnet: 'net1', ips: ['10.16.0.9'] });
    ipam.removeSubnet('net1');
    assert.equal(ipam.subnet('net1'), undefined);
    assert.throws(() => ipam.poolUsage('p'), /ip_pool p is not an IPPool/);
  });
});

describe('Ipam restore at start', () => {
  it('rebuilds allocations from IP objects and continues above them', () => {
    const ipam = new Ipam();
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24,fd00::/120' });
    const result = ipam.restore([
      { key: 'a.default', owner: 'pod default/a', subnet: 'net1', v4: '10.16.0.2', v6: 'fd00::2', mac: '02:00:00:00:00:02' },
      { key: 'b.default', subnet: 'net1', v4: '10.16.0.3', v6: 'fd00::3' },
    ]);
    assert.deepEqual(result, { restored: 2, rejected: [] });
    assert.equal(ipam.allocation('a.default', 'net1')!.mac, '02:00:00:00:00:02');
    assert.match(ipam.allocation('b.default', 'net1')!.mac, /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    assert.equal(ipam.allocate({ key: 'c', subnet: 'net1' }).ipAddress, '10.16.0.4,fd00::4');
    assert.equal(ipam.allocate({ key: 'a.default', subnet: 'net1' }).ipAddress, '10.16.0.2,fd00::2', 'restored keys get their addresses back');
  });

  it('restores addresses in excludeIps and in pools, as they were valid when made', () => {
    const ipam = new Ipam();
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24', excludeIps: ['10.16.0.2..10.16.0.9'] });
    ipam.addOrUpdatePool({ name: 'p', subnet: 'net1', ips: ['10.16.0.50..10.16.0.59'] });
    const result = ipam.restore([
      { key: 'a', subnet: 'net1', v4: '10.16.0.5' },
      { key: 'b', subnet: 'net1', v4: '10.16.0.55' },
    ]);
    assert.equal(result.restored, 2);
  });

  it('rejects conflicting or invalid entries with the reason and carries on', () => {
    const ipam = new Ipam();
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24' });
    const result = ipam.restore([
      { key: 'a', owner: 'pod default/a', subnet: 'net1', v4: '10.16.0.5', mac: '02:00:00:00:00:05' },
      { key: 'b', subnet: 'net1', v4: '10.16.0.5' },
      { key: 'c', subnet: 'net1', v4: '10.16.0.6', mac: '02:00:00:00:00:05' },
      { key: 'd', subnet: 'gone', v4: '10.16.0.7' },
      { key: 'e', subnet: 'net1', v4: '10.17.0.7' },
      { key: 'f', subnet: 'net1', v4: 'fd00::7' },
      { key: 'g', subnet: 'net1', v4: '10.16.0.8' },
    ]);
    assert.equal(result.restored, 2);
    assert.deepEqual(
      result.rejected.map(({ entry, error }) => `${entry.key}: ${error.message}`),
      [
        'b: v4IpAddress 10.16.0.5 is already used by pod default/a',
        'c: macAddress 02:00:00:00:00:05 is already used by pod default/a',
        'd: subnet gone: no such subnet',
        'e: v4IpAddress 10.17.0.7 is not in subnet net1 (10.16.0.0/24)',
        'f: v4IpAddress "fd00::7" is not an IPv4 address',
      ],
    );
  });
});

describe('Ipam usage', () => {
  it('reports counts and range strings in the form of Subnet status', () => {
    const ipam = new Ipam();
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/28', excludeIps: ['10.16.0.12..10.16.0.13'] });
    for (const key of ['a', 'b', 'c', 'd']) ipam.allocate({ key, subnet: 'net1' }); // .2-.5
    ipam.allocate({ key: 'e', subnet: 'net1', ip: '10.16.0.10' });
    ipam.release('c', 'net1');
    assert.deepEqual(ipam.usage('net1'), {
      v4Using: 4n,
      v4Available: 14n - 3n - 4n,
      v4UsingRange: '10.16.0.2-10.16.0.3,10.16.0.5,10.16.0.10',
      v4AvailableRange: '10.16.0.4,10.16.0.6-10.16.0.9,10.16.0.11,10.16.0.14',
      v6Using: 0n,
      v6Available: 0n,
      v6UsingRange: '',
      v6AvailableRange: '',
    });
  });
});
