import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { Replica } from '../../src/ovn/ovsdb/replica.js';
import { isProcessAlive } from '../../src/engine/proc/process-state.js';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { startOvsdbServer, type OvsdbServerHandle } from '../../src/engine/daemons/ovsdb-server.js';
import { startOvsVswitchd, type OvsVswitchdHandle } from '../../src/engine/daemons/ovs-vswitchd.js';
import { startOvnController, type OvnControllerHandle } from '../../src/engine/daemons/ovn-controller.js';
import { createStandaloneDatabase, SCHEMAS } from '../../src/engine/daemons/ovsdb-tool.js';
import type { OvnSouthboundTables } from '../../src/ovn/schema/generated/ovn-sb.js';
import type { OpenVSwitchTables } from '../../src/ovn/schema/generated/vswitch.js';
import { deleteTestNetns, makeTempDir, makeTestNetns, removeTempDir, startOvnCentral, waitFor, type TestOvnCentral } from '../support/ovn.js';

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-25).join('\n');
  } catch {
    return '(no log)';
  }
}

// Needs root: a netdev ovs-vswitchd must run in its own network namespace (see the lab recipe).
describe('node daemons (ovsdb-server, ovs-vswitchd, ovn-controller) in a network namespace', () => {
  let netns: string;
  let inNetns: string[];
  let central: TestOvnCentral;
  let dir: string;
  let ovsdb: OvsdbServerHandle | undefined;
  let vswitchd: OvsVswitchdHandle | undefined;
  let controller: OvnControllerHandle | undefined;

  before(async () => {
    assert.equal(process.getuid?.(), 0, 'this test needs root (network namespaces)');
    central = await startOvnCentral();
    dir = makeTempDir('node');
    netns = await makeTestNetns();
    inNetns = ['ip', 'netns', 'exec', netns];
  });
  after(async () => {
    // Each step runs even when an earlier one fails.
    await Promise.allSettled([controller?.stop(), vswitchd?.stop(), ovsdb?.stop()]);
    if (netns) await deleteTestNetns(netns);
    if (dir) removeTempDir(dir);
    await central?.stop();
  });

  it('registers a chassis in SB and deletes it on exit', async () => {
    const dbPath = join(dir, 'conf.db');
    await createStandaloneDatabase(dbPath, SCHEMAS.Open_vSwitch);
    ovsdb = await startOvsdbServer({ dir, name: 'ovsdb', dbPaths: [dbPath], commandPrefix: inNetns });
    const ovs = await OvsdbClient.connect<OpenVSwitchTables>(ovsdb.remote, { database: 'Open_vSwitch' });
    const systemId = `${netns}-chassis`;
    try {
      const batch = ovs.batch();
      const iface = batch.insert('Interface', { name: 'br-int', type: 'internal' });
      const port = batch.insert('Port', { name: 'br-int', interfaces: [iface] });
      const bridge = batch.insert('Bridge', { name: 'br-int', ports: [port], datapath_type: 'netdev', fail_mode: 'secure', other_config: { 'disable-in-band': 'true' } });
      batch.insert('Open_vSwitch', {
        bridges: [bridge],
        external_ids: {
          'system-id': systemId,
          hostname: systemId,
          'ovn-remote': central.sb.remote,
          'ovn-encap-type': 'geneve',
          'ovn-encap-ip': '172.31.255.1',
          'ovn-bridge': 'br-int',
          'ovn-bridge-datapath-type': 'netdev',
        },
        other_config: { 'n-handler-threads': '1', 'n-revalidator-threads': '1' },
      });
      await batch.commit();
    } finally {
      await ovs.close();
    }

    vswitchd = await startOvsVswitchd({ dir, dbRemote: ovsdb.remote, commandPrefix: inNetns });
    await vswitchd.waitReconfigured();
    const links = await runCommand(['ip', '-n', netns, '-json', 'link', 'show']);
    assert.ok((JSON.parse(links.stdout) as { ifname: string }[]).some((l) => l.ifname === 'br-int'), 'br-int tap exists in the namespace');

    controller = await startOvnController({ dir, dbRemote: ovsdb.remote, ovsRunDir: vswitchd.runDir, commandPrefix: inNetns });
    const sb = await OvsdbClient.connect<OvnSouthboundTables>(central.sb.remote, { database: 'OVN_Southbound' });
    try {
      const chassis = await Replica.start(sb, { Chassis: ['name', 'hostname', 'encaps'] });
      const row = await waitFor('the Chassis row', () => chassis.table('Chassis').byName(systemId)).catch((error: Error) => {
        throw new Error(`${error.message}\novn-controller log:\n${readLog(controller!.logPath)}\nvswitchd log:\n${readLog(vswitchd!.logPath)}`);
      });
      assert.equal(row.hostname, systemId);
      assert.equal(row.encaps.length, 1);

      const pid = controller.pid;
      await controller.exitAndDeleteChassis();
      assert.equal(isProcessAlive(pid), false);
      await waitFor('the Chassis row to go', () => chassis.table('Chassis').byName(systemId) === undefined);
    } finally {
      await sb.close();
    }
  });
});
