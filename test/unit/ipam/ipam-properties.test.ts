import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Ipam, IpamError } from '../../../src/engine/ipam/index.js';
import type { Allocation } from '../../../src/engine/ipam/index.js';
import { parseIp } from '../../../src/engine/ipam/ip-address.js';

// A small dual-stack subnet so that runs exhaust it and reuse released addresses: offsets 0…15 per family,
// usable 1…14, gateway 1, excludeIps 8…9 (v4 only), IPPool `p` = 11…12 in both families.
const V4_BASE = parseIp('10.0.0.0')!.value;
const V6_BASE = parseIp('fd00::')!.value;
const SUBNET = { name: 'net1', cidrBlock: '10.0.0.0/28,fd00::/124', excludeIps: ['10.0.0.8..10.0.0.9'] };
const POOL = { name: 'p', subnet: 'net1', ips: ['10.0.0.11..10.0.0.12', 'fd00::b..fd00::c'] };
const USABLE = range(1, 14);
const EXCLUDED = { v4: new Set([1, 8, 9]), v6: new Set([1]) };
const IN_POOL = new Set(range(11, 12));
const MACS = ['02:00:00:00:00:0a', '02:00:00:00:00:0b', '02:00:00:00:00:0c'];

type Family = 'v4' | 'v6';
const FAMILIES: Family[] = ['v4', 'v6'];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function offsetOf(family: Family, ip: string): number {
  return Number(parseIp(ip)!.value - (family === 'v4' ? V4_BASE : V6_BASE));
}

function ipOf(family: Family, offset: number): string {
  return family === 'v4' ? `10.0.0.${offset}` : `fd00::${offset.toString(16)}`;
}

function freshIpam(routerMac?: string): Ipam {
  const ipam = new Ipam();
  ipam.addOrUpdateSubnet({ ...SUBNET, routerMac });
  ipam.addOrUpdatePool(POOL);
  return ipam;
}

/** What the lowest-free-first, released-last rule says a dynamic allocation must return. */
class HistoryModel {
  everUsed = { v4: new Set<number>(), v6: new Set<number>() };
  released = { v4: [] as number[], v6: [] as number[] };

  observe(before: Map<string, Allocation>, after: Map<string, Allocation>): void {
    for (const family of FAMILIES) {
      const held = (allocations: Map<string, Allocation>) =>
        new Set([...allocations.values()].flatMap((a) => (a[family] ? [offsetOf(family, a[family]!)] : [])));
      const was = held(before);
      const now = held(after);
      for (const offset of was) if (!now.has(offset)) this.released[family].push(offset);
      for (const offset of now) {
        this.everUsed[family].add(offset);
        this.released[family] = this.released[family].filter((o) => o !== offset);
      }
    }
  }

  restart(current: Map<string, Allocation>): void {
    for (const family of FAMILIES) {
      this.everUsed[family] = new Set([...current.values()].flatMap((a) => (a[family] ? [offsetOf(family, a[family]!)] : [])));
      this.released[family] = [];
    }
  }

  expected(family: Family, key: string, pool: boolean, current: Map<string, Allocation>): number | undefined {
    const mine = current.get(key)?.[family];
    if (mine !== undefined && (!pool || IN_POOL.has(offsetOf(family, mine)))) return offsetOf(family, mine);
    const held = new Set([...current.values()].flatMap((a) => (a[family] ? [offsetOf(family, a[family]!)] : [])));
    const allowed = (o: number) => !EXCLUDED[family].has(o) && !held.has(o) && IN_POOL.has(o) === pool;
    const neverUsed = USABLE.find((o) => allowed(o) && !this.everUsed[family].has(o));
    return neverUsed ?? this.released[family].find(allowed);
  }
}

const keyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const opArb = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('allocate' as const), key: keyArb, pool: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('static' as const), key: keyArb, v4: fc.integer({ min: 0, max: 17 }), v6: fc.option(fc.integer({ min: 0, max: 15 })) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('mac' as const), key: keyArb, mac: fc.constantFrom(...MACS) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('release' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('restart' as const) }) },
);

function snapshot(ipam: Ipam): Map<string, Allocation> {
  return new Map(ipam.allocations('net1').map((a) => [a.key, a]));
}

function rangeCount(text: string, family: Family): number {
  if (text === '') return 0;
  return text.split(',').reduce((total, part) => {
    const [start, end = start] = part.split('-');
    return total + offsetOf(family, end) - offsetOf(family, start) + 1;
  }, 0);
}

function checkInvariants(ipam: Ipam, current: Map<string, Allocation>): void {
  const routerMac = ipam.subnet('net1')!.routerMac;
  const macs = [...current.values()].map((a) => a.mac);
  assert.equal(new Set(macs).size, macs.length, 'no MAC held twice');
  assert.ok(!macs.includes(routerMac), 'no pod holds the router MAC');
  const usage = ipam.usage('net1');
  for (const family of FAMILIES) {
    const offsets = [...current.values()].flatMap((a) => (a[family] ? [offsetOf(family, a[family]!)] : []));
    assert.equal(new Set(offsets).size, offsets.length, `no ${family} address held twice`);
    for (const a of current.values()) if (a[family]) assert.equal(ipam.owner('net1', a[family]!), a.key);
    for (const offset of offsets) assert.ok(USABLE.includes(offset) && offset !== 1, 'held addresses are usable and not the gateway');
    const using = BigInt(offsets.length);
    const heldExcluded = offsets.filter((o) => EXCLUDED[family].has(o)).length;
    const available = BigInt(USABLE.length - EXCLUDED[family].size - offsets.length + heldExcluded);
    assert.equal(family === 'v4' ? usage.v4Using : usage.v6Using, using, `${family} using count`);
    assert.equal(family === 'v4' ? usage.v4Available : usage.v6Available, available, `${family} available count`);
    assert.equal(BigInt(rangeCount(family === 'v4' ? usage.v4UsingRange : usage.v6UsingRange, family)), using);
    assert.equal(BigInt(rangeCount(family === 'v4' ? usage.v4AvailableRange : usage.v6AvailableRange, family)), available);
  }
}

describe('Ipam properties', () => {
  it('never hands an address or MAC out twice, follows lowest-free then oldest-released, and keeps usage consistent, under any interleaving of allocate, static, release and restart', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 20, maxLength: 80, size: 'max' }), (ops) => {
        let ipam = freshIpam();
        const model = new HistoryModel();
        for (const step of ops) {
          const before = snapshot(ipam);
          if (step.op === 'restart') {
            const restarted = freshIpam(ipam.subnet('net1')!.routerMac);
            const result = restarted.restore([...before.values()]);
            assert.deepEqual(result.rejected, []);
            assert.deepEqual(snapshot(restarted), before, 'a restart restores every allocation');
            ipam = restarted;
            model.restart(before);
            continue;
          }
          if (step.op === 'release') {
            ipam.release(step.key, 'net1');
          } else {
            const request =
              step.op === 'allocate'
                ? { key: step.key, subnet: 'net1', pool: step.pool ? 'p' : undefined }
                : step.op === 'static'
                  ? { key: step.key, subnet: 'net1', ip: [ipOf('v4', step.v4), ...(step.v6 === null ? [] : [ipOf('v6', step.v6)])].join(',') }
                  : { key: step.key, subnet: 'net1', mac: step.mac };
            const expected = step.op === 'allocate' ? FAMILIES.map((f) => model.expected(f, step.key, step.pool, before)) : [];
            try {
              const got = ipam.allocate(request);
              if (step.op === 'allocate') {
                assert.deepEqual(FAMILIES.map((f) => (got[f] === undefined ? undefined : offsetOf(f, got[f]!))), expected, 'lowest never-used first, then oldest released');
              }
              if (step.op === 'mac') assert.equal(got.mac, step.mac);
              assert.deepEqual(ipam.allocate({ key: step.key, subnet: 'net1', pool: step.op === 'allocate' && step.pool ? 'p' : undefined }), got, 'allocating again is idempotent');
            } catch (error) {
              assert.ok(error instanceof IpamError, `only IpamErrors are thrown, got ${String(error)}`);
              assert.deepEqual(snapshot(ipam), before, 'a rejected request changes nothing');
              if (step.op === 'allocate') assert.ok(expected.includes(undefined), `allocation failed although ${expected} was free: ${error.message}`);
            }
          }
          const after = snapshot(ipam);
          model.observe(before, after);
          checkInvariants(ipam, after);
        }
      }),
      { numRuns: 100 },
    );
  });
  it('keeps addresses unique, inside the subnet and counted, while the CIDR grows and shrinks and the pool comes and goes', () => {
    const resizeArb = fc.oneof(
      { weight: 5, arbitrary: fc.record({ op: fc.constant('allocate' as const), key: keyArb, pool: fc.boolean() }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('static' as const), key: keyArb, v4: fc.integer({ min: 0, max: 33 }) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('release' as const), key: keyArb }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('resize' as const), prefix: fc.constantFrom(27, 28) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('pool' as const), present: fc.boolean() }) },
    );
    fc.assert(
      fc.property(fc.array(resizeArb, { minLength: 10, maxLength: 60, size: 'max' }), (ops) => {
        const ipam = freshIpam();
        let prefix = 28;
        for (const step of ops) {
          const before = snapshot(ipam);
          if (step.op === 'resize') {
            const { evicted } = ipam.addOrUpdateSubnet({ ...SUBNET, cidrBlock: `10.0.0.0/${step.prefix},fd00::/124` });
            const lastUsable = step.prefix === 28 ? 14 : 30;
            const expectedEvicted = [...before.values()].filter((a) => a.v4 && offsetOf('v4', a.v4) > lastUsable).map((a) => a.v4).sort();
            assert.deepEqual(evicted.map((e) => e.ip).sort(), expectedEvicted);
            prefix = step.prefix;
          } else if (step.op === 'pool') {
            if (step.present) ipam.addOrUpdatePool(POOL);
            else ipam.removePool('p');
          } else if (step.op === 'release') {
            ipam.release(step.key, 'net1');
          } else {
            try {
              ipam.allocate(step.op === 'allocate' ? { key: step.key, subnet: 'net1', pool: step.pool ? 'p' : undefined } : { key: step.key, subnet: 'net1', ip: ipOf('v4', step.v4) });
            } catch (error) {
              assert.ok(error instanceof IpamError, `only IpamErrors are thrown, got ${String(error)}`);
              assert.deepEqual(snapshot(ipam), before, 'a rejected request changes nothing');
            }
          }
          const after = snapshot(ipam);
          const v4 = [...after.values()].flatMap((a) => (a.v4 ? [offsetOf('v4', a.v4)] : []));
          const lastUsable = prefix === 28 ? 14 : 30;
          assert.equal(new Set(v4).size, v4.length, 'no v4 address held twice');
          assert.ok(v4.every((o) => o >= 2 && o <= lastUsable), 'held addresses are usable addresses of the current CIDR, not the gateway');
          const usage = ipam.usage('net1');
          const heldExcluded = v4.filter((o) => EXCLUDED.v4.has(o)).length;
          assert.equal(usage.v4Using, BigInt(v4.length));
          assert.equal(usage.v4Available, BigInt(lastUsable - EXCLUDED.v4.size - v4.length + heldExcluded));
          assert.equal(BigInt(rangeCount(usage.v4AvailableRange, 'v4')), usage.v4Available);
        }
      }),
      { numRuns: 60 },
    );
  });
});
