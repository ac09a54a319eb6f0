import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IpRangeSet } from '../../../src/engine/ipam/ip-range-set.js';

const r = (start: number, end: number) => ({ start: BigInt(start), end: BigInt(end) });

describe('IpRangeSet', () => {
  it('merges overlapping and adjacent ranges', () => {
    const set = IpRangeSet.of([r(5, 7), r(1, 2), r(3, 4), r(10, 12), r(11, 20)]);
    assert.deepEqual(set.toRanges(), [r(1, 7), r(10, 20)]);
    assert.equal(set.count(), 18n);
  });

  it('splits a range when an inner part is removed', () => {
    const set = IpRangeSet.of([r(1, 10)]).remove(4n, 6n);
    assert.deepEqual(set.toRanges(), [r(1, 3), r(7, 10)]);
    assert.equal(set.has(5n), false);
    assert.equal(set.firstAtOrAfter(4n), 7n);
  });

  it('counts an IPv6 /64 without enumerating it', () => {
    const set = IpRangeSet.of([{ start: 0n, end: (1n << 64n) - 1n }]).remove(0n).remove((1n << 64n) - 1n);
    assert.equal(set.count(), (1n << 64n) - 2n);
  });

  it('formats as Kube-OVN status ranges', () => {
    const set = IpRangeSet.of([r(0x0a100002, 0x0a10000a), r(0x0a10000c, 0x0a10000c)]);
    assert.equal(set.format(4), '10.16.0.2-10.16.0.10,10.16.0.12');
    assert.equal(new IpRangeSet().format(4), '');
  });

  it('behaves like a plain set of numbers under any add/remove sequence (property)', () => {
    const op = fc.record({ add: fc.boolean(), a: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 0, max: 8 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.array(op, { maxLength: 10 }), (ops, otherOps) => {
        const build = (list: typeof ops) => {
          const set = new IpRangeSet();
          const model = new Set<number>();
          for (const { add, a, length } of list) {
            if (add) set.add(BigInt(a), BigInt(a + length));
            else set.remove(BigInt(a), BigInt(a + length));
            for (let v = a; v <= a + length; v++) {
              if (add) model.add(v);
              else model.delete(v);
            }
          }
          return { set, model };
        };
        const { set, model } = build(ops);
        const other = build(otherOps);
        const ranges = set.toRanges();
        for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i - 1].end + 1n < ranges[i].start, 'ranges stay disjoint and non-adjacent');
        assert.equal(set.count(), BigInt(model.size));
        for (let v = 0; v <= 70; v++) {
          assert.equal(set.has(BigInt(v)), model.has(v));
          assert.equal(set.intersect(other.set).has(BigInt(v)), model.has(v) && other.model.has(v));
          assert.equal(set.subtract(other.set).has(BigInt(v)), model.has(v) && !other.model.has(v));
          assert.equal(set.union(other.set).has(BigInt(v)), model.has(v) || other.model.has(v));
        }
        const lowestCommon = [...model].filter((v) => other.model.has(v)).sort((a, b) => a - b)[0];
        assert.equal(set.firstCommon(other.set), lowestCommon === undefined ? undefined : BigInt(lowestCommon));
      }),
    );
  });
});
