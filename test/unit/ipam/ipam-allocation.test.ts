import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddressConflictError,
  AddressExcludedError,
  AddressOutOfRangeError,
  InvalidAddressError,
  Ipam,
  MacConflictError,
  SubnetExhaustedError,
  UnknownSubnetError,
} from '../../../src/engine/ipam/index.js';
import type { IpamError } from '../../../src/engine/ipam/index.js';

function ipamWith(cidrBlock: string, extra: { excludeIps?: string[]; gateway?: string; routerMac?: string } = {}): Ipam {
  const ipam = new Ipam();
  ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock, ...extra });
  return ipam;
}

function rejects<T extends IpamError>(fn: () => unknown, type: new (...args: never[]) => T, message: RegExp, field?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    assert.match(error.message, message);
    if (field !== undefined) assert.equal(error.field, field);
    return true;
  });
}

describe('Ipam dynamic allocation', () => {
  it('hands out the lowest free address first, skipping the gateway', () => {
    const ipam = ipamWith('10.16.0.0/24');
    assert.equal(ipam.allocate({ key: 'a', subnet: 'net1' }).v4, '10.16.0.2');
    assert.equal(ipam.allocate({ key: 'b', subnet: 'net1' }).v4, '10.16.0.3');
  });

  it('never hands out a custom gateway', () => {
    const ipam = ipamWith('10.16.0.0/29', { gateway: '10.16.0.3' });
    const got = ['a', 'b', 'c', 'd', 'e'].map((key) => ipam.allocate({ key, subnet: 'net1' }).v4);
    assert.deepEqual(got, ['10.16.0.1', '10.16.0.2', '10.16.0.4', '10.16.0.5', '10.16.0.6']);
  });

  it('skips excludeIps, single addresses and a..b ranges', () => {
    const ipam = ipamWith('10.16.0.0/24', { excludeIps: ['10.16.0.2', '10.16.0.4..10.16.0.6'] });
    const got = ['a', 'b', 'c'].map((key) => ipam.allocate({ key, subnet: 'net1' }).v4);
    assert.deepEqual(got, ['10.16.0.3', '10.16.0.7', '10.16.0.8']);
  });

  it('reuses released addresses only after the never-used ones run out, oldest release first', () => {
    const ipam = ipamWith('10.16.0.0/29'); // usable .1-.6, gateway .1
    for (const key of ['a', 'b', 'c']) ipam.allocate({ key, subnet: 'net1' }); // .2 .3 .4
    ipam.release('b', 'net1');
    ipam.release('a', 'net1');
    assert.equal(ipam.allocate({ key: 'd', subnet: 'net1' }).v4, '10.16.0.5');
    assert.equal(ipam.allocate({ key: 'e', subnet: 'net1' }).v4, '10.16.0.6');
    assert.equal(ipam.allocate({ key: 'f', subnet: 'net1' }).v4, '10.16.0.3', 'released first');
    assert.equal(ipam.allocate({ key: 'g', subnet: 'net1' }).v4, '10.16.0.2');
  });

  it('reports an exhausted subnet by name and CIDR', () => {
    const ipam = ipamWith('10.16.0.0/30'); // usable .1-.2, gateway .1
    ipam.allocate({ key: 'a', subnet: 'net1' });
    rejects(() => ipam.allocate({ key: 'b', subnet: 'net1' }), SubnetExhaustedError, /^subnet net1 \(10\.16\.0\.0\/30\) has no available address$/);
  });

  it('hands out every usable address of a /20 exactly once, then reports exhaustion', () => {
    const ipam = ipamWith('10.16.0.0/20', { excludeIps: ['10.16.1.0..10.16.1.255'] });
    const seen = new Set<string>();
    for (let i = 0; i < 4094 - 1 - 256; i++) seen.add(ipam.allocate({ key: `k${i}`, subnet: 'net1' }).v4!);
    assert.equal(seen.size, 4094 - 1 - 256);
    assert.ok(![...seen].some((ip) => ip.startsWith('10.16.1.')));
    assert.throws(() => ipam.allocate({ key: 'one-more', subnet: 'net1' }), SubnetExhaustedError);
    assert.deepEqual([ipam.usage('net1').v4Available, ipam.usage('net1').v4AvailableRange], [0n, '']);
  });

  it('returns the same allocation when the same key allocates again', () => {
    const ipam = ipamWith('10.16.0.0/24');
    const first = ipam.allocate({ key: 'web-1.default', subnet: 'net1', owner: 'pod default/web-1' });
    ipam.allocate({ key: 'other', subnet: 'net1' });
    assert.deepEqual(ipam.allocate({ key: 'web-1.default', subnet: 'net1' }), first);
    assert.equal(ipam.usage('net1').v4Using, 2n);
  });

  it('keeps a StatefulSet pod address under its stable key across re-creation, and moves on after release', () => {
    const ipam = ipamWith('10.16.0.0/24');
    const before = ipam.allocate({ key: 'web.0.default', subnet: 'net1', owner: 'pod default/web-0' });
    // The pod is deleted and re-created; the controller kept the allocation, so the key gets it back.
    ipam.allocate({ key: 'x', subnet: 'net1' });
    const after = ipam.allocate({ key: 'web.0.default', subnet: 'net1', owner: 'pod default/web-0' });
    assert.equal(after.v4, before.v4);
    assert.equal(after.mac, before.mac);
    ipam.release('web.0.default', 'net1');
    assert.notEqual(ipam.allocate({ key: 'web.0.default', subnet: 'net1' }).v4, before.v4);
  });

  it('rejects unknown subnets', () => {
    rejects(() => new Ipam().allocate({ key: 'a', subnet: 'nope' }), UnknownSubnetError, /subnet nope: no such subnet/, 'subnet');
  });
});

describe('Ipam static addresses and MACs', () => {
  it('gives a pod the ip_address and mac_address it asks for', () => {
    const ipam = ipamWith('10.16.0.0/24');
    const got = ipam.allocate({ key: 'a', subnet: 'net1', ip: '10.16.0.50/24', mac: '02:AA:00:00:00:01' });
    assert.equal(got.v4, '10.16.0.50');
    assert.equal(got.mac, '02:aa:00:00:00:01');
    assert.equal(ipam.allocate({ key: 'b', subnet: 'net1' }).v4, '10.16.0.2', 'dynamic allocation is not disturbed');
  });

  it('rejects an address already used by another pod, naming that pod', () => {
    const ipam = ipamWith('10.16.0.0/24');
    ipam.allocate({ key: 'web-1.default', subnet: 'net1', owner: 'pod default/web-1', ip: '10.16.0.5' });
    rejects(
      () => ipam.allocate({ key: 'web-2.default', subnet: 'net1', ip: '10.16.0.5' }),
      AddressConflictError,
      /^ip_address 10\.16\.0\.5 is already used by pod default\/web-1$/,
      'ip_address',
    );
  });

  it('rejects an address outside the subnet, and the network and broadcast addresses', () => {
    const ipam = ipamWith('10.16.0.0/24');
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', ip: '10.17.0.5' }), AddressOutOfRangeError, /^ip_address 10\.17\.0\.5 is not in subnet net1 \(10\.16\.0\.0\/24\)$/);
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', ip: '10.16.0.255' }), AddressOutOfRangeError, /is not a usable address of subnet net1/);
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', ip: 'fd00::5' }), AddressOutOfRangeError, /ip_address fd00::5 is not in subnet net1/);
  });

  it('rejects the gateway as a static address', () => {
    const ipam = ipamWith('10.16.0.0/24');
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', ip: '10.16.0.1' }), AddressExcludedError, /ip_address 10\.16\.0\.1 is reserved as gateway of subnet net1/);
  });

  it('allows static addresses in excludeIps, as Kube-OVN does, unless configured to reject them', () => {
    const allow = ipamWith('10.16.0.0/24', { excludeIps: ['10.16.0.100..10.16.0.200'] });
    assert.equal(allow.allocate({ key: 'a', subnet: 'net1', ip: '10.16.0.150' }).v4, '10.16.0.150');
    const strict = new Ipam({ staticInExcludeIps: 'reject' });
    strict.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24', excludeIps: ['10.16.0.100..10.16.0.200'] });
    rejects(() => strict.allocate({ key: 'a', subnet: 'net1', ip: '10.16.0.150' }), AddressExcludedError, /reserved as excludeIps of subnet net1/);
  });

  it('rejects malformed static input, naming the field', () => {
    const ipam = ipamWith('10.16.0.0/24,fd00::/112');
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', ip: '10.16.0.300' }), InvalidAddressError, /ip_address "10\.16\.0\.300" is not a valid IP address/, 'ip_address');
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', ip: 'FD00::5' }), InvalidAddressError, /must be lowercase/);
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', ip: '10.16.0.5,10.16.0.6' }), InvalidAddressError, /holds two IPv4 addresses/);
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', mac: '01:00:5e:00:00:01' }), InvalidAddressError, /mac_address .* is a multicast MAC address/, 'mac_address');
    assert.equal(ipam.allocations().length, 0, 'nothing half-made');
  });

  it('moves a key to a new static address only when the whole request is valid', () => {
    const ipam = ipamWith('10.16.0.0/24');
    ipam.allocate({ key: 'a', subnet: 'net1', ip: '10.16.0.10' });
    ipam.allocate({ key: 'b', subnet: 'net1', ip: '10.16.0.20' });
    rejects(() => ipam.allocate({ key: 'a', subnet: 'net1', ip: '10.16.0.20' }), AddressConflictError, /used by b/);
    assert.equal(ipam.owner('net1', '10.16.0.10'), 'a', 'a keeps its address after a failed move');
    assert.equal(ipam.allocate({ key: 'a', subnet: 'net1', ip: '10.16.0.30' }).v4, '10.16.0.30');
    assert.equal(ipam.isAllocated('net1', '10.16.0.10'), false);
  });

  it('gives each allocation a unique locally administered unicast MAC that is never the router MAC', () => {
    // A random source that repeats itself: the first six draws all produce the same MAC.
    let draws = 0;
    const ipam = new Ipam({ randomBytes: () => new Uint8Array([0, 0, 0, 0, 0, draws++ < 6 ? 1 : draws]) });
    ipam.addOrUpdateSubnet({ name: 'net1', cidrBlock: '10.16.0.0/24' });
    const router = ipam.subnet('net1')!.routerMac;
    const macs = ['a', 'b', 'c'].map((key) => ipam.allocate({ key, subnet: 'net1' }).mac);
    assert.equal(new Set([router, ...macs]).size, 4);
    for (const mac of macs) assert.equal(parseInt(mac.slice(0, 2), 16) & 0x03, 0x02);
  });

  it('rejects a static MAC used by another pod or by the router port', () => {
    const ipam = ipamWith('10.16.0.0/24', { routerMac: '02:00:00:00:00:01' });
    ipam.allocate({ key: 'a', subnet: 'net1', owner: 'pod default/a', mac: '02:00:00:00:00:02' });
    rejects(() => ipam.allocate({ key: 'b', subnet: 'net1', mac: '02:00:00:00:00:02' }), MacConflictError, /mac_address 02:00:00:00:00:02 is already used by pod default\/a/);
    rejects(() => ipam.allocate({ key: 'b', subnet: 'net1', mac: '02:00:00:00:00:01' }), MacConflictError, /already used by router port of subnet net1/);
    assert.equal(ipam.macOwner('net1', '02:00:00:00:00:02'), 'pod default/a');
  });

  it('lets the same MAC be used in different subnets', () => {
    const ipam = ipamWith('10.16.0.0/24');
    ipam.addOrUpdateSubnet({ name: 'net2', cidrBlock: '10.17.0.0/24' });
    ipam.allocate({ key: 'a', subnet: 'net1', mac: '02:00:00:00:00:02' });
    assert.equal(ipam.allocate({ key: 'b', subnet: 'net2', mac: '02:00:00:00:00:02' }).mac, '02:00:00:00:00:02');
  });
});

describe('Ipam IPv6 and dual stack', () => {
  it('allocates from an IPv6 /64 without enumerating it', () => {
    const ipam = ipamWith('fd00:10:16::/64');
    assert.equal(ipam.allocate({ key: 'a', subnet: 'net1' }).v6, 'fd00:10:16::2');
    const usage = ipam.usage('net1');
    assert.equal(usage.v6Using, 1n);
    assert.equal(usage.v6Available, (1n << 64n) - 2n - 2n);
    assert.equal(usage.v6AvailableRange, 'fd00:10:16::3-fd00:10:16:0:ffff:ffff:ffff:fffe');
  });

  it('gives one address per family and one MAC on a dual-stack subnet', () => {
    const ipam = ipamWith('10.16.0.0/24,fd00::/120');
    const got = ipam.allocate({ key: 'a', subnet: 'net1' });
    assert.deepEqual([got.v4, got.v6, got.ipAddress], ['10.16.0.2', 'fd00::2', '10.16.0.2,fd00::2']);
  });

  it('allocates the missing family randomly when ip_address gives only one', () => {
    const ipam = ipamWith('10.16.0.0/24,fd00::/120');
    const got = ipam.allocate({ key: 'a', subnet: 'net1', ip: 'fd00::50' });
    assert.deepEqual([got.v4, got.v6], ['10.16.0.2', 'fd00::50']);
  });

  it('allocates nothing when one family fails', () => {
    const ipam = ipamWith('10.16.0.0/24,fd00::/126'); // v6 usable ::1-::2, gateway ::1
    ipam.allocate({ key: 'a', subnet: 'net1' });
    rejects(() => ipam.allocate({ key: 'b', subnet: 'net1' }), SubnetExhaustedError, /subnet net1 \(fd00::\/126\)/);
    assert.equal(ipam.usage('net1').v4Using, 1n);
  });

  it('honours ip_family on a dual-stack subnet and rejects it on a single-stack subnet of the other family', () => {
    const ipam = ipamWith('10.16.0.0/24,fd00::/120');
    const got = ipam.allocate({ key: 'a', subnet: 'net1', family: 'ipv6' });
    assert.equal(got.v4, undefined);
    assert.equal(got.v6, 'fd00::2');
    const v4only = ipamWith('10.16.0.0/24');
    rejects(() => v4only.allocate({ key: 'a', subnet: 'net1', family: 'ipv6' }), InvalidAddressError, /ip_family "ipv6" does not match subnet net1 \(10\.16\.0\.0\/24\)/);
  });

  it('allocates only MACs on a subnet without cidrBlock', () => {
    const ipam = ipamWith('');
    const got = ipam.allocate({ key: 'a', subnet: 'net1' });
    assert.equal(got.ipAddress, '');
    assert.match(got.mac, /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    assert.equal(ipam.subnet('net1')!.protocol, 'Mac');
  });
});
