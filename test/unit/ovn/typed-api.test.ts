/**
 * The generated row types reach the public API: the `@ts-expect-error` lines below fail `tsc` (part of npm test)
 * if a misspelt table, column, enum value or wrongly typed value ever type-checks.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { byUuid, namedUuid, operationsFor, type OvsdbClient } from '../../../src/ovn/ovsdb/index.js';
import type { OvnNorthboundTables } from '../../../src/ovn/schema/generated/ovn-nb.js';

const op = operationsFor<OvnNorthboundTables>();

function typedWrites(nb: OvsdbClient<OvnNorthboundTables>): void {
  const batch = nb.batch();
  const port = batch.insert('Logical_Switch_Port', { name: 'p', tag_request: 5, enabled: undefined, addresses: ['x'], options: new Map([['a', 'b']]) });
  batch.insert('Logical_Switch', { name: 'sw', ports: [port] });
  batch.update('Logical_Switch', [byUuid('11111111-1111-1111-1111-111111111111')], { other_config: { subnet: '10.0.0.0/16' } });
  batch.insert('ACL', { action: 'allow-related', direction: 'to-lport', match: 'ip4', priority: 1000 });
  // @ts-expect-error: no such table
  batch.insert('Logical_Swtch', { name: 'y' });
  // @ts-expect-error: no such column in a condition
  batch.update('Logical_Switch', [['nme', '==', 'x']], { name: 'y' });
  // @ts-expect-error: name is a string
  batch.insert('Logical_Switch', { name: 5 });
  // @ts-expect-error: not one of the ACL actions
  batch.insert('ACL', { action: 'permit' });
  void nb.transact([op.insert('Logical_Switch', { ports: [namedUuid('p')] }), op.comment('typed')]);
}

describe('typed OVSDB API', () => {
  it('builds operations that carry table, row and uuid-name as given', () => {
    assert.equal(typeof typedWrites, 'function');
    assert.deepEqual(op.insert('Logical_Switch', { name: 'a' }, 'sw'), { op: 'insert', table: 'Logical_Switch', row: { name: 'a' }, uuidName: 'sw' });
    assert.deepEqual(byUuid('u'), ['_uuid', '==', 'u']);
  });
});
