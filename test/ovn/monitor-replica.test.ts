import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OvsdbClient, type MonitorHandler, type TableUpdates2 } from '../../src/ovn/ovsdb/client.js';
import { Replica, type RowChange } from '../../src/ovn/ovsdb/replica.js';
import { operationsFor } from '../../src/ovn/ovsdb/operations.js';
import { namedUuid } from '../../src/ovn/ovsdb/encoding.js';
import type { OvnNorthboundTables } from '../../src/ovn/schema/generated/ovn-nb.js';
import { nbctl, queryRows, startStandaloneDb, waitFor, type TestOvsdb } from '../support/ovn.js';

const op = operationsFor<OvnNorthboundTables>();

function atom(wire: unknown): unknown {
  return Array.isArray(wire) ? wire[1] : wire;
}

/** ovsdb-client's wire rows reduced to plain values by column kind (written out here, independent of the client). */
function normalizeDumpRow(kinds: (column: string) => string, row: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { _uuid: atom(row._uuid) };
  for (const c of columns) {
    const v = row[c] as unknown[];
    const elements = Array.isArray(v) && v[0] === 'set' ? (v[1] as unknown[]).map(atom) : [atom(v)];
    switch (kinds(c)) {
      case 'map':
        out[c] = Object.fromEntries((v[1] as [unknown, unknown][]).map(([k, x]) => [atom(k), atom(x)]));
        break;
      case 'set':
        out[c] = elements.sort();
        break;
      case 'optional':
        out[c] = elements[0];
        break;
      default:
        out[c] = atom(v);
    }
  }
  return out;
}

function normalizeReplicaRow(row: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { _uuid: row._uuid };
  for (const c of columns) out[c] = Array.isArray(row[c]) ? [...(row[c] as unknown[])].sort() : row[c];
  return out;
}

const LSP_COLUMNS = ['name', 'addresses', 'external_ids', 'tag_request', 'options', 'enabled'] as const;

describe('monitors and the replica against a real NB ovsdb-server', () => {
  let db: TestOvsdb;
  let nb: OvsdbClient<OvnNorthboundTables>;
  const kindsOf = (table: string) => (column: string) => nb.schema.tables.get(table)!.columns.get(column)!.kind;
  before(async () => {
    db = await startStandaloneDb('OVN_Northbound');
    nb = await OvsdbClient.connect<OvnNorthboundTables>(db.remote, { database: 'OVN_Northbound' });
  });
  after(async () => {
    await nb?.close();
    await db?.stop();
  });

  it('delivers insert, modify and delete of rows changed by another client (ovn-nbctl)', async () => {
    const replica = await Replica.start(nb, { Logical_Switch: ['name', 'other_config', 'ports'] });
    const changes: RowChange[] = [];
    replica.onChange((batch) => changes.push(...batch));

    await nbctl(db.remote, 'ls-add', 'mon-sw');
    const inserted = await waitFor('insert event', () => changes.find((c) => c.kind === 'insert'));
    assert.equal(inserted.kind === 'insert' && inserted.new.name, 'mon-sw');
    assert.equal(replica.table('Logical_Switch').byName('mon-sw')?._uuid, inserted.uuid);

    await nbctl(db.remote, 'set', 'Logical_Switch', 'mon-sw', 'other_config:subnet=10.3.0.0/16');
    const modified = await waitFor('modify event', () => changes.find((c) => c.kind === 'modify'));
    assert.ok(modified.kind === 'modify');
    assert.deepEqual(modified.old.other_config, {});
    assert.deepEqual(modified.new.other_config, { subnet: '10.3.0.0/16' });

    await nbctl(db.remote, 'ls-del', 'mon-sw');
    const deleted = await waitFor('delete event', () => changes.find((c) => c.kind === 'delete'));
    assert.ok(deleted.kind === 'delete');
    assert.equal(deleted.old.name, 'mon-sw');
    assert.equal(replica.table('Logical_Switch').byName('mon-sw'), undefined);
    await replica.stop();
  });

  it('monitors with a condition and stops after monitor_cancel', async () => {
    const seen: TableUpdates2[] = [];
    const handler: MonitorHandler = { reset: (u) => seen.push(u), update: (u) => seen.push(u) };
    const monitor = await nb.monitor({ Address_Set: { columns: ['name'], where: [['name', '==', 'watched']] } }, handler);
    await nb.transact([op.insert('Address_Set', { name: 'ignored' }), op.insert('Address_Set', { name: 'watched' })]);
    await waitFor('update for the watched row', () => seen.some((u) => JSON.stringify(u).includes('"watched"')));
    assert.ok(!seen.some((u) => JSON.stringify(u).includes('"ignored"')), 'rows outside the condition are not sent');
    await monitor.cancel();
    const before = seen.length;
    await nb.transact([op.update('Address_Set', [['name', '==', 'watched']], { addresses: ['10.0.0.1'] })]);
    await nb.echo(); // a full round trip after the write: any update would have arrived by now
    assert.equal(seen.length, before);
  });

  it('equals ovsdb-client query after a burst of inserts, updates, mutations and deletes from two writers', async () => {
    const replica = await Replica.start(nb, { Logical_Switch: ['name', 'ports', 'external_ids'], Logical_Switch_Port: [...LSP_COLUMNS] });
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      const batch = nb.batch();
      const port = batch.insert('Logical_Switch_Port', { name: `burst-p${i}`, addresses: [`00:00:00:00:01:${i.toString(16).padStart(2, '0')}`], external_ids: { i: String(i) } });
      batch.insert('Logical_Switch', { name: `burst-sw${i}`, ports: [port] });
      writes.push(batch.commit());
    }
    await Promise.all(writes);
    const more: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i += 3) more.push(nb.transact([op.update('Logical_Switch_Port', [['name', '==', `burst-p${i}`]], { tag_request: i % 4095, enabled: i % 2 === 0 })]));
    for (let i = 1; i < 40; i += 4) more.push(nb.transact([op.mutate('Logical_Switch_Port', [['name', '==', `burst-p${i}`]], [['external_ids', 'delete', ['i']], ['options', 'insert', { requested: 'yes' }], ['addresses', 'insert', ['dynamic']]])]));
    for (let i = 2; i < 40; i += 5) more.push(nb.transact([op.delete('Logical_Switch', [['name', '==', `burst-sw${i}`]])]));
    await Promise.all(more);
    await nbctl(db.remote, 'lsp-add', 'burst-sw0', 'burst-extra', '--', 'lsp-set-addresses', 'burst-extra', 'unknown');
    await nbctl(db.remote, 'lsp-del', 'burst-p3');

    const expectedPorts = async () =>
      (await queryRows(db.remote, 'OVN_Northbound', 'Logical_Switch_Port', [...LSP_COLUMNS])).map((r) => normalizeDumpRow(kindsOf('Logical_Switch_Port'), r, LSP_COLUMNS));
    const actualPorts = () => replica.table('Logical_Switch_Port').all().map((r) => normalizeReplicaRow(r as never, LSP_COLUMNS));
    const byUuid = (rows: Record<string, unknown>[]) => Object.fromEntries(rows.map((r) => [r._uuid as string, r]));
    await waitFor('replica to match ovsdb-client', async () => {
      const expected = byUuid(await expectedPorts());
      const actual = byUuid(actualPorts());
      assert.deepEqual(actual, expected);
      return true;
    });
    const switches = await queryRows(db.remote, 'OVN_Northbound', 'Logical_Switch', ['name', 'ports', 'external_ids']);
    assert.deepEqual(
      byUuid(replica.table('Logical_Switch').all().map((r) => normalizeReplicaRow(r as never, ['name', 'ports', 'external_ids']))),
      byUuid(switches.map((r) => normalizeDumpRow(kindsOf('Logical_Switch'), r, ['name', 'ports', 'external_ids']))),
    );
    assert.equal(replica.table('Logical_Switch_Port').byIndex({ name: 'burst-extra' })?.addresses[0], 'unknown');
    assert.equal(replica.table('Logical_Switch_Port').byName('burst-p3'), undefined);
    await replica.stop();
  });

  it('keeps only the rows a condition selects, with where clauses in plain values', async () => {
    const replica = await Replica.start(nb, {
      Logical_Switch_Port: { columns: ['name', 'external_ids'], where: [['external_ids', 'includes', { owner: 'me' }]] },
    });
    await nb.transact([
      op.insert('Logical_Switch_Port', { name: 'cond-mine', external_ids: { owner: 'me' } }, 'a'),
      op.insert('Logical_Switch_Port', { name: 'cond-other', external_ids: { owner: 'you' } }, 'b'),
      op.insert('Logical_Switch', { name: 'cond-sw', ports: [namedUuid('a'), namedUuid('b')] }),
    ]);
    assert.ok(replica.table('Logical_Switch_Port').byName('cond-mine'));
    assert.equal(replica.table('Logical_Switch_Port').byName('cond-other'), undefined);
    await replica.stop();
  });

  it('holds a committed batch by the time commit() resolves (the server sends the update before the reply)', async () => {
    const replica = await Replica.start(nb, { Logical_Switch: ['name'] });
    for (let i = 0; i < 20; i++) {
      const batch = nb.batch();
      const sw = batch.insert('Logical_Switch', { name: `ordered-${i}` });
      const result = await batch.commit();
      assert.equal(replica.table('Logical_Switch').get(result.uuidOf(sw))?.name, `ordered-${i}`);
    }
    await replica.stop();
  });

  it('receives a monitor reply larger than 10 MB intact', async () => {
    const blob = 'x'.repeat(60_000) + 'é✓';
    const batch = nb.batch();
    const ports = [];
    for (let i = 0; i < 200; i++) ports.push(batch.insert('Logical_Switch_Port', { name: `huge-${i}`, external_ids: { blob: `${i}:${blob}` } }));
    batch.insert('Logical_Switch', { name: 'huge-sw', ports });
    await batch.commit();
    const second = await OvsdbClient.connect<OvnNorthboundTables>(db.remote, { database: 'OVN_Northbound' });
    try {
      const replica = await Replica.start(second, { Logical_Switch_Port: { columns: ['name', 'external_ids'], where: [['name', '!=', '']] } });
      const huge = replica.table('Logical_Switch_Port').filter((p) => p.name.startsWith('huge-'));
      assert.equal(huge.length, 200);
      assert.equal(replica.table('Logical_Switch_Port').byName('huge-199')?.external_ids.blob, `199:${blob}`);
    } finally {
      await second.close();
    }
  });

  it('loads a 10,000-row table in its first sync', async () => {
    const batch = nb.batch();
    const ports = [];
    for (let i = 0; i < 10_000; i++) ports.push(batch.insert('Logical_Switch_Port', { name: `sync-${i}`, external_ids: { vendor: 'kovn' } }));
    batch.insert('Logical_Switch', { name: 'sync-sw', ports });
    await batch.commit();
    const second = await OvsdbClient.connect<OvnNorthboundTables>(db.remote, { database: 'OVN_Northbound' });
    try {
      const replica = await Replica.start(second, { Logical_Switch_Port: ['name', 'external_ids'] });
      assert.ok(replica.table('Logical_Switch_Port').size >= 10_000);
      assert.equal(replica.table('Logical_Switch_Port').byName('sync-9999')?.external_ids.vendor, 'kovn');
    } finally {
      await second.close();
    }
  });
});
