/**
 * A set of addresses of one family held as sorted, disjoint, non-adjacent inclusive ranges, so a /16 or an
 * IPv6 /64 costs a handful of entries rather than one per address. Counts are bigints.
 */
import type { IpFamily, IpRange } from './ip-address.js';
import { formatIp } from './ip-address.js';

export class IpRangeSet {
  // Invariant: ranges[i].end + 1 < ranges[i + 1].start.
  private ranges: IpRange[] = [];

  /** A set holding the given (possibly overlapping, unsorted) ranges. */
  static of(ranges: Iterable<IpRange>): IpRangeSet {
    const set = new IpRangeSet();
    for (const range of ranges) set.add(range.start, range.end);
    return set;
  }

  /** A copy that can be changed independently. */
  clone(): IpRangeSet {
    const copy = new IpRangeSet();
    copy.ranges = [...this.ranges];
    return copy;
  }

  /** The ranges, ascending. */
  toRanges(): readonly IpRange[] {
    return this.ranges;
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** Number of addresses in the set. */
  count(): bigint {
    return this.ranges.reduce((total, range) => total + range.end - range.start + 1n, 0n);
  }

  /** Index of the first range whose end is ≥ value (ranges.length if none). */
  private indexAtOrAfter(value: bigint): number {
    let low = 0;
    let high = this.ranges.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.ranges[middle].end < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  has(value: bigint): boolean {
    const range = this.ranges[this.indexAtOrAfter(value)];
    return range !== undefined && range.start <= value;
  }

  /** The lowest address of the set. */
  first(): bigint | undefined {
    return this.ranges[0]?.start;
  }

  /** The lowest address of the set that is ≥ value. */
  firstAtOrAfter(value: bigint): bigint | undefined {
    const range = this.ranges[this.indexAtOrAfter(value)];
    if (range === undefined) return undefined;
    return range.start > value ? range.start : value;
  }

  /** Adds start…end (inclusive). */
  add(start: bigint, end: bigint = start): this {
    if (end < start) return this;
    // Ranges that overlap or touch [start, end] are merged into one.
    const first = this.indexAtOrAfter(start - 1n);
    let last = first;
    let mergedStart = start;
    let mergedEnd = end;
    while (last < this.ranges.length && this.ranges[last].start <= end + 1n) {
      if (this.ranges[last].start < mergedStart) mergedStart = this.ranges[last].start;
      if (this.ranges[last].end > mergedEnd) mergedEnd = this.ranges[last].end;
      last++;
    }
    this.ranges.splice(first, last - first, { start: mergedStart, end: mergedEnd });
    return this;
  }

  /** Removes start…end (inclusive). */
  remove(start: bigint, end: bigint = start): this {
    if (end < start) return this;
    const first = this.indexAtOrAfter(start);
    const kept: IpRange[] = [];
    let last = first;
    while (last < this.ranges.length && this.ranges[last].start <= end) {
      const range = this.ranges[last];
      if (range.start < start) kept.push({ start: range.start, end: start - 1n });
      if (range.end > end) kept.push({ start: end + 1n, end: range.end });
      last++;
    }
    this.ranges.splice(first, last - first, ...kept);
    return this;
  }

  /** A new set with the addresses of both. */
  union(other: IpRangeSet): IpRangeSet {
    const result = this.clone();
    for (const range of other.ranges) result.add(range.start, range.end);
    return result;
  }

  /** A new set with the addresses of this one that are not in other. */
  subtract(other: IpRangeSet): IpRangeSet {
    const result = this.clone();
    for (const range of other.ranges) result.remove(range.start, range.end);
    return result;
  }

  /** A new set with the addresses in both. */
  intersect(other: IpRangeSet): IpRangeSet {
    const result = new IpRangeSet();
    let i = 0;
    let j = 0;
    while (i < this.ranges.length && j < other.ranges.length) {
      const a = this.ranges[i];
      const b = other.ranges[j];
      const start = a.start > b.start ? a.start : b.start;
      const end = a.end < b.end ? a.end : b.end;
      if (start <= end) result.ranges.push({ start, end });
      if (a.end < b.end) i++;
      else j++;
    }
    return result;
  }

  /** The lowest address in both sets, without building the intersection. */
  firstCommon(other: IpRangeSet): bigint | undefined {
    for (const range of this.ranges) {
      const candidate = other.firstAtOrAfter(range.start);
      if (candidate !== undefined && candidate <= range.end) return candidate;
    }
    return undefined;
  }

  /** Kube-OVN's status form: `10.16.0.2-10.16.0.10,10.16.0.12` (empty string for an empty set). */
  format(family: IpFamily): string {
    return this.ranges
      .map((range) =>
        range.start === range.end
          ? formatIp(family, range.start)
          : `${formatIp(family, range.start)}-${formatIp(family, range.end)}`,
      )
      .join(',');
  }
}
