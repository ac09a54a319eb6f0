import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startOvsdbServer } from '../../src/engine/daemons/ovsdb-server.js';
import { createStandaloneDatabase, SCHEMAS } from '../../src/engine/daemons/ovsdb-tool.js';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { Replica } from '../../src/ovn/ovsdb/replica.js';
import { isProcessAlive } from '../../src/engine/proc/process-state.js';
import type { OvnNorthboundTables } from '../../src/ovn/schema/generated/ovn-nb.js';
import type { OvnSouthboundTables } from '../../src/ovn/schema/generated/ovn-sb.js';
import type { OpenVSwitchTables } from '../../src/ovn/schema/generated/vswitch.js';
import { makeTempDir, ovsdbClient, removeTempDir, startOvnCentral, startStandaloneDb, waitFor, type TestOvnCentral } from '../support/ovn.js';

describe('OVN daemons run as children', () => {
  let central: TestOvnCentral;
  before(async () => {
    central = await startOvnCentral();
  });
  after(async () => {
    await central?.stop();
  });

  it('runs NB, SB and ovn-northd: a switch written to NB becomes a datapath binding in SB', async () => {
    const nb = await OvsdbClient.connect<OvnNorthboundTables>(central.nb.remote, { database: 'OVN_Northbound' });
    const sb = await OvsdbClient.connect<OvnSouthboundTables>(central.sb.remote, { database: 'OVN_Southbound' });
    try {
      const bindings = await Replica.start(sb, { Datapath_Binding: ['external_ids', 'tunnel_key'] });
      const batch = nb.batch();
      batch.insert('Logical_Switch', { name: 'northd-sw', external_ids: { vendor: 'kovn' } });
      await batch.commit();
      const binding = await waitFor('a Datapath_Binding for northd-sw', () => bindings.table('Datapath_Binding').find((b) => b.external_ids.name === 'northd-sw'));
      assert.ok(binding.tunnel_key > 0);
    } finally {
      await nb.close();
      await sb.close();
    }
  });

  it('restarts northd with a new pid and stops it so that no process is left', async () => {
    const before = central.northd.pid;
    await central.northd.restart();
    assert.notEqual(central.northd.pid, before);
    assert.equal(isProcessAlive(before), false);
    assert.ok(central.northd.alive());
  });
});

describe('a standalone Open_vSwitch database with a TCP listener on a free port', () => {
  it('serves the vswitch schema on unix and TCP, and stop() leaves no process or socket behind', async () => {
    const ovs = await startStandaloneDb('Open_vSwitch', { tcp: true });
    try {
      const port = ovs.server.tcpPort!;
      assert.ok(port > 0);
      const client = await OvsdbClient.connect<OpenVSwitchTables>(`tcp:127.0.0.1:${port}`, { database: 'Open_vSwitch' });
      try {
        const batch = client.batch();
        const iface = batch.insert('Interface', { name: 'br-int', type: 'internal' });
        const portRef = batch.insert('Port', { name: 'br-int', interfaces: [iface] });
        const bridge = batch.insert('Bridge', { name: 'br-int', ports: [portRef], fail_mode: 'secure', other_config: { 'disable-in-band': 'true' } });
        batch.insert('Open_vSwitch', { bridges: [bridge], external_ids: { 'system-id': 'kovn-test' } });
        await batch.commit();
      } finally {
        await client.close();
      }
      const dump = await ovsdbClient('dump', ovs.remote, 'Open_vSwitch', 'Bridge', 'name', 'fail_mode');
      assert.match(dump, /secure\s+br-int/);
    } finally {
      const pid = ovs.server.pid;
      await ovs.stop();
      assert.equal(isProcessAlive(pid), false);
      assert.equal(existsSync(ovs.dir), false);
    }
  });
});

describe('startOvsdbServer with a command prefix', () => {
  it('runs the server through a launcher that execs it and still owns its pid', async () => {
    const dir = makeTempDir('prefix');
    try {
      const dbPath = join(dir, 'sb.db');
      await createStandaloneDatabase(dbPath, SCHEMAS.OVN_Southbound);
      const server = await startOvsdbServer({ dir, name: 'sb', dbPaths: [dbPath], commandPrefix: ['env', 'KOVN_LAUNCHED=1'] });
      try {
        assert.equal(readFileSync(`/proc/${server.pid}/comm`, 'utf8').trim(), 'ovsdb-server');
        assert.match(await ovsdbClient('list-dbs', server.remote), /OVN_Southbound/);
      } finally {
        await server.stop();
      }
      assert.equal(isProcessAlive(server.pid), false);
    } finally {
      removeTempDir(dir);
    }
  });
});
