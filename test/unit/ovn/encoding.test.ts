import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyDatumDiff, decodeDatum, defaultDatum, encodeDatum, namedUuid, ZERO_UUID } from '../../../src/ovn/ovsdb/encoding.js';
import { OvsdbEncodingError } from '../../../src/ovn/ovsdb/errors.js';
import { parseColumnType } from '../../../src/ovn/ovsdb/schema.js';
import { encodeOperation, ops } from '../../../src/ovn/ovsdb/operations.js';
import { parseDatabaseSchema } from '../../../src/ovn/ovsdb/schema.js';

const scalarString = parseColumnType('string', 't.c');
const optionalInt = parseColumnType({ key: 'integer', min: 0, max: 1 }, 't.c');
const stringSet = parseColumnType({ key: 'string', min: 0, max: 'unlimited' }, 't.c');
const uuidSet = parseColumnType({ key: { type: 'uuid', refTable: 'X' }, min: 0, max: 'unlimited' }, 't.c');
const stringMap = parseColumnType({ key: 'string', value: 'string', min: 0, max: 'unlimited' }, 't.c');
const intKeyMap = parseColumnType({ key: 'integer', value: { type: 'uuid' }, min: 0, max: 'unlimited' }, 't.c');
const U1 = '11111111-2222-3333-4444-555555555555';
const U2 = '66666666-2222-3333-4444-555555555555';

describe('column kinds', () => {
  it('classifies scalar, optional, set and map columns', () => {
    assert.equal(scalarString.kind, 'scalar');
    assert.equal(optionalInt.kind, 'optional');
    assert.equal(stringSet.kind, 'set');
    assert.equal(stringMap.kind, 'map');
    assert.equal(stringSet.max, Infinity);
  });
});

describe('encodeDatum', () => {
  it('writes a set column from an array and a single element as a bare atom', () => {
    assert.deepEqual(encodeDatum('T', 'c', stringSet, ['a', 'b']), ['set', ['a', 'b']]);
    assert.deepEqual(encodeDatum('T', 'c', stringSet, ['a']), 'a');
    assert.deepEqual(encodeDatum('T', 'c', stringSet, []), ['set', []]);
  });
  it('writes an optional column from a value or undefined', () => {
    assert.deepEqual(encodeDatum('T', 'c', optionalInt, 5), 5);
    assert.deepEqual(encodeDatum('T', 'c', optionalInt, undefined), ['set', []]);
  });
  it('writes uuids and named-uuid references', () => {
    assert.deepEqual(encodeDatum('T', 'c', uuidSet, [U1, namedUuid('new_port')]), ['set', [['uuid', U1], ['named-uuid', 'new_port']]]);
  });
  it('writes a map column from a Record or a Map, converting integer keys', () => {
    assert.deepEqual(encodeDatum('T', 'c', stringMap, { a: '1', b: '2' }), ['map', [['a', '1'], ['b', '2']]]);
    assert.deepEqual(encodeDatum('T', 'c', stringMap, new Map([['a', '1']])), ['map', [['a', '1']]]);
    assert.deepEqual(encodeDatum('T', 'c', intKeyMap, { 7: U1 }), ['map', [[7, ['uuid', U1]]]]);
  });
  it('names table, column and value when a value does not fit', () => {
    assert.throws(() => encodeDatum('Logical_Switch', 'name', scalarString, 42), (e: unknown) => {
      assert.ok(e instanceof OvsdbEncodingError);
      assert.equal(e.message, 'Logical_Switch.name: expected a string (got 42)');
      assert.equal(e.column, 'name');
      return true;
    });
    assert.throws(() => encodeDatum('T', 'ports', uuidSet, ['not-a-uuid']), /T\.ports: expected a uuid string or namedUuid/);
    assert.throws(() => encodeDatum('T', 'c', optionalInt, [1, 2]), /takes at most 1/);
    assert.throws(() => encodeDatum('T', 'c', optionalInt, 1.5), /expected an integer/);
  });
});

describe('decodeDatum', () => {
  it('reads wire values back into plain values', () => {
    assert.equal(decodeDatum(scalarString, 'x'), 'x');
    assert.equal(decodeDatum(optionalInt, ['set', []]), undefined);
    assert.equal(decodeDatum(optionalInt, 3), 3);
    assert.deepEqual(decodeDatum(stringSet, 'a'), ['a']);
    assert.deepEqual(decodeDatum(uuidSet, ['set', [['uuid', U1], ['uuid', U2]]]), [U1, U2]);
    assert.deepEqual(decodeDatum(uuidSet, ['uuid', U1]), [U1]);
    assert.deepEqual(decodeDatum(stringMap, ['map', [['k', 'v']]]), { k: 'v' });
  });
  it('round-trips what it encodes', () => {
    for (const [type, value] of [
      [stringSet, ['a', 'b']],
      [stringMap, { a: 'b' }],
      [optionalInt, undefined],
      [uuidSet, [U1]],
    ] as const) {
      assert.deepEqual(decodeDatum(type, encodeDatum('T', 'c', type, value)), value);
    }
  });
  it('gives the defaults update2 leaves out', () => {
    assert.equal(defaultDatum(scalarString), '');
    assert.equal(defaultDatum(parseColumnType('uuid', 'x')), ZERO_UUID);
    assert.deepEqual(defaultDatum(stringSet), []);
    assert.deepEqual(defaultDatum(stringMap), {});
    assert.equal(defaultDatum(optionalInt), undefined);
  });
});

describe('applyDatumDiff (update2 modify)', () => {
  it('toggles set elements', () => {
    assert.deepEqual(applyDatumDiff(stringSet, ['a', 'b'], ['set', ['b', 'c']]), ['a', 'c']);
  });
  it('replaces, adds and removes map pairs', () => {
    const old = { keep: '1', change: '2', drop: '3' };
    assert.deepEqual(applyDatumDiff(stringMap, old, ['map', [['change', '9'], ['drop', '3'], ['add', '4']]]), {
      keep: '1',
      change: '9',
      add: '4',
    });
    assert.deepEqual(old, { keep: '1', change: '2', drop: '3' }, 'the old value is not mutated');
  });
  it('sets, swaps and clears an optional value', () => {
    assert.equal(applyDatumDiff(optionalInt, undefined, 5), 5);
    assert.equal(applyDatumDiff(optionalInt, 5, ['set', [5, 6]]), 6);
    assert.equal(applyDatumDiff(optionalInt, 6, 6), undefined);
  });
  it('replaces a scalar', () => {
    assert.equal(applyDatumDiff(scalarString, 'a', 'b'), 'b');
  });
});

describe('encodeOperation', () => {
  const schema = parseDatabaseSchema({
    name: 'Test',
    version: '1.0.0',
    tables: {
      Sw: { columns: { name: { type: 'string' }, ports: { type: { key: { type: 'uuid', refTable: 'Port' }, min: 0, max: 'unlimited' } }, ids: { type: { key: 'string', value: 'string', min: 0, max: 'unlimited' } } }, isRoot: true },
      Port: { columns: { name: { type: 'string' } } },
    },
  });
  it('encodes insert with uuid-name and a where clause on _uuid', () => {
    assert.deepEqual(encodeOperation(schema, ops.insert('Port', { name: 'p' }, 'p1')), { op: 'insert', table: 'Port', row: { name: 'p' }, 'uuid-name': 'p1' });
    assert.deepEqual(encodeOperation(schema, ops.delete('Sw', [['_uuid', '==', U1]])), { op: 'delete', table: 'Sw', where: [['_uuid', '==', ['uuid', U1]]] });
  });
  it('encodes map key deletion as a set of keys', () => {
    assert.deepEqual(encodeOperation(schema, ops.mutate('Sw', [], [['ids', 'delete', ['a', 'b']]])).mutations, [['ids', 'delete', ['set', ['a', 'b']]]]);
  });
  it('rejects unknown tables, unknown columns and bad uuid-names by name', () => {
    assert.throws(() => encodeOperation(schema, ops.insert('Nope', {})), /table Nope: no such table in Test/);
    assert.throws(() => encodeOperation(schema, ops.insert('Sw', { nme: 'x' })), /Sw\.nme: no such column \(got "x"\)/);
    assert.throws(() => encodeOperation(schema, ops.insert('Sw', {}, 'bad-name')), /uuid-name must match/);
  });
});
