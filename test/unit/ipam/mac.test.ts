import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateUniqueMac, parseMac, randomMac } from '../../../src/engine/ipam/mac.js';
import { InvalidAddressError } from '../../../src/engine/ipam/errors.js';

describe('MAC addresses', () => {
  it('normalizes a user MAC to lowercase colon form', () => {
    assert.equal(parseMac('mac_address', '02:AB:cd:00:00:01'), '02:ab:cd:00:00:01');
    assert.equal(parseMac('mac_address', '02-ab-cd-00-00-01'), '02:ab:cd:00:00:01');
  });

  it('rejects malformed, multicast, broadcast and all-zero MACs, naming the field', () => {
    for (const text of ['02:ab:cd:00:00', '02:ab:cd:00:00:0g', '02:ab-cd:00:00:01', '01:00:5e:00:00:01', 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00']) {
      assert.throws(() => parseMac('mac_address', text), (error: unknown) => error instanceof InvalidAddressError && error.field === 'mac_address', text);
    }
  });

  it('generates locally administered unicast MACs', () => {
    const mac = randomMac(() => new Uint8Array([0xff, 1, 2, 3, 4, 5]));
    assert.equal(mac, 'fe:01:02:03:04:05');
    assert.equal(randomMac(() => new Uint8Array(6)), '02:00:00:00:00:00');
  });

  it('retries until the generated MAC is free, and gives up on a broken random source', () => {
    let n = 0;
    const counting = () => new Uint8Array([0, 0, 0, 0, 0, n++ < 3 ? 0 : 9]);
    assert.equal(generateUniqueMac((mac) => mac === '02:00:00:00:00:00', counting), '02:00:00:00:00:09');
    assert.equal(generateUniqueMac(() => true, () => new Uint8Array(6), 5), undefined);
  });
});
