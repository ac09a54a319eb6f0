import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffTable } from '../../../src/engine/controller/nb-sync/table-diff.js';
import { datumEqual } from '../../../src/engine/controller/nb-sync/datum-equal.js';

describe('datumEqual', () => {
  it('compares sets without order and maps by entries', () => {
    assert.ok(datumEqual(['b', 'a'], ['a', 'b']));
    assert.ok(datumEqual({ a: '1', b: '2' }, new Map([['b', '2'], ['a', '1']])));
    assert.ok(!datumEqual({ a: '1' }, { a: '2' }));
    assert.ok(!datumEqual(['a'], ['a', 'b']));
  });
  it('treats absent, empty set and empty map alike, and a one-element set as its value', () => {
    assert.ok(datumEqual(undefined, []));
    assert.ok(datumEqual({}, new Map()));
    assert.ok(datumEqual([100], 100));
    assert.ok(!datumEqual(undefined, 100));
  });
});

describe('diffTable', () => {
  const cur = (uuid: string, row: Record<string, unknown>) => ({ uuid, row });

  it('inserts missing rows, updates only changed columns, deletes unwanted rows', () => {
    const desired = new Map([
      ['a', { name: 'a', addresses: ['x'] }],
      ['b', { name: 'b', addresses: ['y', 'z'] }],
    ]);
    const current = new Map([
      ['b', [cur('u-b', { name: 'b', addresses: ['z'], up: true })]],
      ['c', [cur('u-c', { name: 'c' })]],
    ]);
    const d = diffTable(desired, current);
    assert.deepEqual(d.inserts, [{ key: 'a', row: { name: 'a', addresses: ['x'] } }]);
    assert.deepEqual(d.updates, [{ key: 'b', uuid: 'u-b', changed: { addresses: ['y', 'z'] } }]);
    assert.deepEqual(d.deletes, [{ key: 'c', uuid: 'u-c' }]);
  });

  it('never compares columns kovn does not manage', () => {
    const d = diffTable(new Map([['a', { name: 'a' }]]), new Map([['a', [cur('u', { name: 'a', up: true, options: { x: '1' } })]]]));
    assert.deepEqual(d, { inserts: [], updates: [], deletes: [] });
  });

  it('deletes duplicate rows of one identity, keeping the first', () => {
    const d = diffTable(new Map([['a', { name: 'a' }]]), new Map([['a', [cur('u1', { name: 'a' }), cur('u2', { name: 'a' })]]]));
    assert.deepEqual(d.deletes, [{ key: 'a', uuid: 'u2' }]);
  });
});
