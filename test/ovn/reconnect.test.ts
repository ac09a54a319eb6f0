import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { OvsdbDisconnectedError } from '../../src/ovn/ovsdb/errors.js';
import { Replica, type RowChange } from '../../src/ovn/ovsdb/replica.js';
import { operationsFor } from '../../src/ovn/ovsdb/operations.js';
import { runCommand } from '../../src/engine/proc/run-command.js';
import type { OvnNorthboundTables } from '../../src/ovn/schema/generated/ovn-nb.js';
import { nbctl, startStandaloneDb, waitFor, type TestOvsdb } from '../support/ovn.js';

const op = operationsFor<OvnNorthboundTables>();
const fastReconnect = { backoff: { initialMs: 20, maxMs: 200 }, requestWaitMs: 15_000 } as const;

describe('reconnecting to a real NB ovsdb-server', () => {
  let db: TestOvsdb;
  let nb: OvsdbClient<OvnNorthboundTables>;
  before(async () => {
    db = await startStandaloneDb('OVN_Northbound');
    nb = await OvsdbClient.connect<OvnNorthboundTables>(db.remote, { database: 'OVN_Northbound', ...fastReconnect });
  });
  after(async () => {
    await nb?.close();
    await db?.stop();
  });

  it('reconnects after a restart on the same DB file and the replica converges to what the file holds', async () => {
    const replica = await Replica.start(nb, { Logical_Switch: ['name', 'other_config'] });
    await nb.transact([op.insert('Logical_Switch', { name: 'keep' }), op.insert('Logical_Switch', { name: 'gone' })]);
    await waitFor('both switches in the replica', () => replica.table('Logical_Switch').size === 2);
    const changes: RowChange[] = [];
    replica.onChange((batch) => changes.push(...batch));

    const disconnected = once(nb, 'disconnected');
    await db.server.stop();
    await disconnected;
    // Change the database while no server runs, so only a resync can tell the client.
    await runCommand([
      'ovsdb-tool',
      'transact',
      db.server.dbPaths[0],
      JSON.stringify([
        'OVN_Northbound',
        { op: 'delete', table: 'Logical_Switch', where: [['name', '==', 'gone']] },
        { op: 'update', table: 'Logical_Switch', where: [['name', '==', 'keep']], row: { other_config: ['map', [['k', 'v']]] } },
        { op: 'insert', table: 'Logical_Switch', row: { name: 'new' } },
      ]),
    ]);
    const connected = once(nb, 'connected');
    await db.server.restart();
    await connected;

    await waitFor('resync events', () => changes.length >= 3);
    assert.deepEqual(changes.map((c) => `${c.kind} ${(c.kind === 'delete' ? c.old : c.new).name}`).sort(), ['delete gone', 'insert new', 'modify keep']);
    assert.deepEqual(replica.table('Logical_Switch').byName('keep')?.other_config, { k: 'v' });
    assert.deepEqual(replica.table('Logical_Switch').all().map((r) => r.name).sort(), ['keep', 'new']);
    assert.equal(replica.fullSyncs, 2);

    // and it keeps following changes after the resync
    await nbctl(db.remote, 'ls-add', 'after-restart');
    await waitFor('post-restart insert', () => replica.table('Logical_Switch').byName('after-restart'));
    await replica.stop();
  });

  it('starts a replica requested while the server is down once it is back, with one monitor', async () => {
    await nb.whenConnected();
    await nb.transact([op.insert('Address_Set', { name: 'while_down', addresses: ['10.0.0.1'] })]);
    const disconnected = once(nb, 'disconnected');
    await db.server.stop();
    await disconnected;
    const starting = Replica.start(nb, { Address_Set: ['name', 'addresses'] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await db.server.restart();
    const replica = await starting;
    assert.deepEqual(replica.table('Address_Set').byIndex({ name: 'while_down' })?.addresses, ['10.0.0.1']);
    assert.equal(replica.fullSyncs, 1);
    await nb.transact([op.mutate('Address_Set', [['name', '==', 'while_down']], [['addresses', 'insert', ['10.0.0.2']]])]);
    assert.deepEqual([...replica.table('Address_Set').byName('while_down')!.addresses].sort(), ['10.0.0.1', '10.0.0.2']);
    await replica.stop();
  });

  it('fails a transaction in flight with OvsdbDisconnectedError when the server is killed, and never replays it', async () => {
    await nb.whenConnected();
    const batch = nb.batch();
    const ports = [];
    for (let i = 0; i < 10_000; i++) ports.push(batch.insert('Logical_Switch_Port', { name: `crash-${i}` }));
    batch.insert('Logical_Switch', { name: 'crash-marker', ports });
    const inFlight = batch.commit();
    inFlight.catch(() => undefined); // observed below, after the kill
    await new Promise((resolve) => setImmediate(resolve));
    await db.server.kill();
    await assert.rejects(inFlight, (e: unknown) => {
      assert.ok(e instanceof OvsdbDisconnectedError, String(e));
      assert.equal(e.method, 'transact');
      assert.match(e.message, /transact to unix:.*nb\.sock failed: connection lost .*not replayed/);
      return true;
    });
    await db.server.restart();
    await nb.whenConnected();
    const markers = async () => (await nbctl(db.remote, '--bare', '--columns=name', 'find', 'Logical_Switch', 'name=crash-marker')).split('\n').filter(Boolean).length;
    const committed = await markers();
    assert.ok(committed <= 1, `crash-marker exists ${committed} times`);
    // several round trips later still the same: nothing was sent again
    for (let i = 0; i < 3; i++) await nb.echo();
    assert.equal(await markers(), committed);
    // and the client works again
    const [r] = await nb.transact([op.insert('Logical_Switch', { name: 'after-crash' })]);
    assert.ok(r.uuid);
  });

  it('drops a frozen server through its own inactivity probe and reconnects when it thaws', async () => {
    const probing = await OvsdbClient.connect<OvnNorthboundTables>(db.remote, { database: 'OVN_Northbound', probeIntervalMs: 150, ...fastReconnect });
    try {
      const disconnected = once(probing, 'disconnected') as Promise<[Error]>;
      process.kill(db.server.pid, 'SIGSTOP');
      try {
        const [reason] = await disconnected;
        assert.match(reason.message, /no answer to inactivity probe within 150 ms/);
      } finally {
        process.kill(db.server.pid, 'SIGCONT');
      }
      await probing.whenConnected();
      assert.deepEqual(await probing.echo(['thawed']), ['thawed']);
    } finally {
      await probing.close();
    }
  });
});
