import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { namedUuid } from '../../src/ovn/ovsdb/encoding.js';
import { OvsdbEncodingError, OvsdbRpcError, OvsdbTransactionError } from '../../src/ovn/ovsdb/errors.js';
import { operationsFor } from '../../src/ovn/ovsdb/operations.js';
import type { OvnNorthboundTables } from '../../src/ovn/schema/generated/ovn-nb.js';
import { nbctl, queryRows, startStandaloneDb, type TestOvsdb } from '../support/ovn.js';

const op = operationsFor<OvnNorthboundTables>();

describe('OvsdbClient transactions against a real NB ovsdb-server', () => {
  let db: TestOvsdb;
  let nb: OvsdbClient<OvnNorthboundTables>;
  before(async () => {
    db = await startStandaloneDb('OVN_Northbound');
    nb = await OvsdbClient.connect<OvnNorthboundTables>(db.remote, { database: 'OVN_Northbound' });
  });
  after(async () => {
    await nb?.close();
    await db?.stop();
  });

  it('lists databases, fetches the schema and answers echo', async () => {
    assert.deepEqual((await nb.listDbs()).sort(), ['OVN_Northbound', '_Server']);
    assert.equal(nb.schema.name, 'OVN_Northbound');
    assert.ok(nb.schema.tables.get('Logical_Switch_Port')?.columns.has('addresses'));
    assert.equal(((await nb.getSchemaJson()) as { name: string }).name, 'OVN_Northbound');
    assert.deepEqual(await nb.echo(['ping', 1]), ['ping', 1]);
  });

  it('inserts rows that reference each other by uuid-name in one transaction', async () => {
    const results = await nb.transact([
      op.insert('Logical_Switch_Port', { name: 'ref-p1', addresses: ['00:00:00:00:00:01 10.0.0.2'] }, 'p1'),
      op.insert('Logical_Switch_Port', { name: 'ref-p2', external_ids: { vendor: 'kovn', pod: 'a.b' } }, 'p2'),
      op.insert('Logical_Switch', { name: 'ref-sw', ports: [namedUuid('p1'), namedUuid('p2')] }),
      op.comment('kovn: named-uuid test'),
    ]);
    assert.equal(results.length, 4);
    assert.match(results[2].uuid!, /^[0-9a-f-]{36}$/);
    const show = await nbctl(db.remote, 'show', 'ref-sw');
    assert.match(show, /port ref-p1\n\s+addresses: \["00:00:00:00:00:01 10.0.0.2"\]/);
    assert.match(show, /port ref-p2/);
    assert.equal((await nbctl(db.remote, 'get', 'Logical_Switch_Port', 'ref-p2', 'external_ids:pod')).trim(), 'a.b');
  });

  it('selects, updates, mutates, waits and deletes', async () => {
    const [inserted] = await nb.transact([op.insert('Logical_Switch', { name: 'crud', other_config: { subnet: '10.1.0.0/16' } })]);
    const uuid = inserted.uuid!;

    const [selected] = await nb.transact([op.select('Logical_Switch', [['name', '==', 'crud']], ['name', 'other_config', 'ports'])]);
    assert.deepEqual(selected.rows, [{ name: 'crud', other_config: { subnet: '10.1.0.0/16' }, ports: [] }]);

    const [updated] = await nb.transact([op.update('Logical_Switch', [['_uuid', '==', uuid]], { external_ids: { vendor: 'kovn' } })]);
    assert.equal(updated.count, 1);

    const [mutated] = await nb.transact([
      op.mutate('Logical_Switch', [['name', '==', 'crud']], [
        ['external_ids', 'insert', { subnet: 'crud' }],
        ['other_config', 'delete', ['subnet']],
      ]),
    ]);
    assert.equal(mutated.count, 1);
    assert.equal((await nbctl(db.remote, 'get', 'Logical_Switch', 'crud', 'external_ids')).trim(), '{subnet=crud, vendor=kovn}');
    assert.equal((await nbctl(db.remote, 'get', 'Logical_Switch', 'crud', 'other_config')).trim(), '{}');

    // wait succeeds at once when the condition already holds
    await nb.transact([op.wait('Logical_Switch', [['_uuid', '==', uuid]], ['name'], '==', [{ name: 'crud' }], 0)]);

    const [deleted] = await nb.transact([op.delete('Logical_Switch', [['name', '==', 'crud']])]);
    assert.equal(deleted.count, 1);
    assert.equal((await nbctl(db.remote, '--if-exists', 'get', 'Logical_Switch', 'crud', 'name')).trim(), '');
  });

  it('commits a batch built from plain objects and maps named rows to their uuids', async () => {
    const batch = nb.batch();
    const port = batch.insert('Logical_Switch_Port', { name: 'batch-p', addresses: ['router'], type: 'router', options: { 'router-port': 'batch-lrp' } });
    const sw = batch.insert('Logical_Switch', { name: 'batch-sw', ports: [port] });
    batch.insert('Logical_Router_Port', { name: 'batch-lrp', mac: '00:00:00:00:01:01', networks: ['10.9.0.1/24'] }, 'lrp');
    batch.insert('Logical_Router', { name: 'batch-lr', ports: [namedUuid('lrp')] });
    batch.mutate('Logical_Switch', [['_uuid', '==', sw]], [['external_ids', 'insert', { vendor: 'kovn' }]]);
    const result = await batch.commit();
    const rows = await queryRows(db.remote, 'OVN_Northbound', 'Logical_Switch', ['name', 'ports']);
    const row = rows.find((r) => (r._uuid as [string, string])[1] === result.uuidOf(sw))!;
    assert.equal(row.name, 'batch-sw');
    assert.deepEqual(row.ports, ['uuid', result.uuidOf(port)]);
    assert.match(await nbctl(db.remote, 'show', 'batch-lr'), /port batch-lrp\n\s+mac: "00:00:00:00:01:01"\n\s+networks: \["10.9.0.1\/24"\]/);
    assert.equal((await nb.batch().commit()).results.length, 0);
  });

  it('writes 10,000 ports in one transaction', async () => {
    const batch = nb.batch();
    const ports = [];
    for (let i = 0; i < 10_000; i++) {
      ports.push(batch.insert('Logical_Switch_Port', { name: `big-${i}`, addresses: [`0a:00:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')} 10.2.${i >> 8}.${i & 255}`], external_ids: { vendor: 'kovn', pod: `p${i}.ns` } }));
    }
    batch.insert('Logical_Switch', { name: 'big', ports });
    const { results } = await batch.commit();
    assert.equal(results.length, 10_001);
    const count = (await nbctl(db.remote, '--bare', '--columns=name', 'find', 'Logical_Switch_Port', 'external_ids:vendor=kovn')).split('\n').filter((l) => l.startsWith('big-')).length;
    assert.equal(count, 10_000);
  });

  it('pipelines many transactions on one connection', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `pipe-${i}`);
    const results = await Promise.all(names.map((name) => nb.transact([op.insert('Logical_Switch', { name })])));
    assert.equal(new Set(results.map((r) => r[0].uuid)).size, 300);
    const listed = (await nbctl(db.remote, '--bare', '--columns=name', 'list', 'Logical_Switch')).split('\n').filter((l) => l.startsWith('pipe-'));
    assert.equal(listed.length, 300);
  });

  it('reports the failing operation index, error and details of a rejected transaction', async () => {
    await nb.transact([op.insert('Address_Set', { name: 'dup_set' })]);
    await assert.rejects(
      nb.transact([op.comment('first'), op.insert('Address_Set', { name: 'dup_set' })]),
      (e: unknown) => {
        assert.ok(e instanceof OvsdbTransactionError, String(e));
        assert.equal(e.error, 'constraint violation');
        assert.match(e.details ?? '', /dup_set/);
        assert.match(e.message, /constraint violation/);
        return true;
      },
    );
    await assert.rejects(
      nb.transact([op.update('Logical_Switch', [['name', '==', 'x']], { name: 'y' }), op.assert('kovn_lock')]),
      (e: unknown) => {
        assert.ok(e instanceof OvsdbTransactionError);
        assert.equal(e.operationIndex, 1);
        assert.equal(e.operation, 'assert');
        assert.equal(e.error, 'not owner');
        assert.match(e.message, /operation 1 \(assert\) failed: not owner/);
        return true;
      },
    );
    // A commit-time failure is reported after the last operation: no operation index.
    await assert.rejects(
      nb.transact([op.insert('Logical_Switch', { name: 'dangling', ports: ['12345678-1234-1234-1234-123456789abc'] })]),
      (e: unknown) => {
        assert.ok(e instanceof OvsdbTransactionError);
        assert.equal(e.operationIndex, undefined);
        assert.equal(e.error, 'referential integrity violation');
        assert.match(e.message, /^OVN_Northbound transaction failed: referential integrity violation: .*12345678-1234-1234-1234-123456789abc/);
        return true;
      },
    );
    await assert.rejects(
      nb.transact([op.wait('Logical_Switch', [['name', '==', 'nope']], ['name'], '!=', [], 0)]),
      (e: unknown) => e instanceof OvsdbTransactionError && e.operationIndex === 0 && e.error === 'timed out',
    );
  });

  it('refuses values that do not fit the schema before sending anything', async () => {
    await assert.rejects(
      nb.transact([op.insert('Logical_Switch_Port', { name: 'x', tag_request: 'ten' as unknown as number })]),
      (e: unknown) => e instanceof OvsdbEncodingError && e.message === 'Logical_Switch_Port.tag_request: expected an integer (got "ten")',
    );
    await assert.rejects(nb.transact([op.insert('Logical_Switch', { ports: ['not-a-uuid'] })]), /Logical_Switch\.ports: expected a uuid/);
  });

  it('turns a JSON-RPC level error into OvsdbRpcError', async () => {
    await assert.rejects(nb.transactRaw('No_Such_DB', [{ op: 'comment', comment: 'x' }]), (e: unknown) => e instanceof OvsdbRpcError && /unknown database/.test(e.message));
  });
});

describe('OVSDB locks against a real NB ovsdb-server', () => {
  let db: TestOvsdb;
  before(async () => {
    db = await startStandaloneDb('OVN_Northbound');
  });
  after(async () => {
    await db?.stop();
  });

  it('grants a lock to one client at a time, guards writes with assert, and hands it over on unlock or steal', async () => {
    const first = await OvsdbClient.connect<OvnNorthboundTables>(db.remote, { database: 'OVN_Northbound' });
    const second = await OvsdbClient.connect<OvnNorthboundTables>(db.remote, { database: 'OVN_Northbound' });
    try {
      assert.equal(await first.lock('kovn_controller'), true);
      assert.equal(await second.lock('kovn_controller'), false);
      await first.transact([op.assert('kovn_controller'), op.insert('Logical_Switch', { name: 'locked-write' })]);
      await assert.rejects(second.transact([op.assert('kovn_controller'), op.insert('Logical_Switch', { name: 'no' })]), (e: unknown) => e instanceof OvsdbTransactionError && e.error === 'not owner');

      const granted = once(second, 'locked');
      await first.unlock('kovn_controller');
      assert.deepEqual(await granted, ['kovn_controller']);
      assert.equal(second.holdsLock('kovn_controller'), true);

      const lost = once(second, 'lockLost');
      assert.equal(await first.lock('kovn_controller', { steal: true }), true);
      assert.deepEqual(await lost, ['kovn_controller']);
      assert.equal(second.holdsLock('kovn_controller'), false);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
