import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeBridgeMappings, parseBridgeMappings } from '../../../src/engine/agent/provider-bridge-mappings.js';

describe('ovn-bridge-mappings merge', () => {
  it('adds our entry to an empty value', () => {
    assert.equal(mergeBridgeMappings(undefined, new Map([['phy', 'br-phy']]), new Set()), 'phy:br-phy');
  });

  it('keeps entries of other tools in their order and puts ours after them, sorted', () => {
    const merged = mergeBridgeMappings('physnet:br-ex,storage:br-stor', new Map([['b', 'br-b'], ['a', 'br-a']]), new Set());
    assert.equal(merged, 'physnet:br-ex,storage:br-stor,a:br-a,b:br-b');
  });

  it('removes our entries that are no longer wanted (their bridge is ours) and leaves the rest', () => {
    assert.equal(mergeBridgeMappings('physnet:br-ex,old:br-old,phy:br-phy', new Map([['phy', 'br-phy']]), new Set(['br-old', 'br-phy'])), 'physnet:br-ex,phy:br-phy');
    assert.equal(mergeBridgeMappings('old:br-old', new Map(), new Set(['br-old'])), '');
  });

  it('takes over a network another entry maps elsewhere (one bridge per network)', () => {
    assert.equal(mergeBridgeMappings('phy:br-manual', new Map([['phy', 'br-phy']]), new Set()), 'phy:br-phy');
  });

  it('is stable: merging the result again changes nothing', () => {
    const wanted = new Map([['phy', 'br-phy']]);
    const once = mergeBridgeMappings('x:br-x, phy:br-phy', wanted, new Set(['br-phy']));
    assert.equal(mergeBridgeMappings(once, wanted, new Set(['br-phy'])), once);
  });

  it('parses entries with spaces and without a bridge', () => {
    assert.deepEqual(parseBridgeMappings(' a:br-a , b'), [{ network: 'a', bridge: 'br-a' }, { network: 'b', bridge: '' }]);
  });
});
