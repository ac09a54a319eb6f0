import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatCidr, formatIp, parseCidr, parseIp, usableRange } from '../../../src/engine/ipam/ip-address.js';

describe('IP addresses', () => {
  it('parses and formats IPv4 addresses', () => {
    assert.deepEqual(parseIp('10.16.0.5'), { family: 4, value: 0x0a100005n });
    assert.equal(formatIp(4, 0x0a100005n), '10.16.0.5');
    assert.equal(formatIp(4, 0xffffffffn), '255.255.255.255');
  });

  it('rejects malformed IPv4 addresses, including leading zeros', () => {
    for (const text of ['10.16.0', '10.16.0.256', '010.16.0.1', '10.16.0.5/24', ' 10.16.0.5', '1.2.3.4.5', '']) {
      assert.equal(parseIp(text), undefined, text);
    }
  });

  it('parses IPv6 in full, compressed and IPv4-embedded forms', () => {
    assert.equal(parseIp('fd00::5')?.value, (0xfd00n << 112n) | 5n);
    assert.equal(parseIp('fd00:0:0:0:0:0:0:5')?.value, (0xfd00n << 112n) | 5n);
    assert.equal(parseIp('::')?.value, 0n);
    assert.equal(parseIp('::ffff:10.16.0.5')?.value, (0xffffn << 32n) | 0x0a100005n);
  });

  it('rejects malformed and uppercase IPv6 addresses', () => {
    for (const text of ['fd00:::5', 'fd00::5::1', 'FD00::5', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', 'fe80::1%eth0', '12345::']) {
      assert.equal(parseIp(text), undefined, text);
    }
  });

  it('formats IPv6 canonically: lowercase, longest zero run compressed, single zero group kept', () => {
    assert.equal(formatIp(6, parseIp('fd00:0:0:0:0:0:0:5')!.value), 'fd00::5');
    assert.equal(formatIp(6, parseIp('1:0:0:2:0:0:0:3')!.value), '1:0:0:2::3');
    assert.equal(formatIp(6, parseIp('1:0:2:3:4:5:6:7')!.value), '1:0:2:3:4:5:6:7');
    assert.equal(formatIp(6, 0n), '::');
  });

  it('formats back every address it parses (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (value) => {
        assert.equal(parseIp(formatIp(6, value))?.value, value);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), (value) => {
        assert.equal(parseIp(formatIp(4, value))?.value, value);
      }),
    );
  });

  it('normalizes a CIDR to its network address', () => {
    assert.equal(formatCidr(parseCidr('10.16.0.5/16')!), '10.16.0.0/16');
    assert.equal(formatCidr(parseCidr('fd00::5/112')!), 'fd00::/112');
    assert.equal(parseCidr('10.16.0.0/33'), undefined);
    assert.equal(parseCidr('10.16.0.0'), undefined);
  });

  it('counts network+1 … last−1 as usable, both addresses of a /31 and the one of a /32', () => {
    assert.deepEqual(usableRange(parseCidr('10.16.0.0/24')!), { start: 0x0a100001n, end: 0x0a1000fen });
    assert.deepEqual(usableRange(parseCidr('10.16.0.0/31')!), { start: 0x0a100000n, end: 0x0a100001n });
    assert.deepEqual(usableRange(parseCidr('10.16.0.7/32')!), { start: 0x0a100007n, end: 0x0a100007n });
  });
});
