import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch } from '../../../src/engine/cluster/merge-patch.js';
import { applyStrategicMergePatch } from '../../../src/engine/cluster/strategic-merge-patch.js';
import { applyJsonPatch } from '../../../src/engine/cluster/http/json-patch.js';

describe('merge patch (RFC 7386)', () => {
  it('merges objects recursively, deletes keys set to null and replaces arrays', () => {
    const target = { a: { b: 1, c: 2 }, list: [1, 2], keep: true };
    const result = applyMergePatch(target, { a: { b: null, d: 3 }, list: [3] });
    assert.deepEqual(result, { a: { c: 2, d: 3 }, list: [3], keep: true });
    assert.deepEqual(target, { a: { b: 1, c: 2 }, list: [1, 2], keep: true }, 'the target is not changed');
  });
  it('replaces a non-object target and returns non-object patches as they are', () => {
    assert.deepEqual(applyMergePatch('x', { a: 1 }), { a: 1 });
    assert.equal(applyMergePatch({ a: 1 }, 'y'), 'y');
  });
});

describe('strategic merge patch', () => {
  const pod = {
    metadata: { labels: { a: '1' }, finalizers: ['x'] },
    spec: { containers: [{ name: 'c1', image: 'i1' }, { name: 'c2', image: 'i2' }], tolerations: [{ key: 'k' }] },
  };
  it('merges containers by name and keeps the others', () => {
    const out = applyStrategicMergePatch(pod, { spec: { containers: [{ name: 'c2', image: 'new' }] } }) as typeof pod;
    assert.deepEqual(out.spec.containers, [{ name: 'c1', image: 'i1' }, { name: 'c2', image: 'new' }]);
  });
  it('deletes a keyed element with $patch: delete and ignores $setElementOrder', () => {
    const out = applyStrategicMergePatch(pod, {
      spec: { $setElementOrder: [{ name: 'c2' }], 'containers': [{ name: 'c1', $patch: 'delete' }] },
    }) as typeof pod;
    assert.deepEqual(out.spec.containers, [{ name: 'c2', image: 'i2' }]);
  });
  it('replaces lists without a merge key and unions finalizers', () => {
    const out = applyStrategicMergePatch(pod, { metadata: { finalizers: ['y'] }, spec: { tolerations: [{ key: 'z' }] } }) as typeof pod;
    assert.deepEqual(out.metadata.finalizers, ['x', 'y']);
    assert.deepEqual(out.spec.tolerations, [{ key: 'z' }]);
  });
  it('removes labels set to null as kubectl label KEY- sends', () => {
    const out = applyStrategicMergePatch(pod, { metadata: { labels: { a: null, b: '2' } } }) as typeof pod;
    assert.deepEqual(out.metadata.labels, { b: '2' });
  });
  it('removes scalars listed in $deleteFromPrimitiveList', () => {
    const out = applyStrategicMergePatch(pod, { metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] } }) as typeof pod;
    assert.deepEqual(out.metadata.finalizers, []);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('adds, replaces, removes and tests', () => {
    const doc = { spec: { list: [1, 2], a: 1 } };
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/spec/list/-', value: 3 },
      { op: 'replace', path: '/spec/a', value: 2 },
      { op: 'remove', path: '/spec/list/0' },
      { op: 'test', path: '/spec/a', value: 2 },
      { op: 'add', path: '/spec/b~1c', value: true },
    ]);
    assert.deepEqual(out, { spec: { list: [2, 3], a: 2, 'b/c': true } });
    assert.deepEqual(doc, { spec: { list: [1, 2], a: 1 } });
  });
  it('fails with Invalid naming a path that does not exist', () => {
    assert.throws(() => applyJsonPatch({}, [{ op: 'remove', path: '/metadata/finalizers' }]), /"\/metadata\/finalizers" does not exist/);
  });
});
