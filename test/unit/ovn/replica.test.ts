import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ReplicaTable, sameDatum } from '../../../src/ovn/ovsdb/replica.js';
import { parseDatabaseSchema } from '../../../src/ovn/ovsdb/schema.js';

const schema = parseDatabaseSchema({
  name: 'Test',
  version: '1.0.0',
  tables: {
    Port: {
      columns: {
        name: { type: 'string' },
        chassis: { type: { key: 'string', min: 0, max: 1 } },
        ips: { type: { key: 'string', min: 0, max: 'unlimited' } },
        ids: { type: { key: 'string', value: 'string', min: 0, max: 'unlimited' } },
        lp: { type: 'string' },
        dst: { type: 'string' },
      },
      indexes: [['name'], ['lp', 'dst']],
      isRoot: true,
    },
  },
});
const U1 = '11111111-1111-1111-1111-111111111111';
const U2 = '22222222-2222-2222-2222-222222222222';

function table() {
  return new ReplicaTable<Record<string, unknown>>(schema.tables.get('Port')!, ['name', 'chassis', 'ips', 'ids', 'lp', 'dst']);
}

describe('ReplicaTable', () => {
  it('fills columns that update2 leaves out with their defaults', () => {
    const row = table().decodeRow(U1, { name: 'a' });
    assert.deepEqual(row, { _uuid: U1, name: 'a', chassis: undefined, ips: [], ids: {}, lp: '', dst: '' });
  });

  it('finds rows by uuid, by name and by a two-column schema index', () => {
    const t = table();
    t.put(t.decodeRow(U1, { name: 'a', lp: 'lrp1', dst: '10.0.0.1' }));
    t.put(t.decodeRow(U2, { name: 'b', lp: 'lrp1', dst: '10.0.0.2' }));
    assert.equal(t.get(U2)?.name, 'b');
    assert.equal(t.byName('a')?._uuid, U1);
    assert.equal(t.byIndex({ dst: '10.0.0.2', lp: 'lrp1' })?._uuid, U2);
    assert.throws(() => t.byIndex({ chassis: 'x' }), /Port has no monitored index on \(chassis\)/);
  });

  it('moves a row in its indexes when a modify renames it, without touching the old row object', () => {
    const t = table();
    const old = t.decodeRow(U1, { name: 'a', ips: ['set', ['10.0.0.1', '10.0.0.2']], ids: ['map', [['k', 'v']]] });
    t.put(old);
    const renamed = t.applyModify(old, { name: 'b', ips: '10.0.0.1', ids: ['map', [['k', 'v'], ['n', 'm']]], chassis: 'node1' });
    t.put(renamed);
    assert.equal(t.byName('a'), undefined);
    assert.equal(t.byName('b'), renamed);
    assert.deepEqual(renamed.ips, ['10.0.0.2']);
    assert.deepEqual(renamed.ids, { n: 'm' });
    assert.equal(renamed.chassis, 'node1');
    assert.deepEqual(old.ips, ['10.0.0.1', '10.0.0.2']);
    assert.equal(old.name, 'a');
  });

  it('keeps rows that share a name apart', () => {
    const t = table();
    t.put(t.decodeRow(U1, { name: 'same' }));
    t.put(t.decodeRow(U2, { name: 'same' }));
    assert.equal(t.allByName('same').length, 2);
    t.remove(U1);
    assert.equal(t.byName('same')?._uuid, U2);
  });
});

describe('sameDatum', () => {
  it('compares sets regardless of order and maps by content', () => {
    assert.ok(sameDatum(['a', 'b'], ['b', 'a']));
    assert.ok(!sameDatum(['a'], ['a', 'b']));
    assert.ok(sameDatum({ a: '1' }, { a: '1' }));
    assert.ok(!sameDatum({ a: '1' }, { a: '2' }));
    assert.ok(sameDatum(undefined, undefined));
    assert.ok(!sameDatum(undefined, 'x'));
  });
});
