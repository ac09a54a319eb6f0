import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { Replica } from '../../src/ovn/ovsdb/replica.js';
import { OvsdbTimeoutError } from '../../src/ovn/ovsdb/errors.js';
import { operationsFor } from '../../src/ovn/ovsdb/operations.js';
import type { OvnNorthboundTables } from '../../src/ovn/schema/generated/ovn-nb.js';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { nbctl, startClusteredDb, waitFor, type TestOvsdbCluster } from '../support/ovn.js';

const op = operationsFor<OvnNorthboundTables>();

describe('a 3-member RAFT NB cluster', () => {
  let raft: TestOvsdbCluster;
  let nb: OvsdbClient<OvnNorthboundTables>;
  before(async () => {
    raft = await startClusteredDb('OVN_Northbound', 3);
    nb = await OvsdbClient.connect<OvnNorthboundTables>(raft.remotes, {
      database: 'OVN_Northbound',
      backoff: { initialMs: 50, maxMs: 500 },
      requestWaitMs: 30_000,
    });
  });
  after(async () => {
    await nb?.close();
    await raft?.stop();
  });

  it('connects to the leader whichever member is listed first', async () => {
    const leader = await raft.cluster.leaderIndex();
    assert.notEqual(leader, undefined);
    assert.equal(nb.currentRemote, raft.cluster.members[leader!].remote);
    const [r] = await nb.transact([op.insert('Logical_Switch', { name: 'raft-1' })]);
    assert.ok(r.uuid);

    const followersFirst = [...raft.cluster.members.filter((_, i) => i !== leader), raft.cluster.members[leader!]].map((m) => m.remote);
    const other = await OvsdbClient.connect(followersFirst.join(','), { database: 'OVN_Northbound' });
    try {
      assert.equal(other.currentRemote, raft.cluster.members[leader!].remote);
    } finally {
      await other.close();
    }
  });

  it('writes through the new leader after the leader is killed, and the replica catches up', async () => {
    const replica = await Replica.start(nb, { Logical_Switch: ['name'] });
    await waitFor('raft-1 in the replica', () => replica.table('Logical_Switch').byName('raft-1'));
    const oldLeader = (await raft.cluster.leaderIndex())!;
    await raft.cluster.members[oldLeader].kill();

    // Retry on disconnection: the write in flight during failover is failed, never replayed, so the caller repeats.
    await waitFor('a write accepted by the new leader', async () => {
      const [r] = await nb.transact([op.insert('Logical_Switch', { name: 'raft-2' })]);
      return r.uuid;
    }, 30_000);
    assert.notEqual(nb.currentRemote, raft.cluster.members[oldLeader].remote);
    const newLeader = await raft.cluster.leaderIndex();
    assert.equal(nb.currentRemote, raft.cluster.members[newLeader!].remote);
    await waitFor('raft-2 in the replica', () => replica.table('Logical_Switch').byName('raft-2'));
    assert.ok(replica.table('Logical_Switch').byName('raft-1'));
    const survivor = raft.cluster.members[newLeader!];
    assert.match(await nbctl(survivor.remote, '--bare', '--columns=name', 'list', 'Logical_Switch'), /raft-2/);
    // The clustered server keeps transaction history: the replica resumed with monitor_cond_since, no full resync.
    assert.equal(replica.fullSyncs, 1);
    await replica.stop();
  });
});

describe('a RAFT NB cluster whose leader steps down without dying', () => {
  let raft: TestOvsdbCluster;
  before(async () => {
    raft = await startClusteredDb('OVN_Northbound', 3);
  });
  after(async () => {
    await raft?.stop();
  });

  it('moves to the new leader when _Server says the current member is no longer leader', async () => {
    const nb = await OvsdbClient.connect<OvnNorthboundTables>(raft.remotes, { database: 'OVN_Northbound', backoff: { initialMs: 50, maxMs: 500 } });
    try {
      const leader = (await raft.cluster.leaderIndex())!;
      assert.equal(nb.currentRemote, raft.cluster.members[leader].remote);
      const reasons: Error[] = [];
      nb.on('disconnected', (e: Error) => reasons.push(e));
      await runCommand(['ovs-appctl', '-t', raft.cluster.members[leader].unixctlPath, 'cluster/leave', 'OVN_Northbound']);
      await waitFor('a write through another member', async () => {
        const [r] = await nb.transact([op.insert('Logical_Switch', { name: 'after-leave' })]);
        return r.uuid && nb.currentRemote !== raft.cluster.members[leader].remote;
      }, 30_000);
      assert.ok(raft.cluster.members[leader].alive(), 'the old leader still runs');
      assert.match(reasons[0]?.message ?? '', /no longer the leader of OVN_Northbound/);
    } finally {
      await nb.close();
    }
  });

  it('fails a transaction held by a member without quorum with OvsdbTimeoutError instead of hanging', async () => {
    const alive = raft.cluster.members.filter((m) => m.alive());
    // Whoever is left after the step-down: stop all but one member, so no majority remains.
    const survivor = alive[alive.length - 1];
    for (const m of alive.slice(0, -1)) await m.kill();
    const nb = await OvsdbClient.connect<OvnNorthboundTables>(survivor.remote, { database: 'OVN_Northbound', leaderOnly: false, reconnect: false });
    try {
      await assert.rejects(nb.transact([op.insert('Logical_Switch', { name: 'no-quorum' })], { timeoutMs: 300 }), (e: unknown) => {
        assert.ok(e instanceof OvsdbTimeoutError, String(e));
        assert.match(e.message, /transact to unix:.*: no answer within 300 ms; outcome unknown, not replayed/);
        return true;
      });
    } finally {
      await nb.close();
    }
  });
});
