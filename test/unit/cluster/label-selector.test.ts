import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchesLabels, parseLabelSelector } from '../../../src/engine/cluster/label-selector.js';
import { isApiError } from '../../../src/engine/cluster/api-error.js';

const matches = (selector: string, labels: Record<string, string>) => matchesLabels(parseLabelSelector(selector), labels);

describe('label selectors', () => {
  it('matches equality, inequality, set and existence terms together', () => {
    const selector = 'a=b,c!=d,e in (f,g),e notin (x),!h,i';
    assert.equal(matches(selector, { a: 'b', c: 'z', e: 'g', i: '' }), true);
    assert.equal(matches(selector, { a: 'b', c: 'd', e: 'g', i: '' }), false);
    assert.equal(matches(selector, { a: 'b', e: 'g', i: '', h: '1' }), false);
    assert.equal(matches(selector, { a: 'b', e: 'q', i: '' }), false);
    assert.equal(matches(selector, { a: 'b', e: 'f' }), false);
  });
  it('treats a missing label as satisfying != and notin', () => {
    assert.equal(matches('a!=b,c notin (d)', {}), true);
  });
  it('accepts == and spaces around operators', () => {
    assert.equal(matches('app == web , tier in ( a , b )', { app: 'web', tier: 'b' }), true);
  });
  it('matches everything with an empty selector', () => {
    assert.equal(matches('', { x: 'y' }), true);
    assert.equal(matches('', {}), true);
  });
  it('rejects a term it cannot read with BadRequest naming the term', () => {
    assert.throws(() => parseLabelSelector('a=b,c in d'), (e: unknown) => isApiError(e, 'BadRequest') && /"c in d"/.test(e.message));
  });
});
