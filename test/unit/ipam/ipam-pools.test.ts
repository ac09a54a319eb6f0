import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddressConflictError,
  AddressOutOfRangeError,
  InvalidAddressError,
  Ipam,
  PoolExhaustedError,
  PoolOverlapError,
  UnknownPoolError,
} from '../../../src/engine/ipam/index.js';
import type { IpamError } from '../../../src/engine/ipam/index.js';

function rejects<T extends IpamError>(fn: () => unknown, type: new (...args: never[]) => T, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    assert.match(error.message, message);
    return true;
  });
}

function subnetIpam(cidrBlock = '10.16.0.0/24'): Ipam {
  const ipam = new Ipam();
  ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock });
  return ipam;
}

describe('Ipam ip_pool as an IP list', () => {
  it('gives a pod the first entry no other pod holds', () => {
    const ipam = subnetIpam();
    const pool = '10.16.0.10,10.16.0.11,10.16.0.12';
    assert.equal(ipam.allocate({ key: 'a', subnet: 'net1', pool }).v4, '10.16.0.10');
    assert.equal(ipam.allocate({ key: 'b', subnet: 'net1', pool }).v4, '10.16.0.11');
    assert.equal(ipam.allocate({ key: 'a', subnet: 'net1', pool }).v4, '10.16.0.10', 'idempotent');
    ipam.release('a', 'net1');
    assert.equal(ipam.allocate({ key: 'c', subnet: 'net1', pool }).v4, '10.16.0.10');
    ipam.allocate({ key: 'd', subnet: 'net1', pool });
    rejects(() => ipam.allocate({ key: 'e', subnet: 'net1', pool }), PoolExhaustedError, /ip_pool 10\.16\.0\.10,.* has no entry that another owner does not already hold/);
  });

  it('gives a StatefulSet pod the entry at its ordinal', () => {
    const ipam = subnetIpam();
    const pool = '10.16.0.10,10.16.0.11,10.16.0.12';
    assert.equal(ipam.allocate({ key: 'web.2.default', subnet: 'net1', pool, ordinal: 2 }).v4, '10.16.0.12');
    assert.equal(ipam.allocate({ key: 'web.0.default', subnet: 'net1', pool, ordinal: 0 }).v4, '10.16.0.10');
    rejects(() => ipam.allocate({ key: 'web.3.default', subnet: 'net1', pool, ordinal: 3 }), PoolExhaustedError, /has no entry for ordinal 3 \(it has 3\)/);
  });

  it('takes both families of a dual-stack entry, with ; between entries', () => {
    const ipam = subnetIpam('10.16.0.0/24,fd00::/120');
    const pool = '10.16.0.10,fd00::10;10.16.0.11,fd00::11';
    assert.equal(ipam.allocate({ key: 'a', subnet: 'net1', pool }).ipAddress, '10.16.0.10,fd00::10');
    assert.equal(ipam.allocate({ key: 'b', subnet: 'net1', pool }).ipAddress, '10.16.0.11,fd00::11');
    const pair = subnetIpam('10.16.0.0/24,fd00::/120');
    assert.equal(pair.allocate({ key: 'a', subnet: 'net1', pool: '10.16.0.10,fd00::10' }).ipAddress, '10.16.0.10,fd00::10');
  });

  it('serves an ip_family request with its family of a dual-stack entry', () => {
    const ipam = subnetIpam('10.16.0.0/24,fd00::/120');
    const got = ipam.allocate({ key: 'a', subnet: 'net1', pool: '10.16.0.10,fd00::10;10.16.0.11,fd00::11', family: 'ipv6' });
    assert.deepEqual([got.v4, got.v6], [undefined, 'fd00::10']);
    assert.throws(() => ipam.allocate({ key: 'b', subnet: 'net1', ip: '10.16.0.20', family: 'ipv6' }), /ip_address "10\.16\.0\.20" holds an IPv4 address but ip_family asks for the other family/);
  });

  it('rejects list entries outside the subnet, and text that is neither a pool nor IPs', () => {
    const ipam = subnetIpam();
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', pool: '10.17.0.10,10.17.0.11' }), AddressOutOfRangeError, /ip_pool 10\.17\.0\.10 is not in subnet net1/);
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', pool: 'no-such-pool' }), UnknownPoolError, /ip_pool no-such-pool is neither an IPPool nor a list of IPs/);
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', pool: '10.16.0.10,10.16.0.x' }), InvalidAddressError, /ip_pool "10\.16\.0\.x"/);
  });
});

describe('Ipam IPPool objects', () => {
  it('hands pool addresses only to pods that ask for the pool', () => {
    const ipam = subnetIpam('10.16.0.0/28'); // usable .1-.14, gateway .1
    ipam.addOrUpdatePool({ name: 'pool-a', subnet: 'net1', ips: ['10.16.0.2..10.16.0.3', '10.16.0.8/30'] });
    assert.equal(ipam.allocate({ key: 'a', subnet: 'net1', pool: 'pool-a' }).v4, '10.16.0.2');
    assert.equal(ipam.allocate({ key: 'b', subnet: 'net1' }).v4, '10.16.0.4');
    assert.equal(ipam.allocate({ key: 'c', subnet: 'net1', pool: 'pool-a' }).v4, '10.16.0.3');
    assert.equal(ipam.allocate({ key: 'd', subnet: 'net1', pool: 'pool-a' }).v4, '10.16.0.8');
    const usage = ipam.poolUsage('pool-a');
    assert.equal(usage.v4Using, 3n);
    assert.equal(usage.v4AvailableRange, '10.16.0.9-10.16.0.11');
  });

  it('reports an exhausted pool by name', () => {
    const ipam = subnetIpam();
    ipam.addOrUpdatePool({ name: 'tiny', subnet: 'net1', ips: ['10.16.0.20'] });
    ipam.allocate({ key: 'a', subnet: 'net1', pool: 'tiny' });
    rejects(() => ipam.allocate({ key: 'b', subnet: 'net1', pool: 'tiny' }), PoolExhaustedError, /ip_pool tiny has no available IPv4 address in subnet net1/);
  });

  it('rejects a static address inside a pool unless the pod asks for that pool', () => {
    const ipam = subnetIpam();
    ipam.addOrUpdatePool({ name: 'pool-a', subnet: 'net1', ips: ['10.16.0.20..10.16.0.29'] });
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', ip: '10.16.0.25' }), AddressConflictError, /ip_address 10\.16\.0\.25 belongs to ippool pool-a/);
    assert.equal(ipam.allocate({ key: 'a', subnet: 'net1', ip: '10.16.0.25', pool: 'pool-a' }).v4, '10.16.0.25');
    rejects(() => ipam.allocate({ key: 'b', subnet: 'net1', ip: '10.16.0.50', pool: 'pool-a' }), InvalidAddressError, /is not in ippool pool-a/);
  });

  it('rejects pools that overlap another pool of the subnet, naming both', () => {
    const ipam = subnetIpam();
    ipam.addOrUpdatePool({ name: 'pool-a', subnet: 'net1', ips: ['10.16.0.20..10.16.0.29'] });
    rejects(
      () => ipam.addOrUpdatePool({ name: 'pool-b', subnet: 'net1', ips: ['10.16.0.16/29'] }),
      PoolOverlapError,
      /^ippool pool-b has conflict IPs with ippool pool-a: 10\.16\.0\.20-10\.16\.0\.23$/,
    );
    ipam.addOrUpdatePool({ name: 'pool-a', subnet: 'net1', ips: ['10.16.0.20..10.16.0.30'] }); // updating itself is fine
  });

  it('rejects pool entries that are invalid or outside the subnet, and pools on unknown subnets', () => {
    const ipam = subnetIpam();
    rejects(() => ipam.addOrUpdatePool({ name: 'p', subnet: 'net1', ips: ['10.16.0.9..10.16.0.2'] }), InvalidAddressError, /ips\[0\] .*start after end/);
    rejects(() => ipam.addOrUpdatePool({ name: 'p', subnet: 'net1', ips: ['10.16.0.2', '10.17.0.0/24'] }), AddressOutOfRangeError, /ips\[1\] 10\.17\.0\.0\/24 is not in subnet net1/);
    assert.throws(() => ipam.addOrUpdatePool({ name: 'p', subnet: 'nope', ips: ['10.16.0.2'] }), /subnet nope: no such subnet/);
  });

  it('returns a removed pool to the default pool', () => {
    const ipam = subnetIpam('10.16.0.0/29');
    ipam.addOrUpdatePool({ name: 'pool-a', subnet: 'net1', ips: ['10.16.0.2..10.16.0.6'] });
    assert.throws(() => ipam.allocate({ key: 'a', subnet: 'net1' }), /no available address/);
    ipam.removePool('pool-a');
    assert.equal(ipam.allocate({ key: 'a', subnet: 'net1' }).v4, '10.16.0.2');
    rejects(() => ipam.allocate({ key: 'b', subnet: 'net1', pool: 'pool-a' }), UnknownPoolError, /pool-a/);
  });

  it('refuses a pool of another subnet', () => {
    const ipam = subnetIpam();
    ipam.addOrUpdateSubnet({ name: 'net2', cidrBlock: '10.17.0.0/24' });
    ipam.addOrUpdatePool({ name: 'pool-2', subnet: 'net2', ips: ['10.17.0.10'] });
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', pool: 'pool-2' }), UnknownPoolError, /ip_pool pool-2 belongs to subnet net2, not net1/);
  });
});
