import { startStandaloneDb, nbctl, type TestOvsdb } from './ovn.js';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { NorthboundSyncer } from '../../src/engine/controller/nb-sync/northbound-syncer.js';
import { desiredNorthbound } from '../../src/engine/controller/desired/desired-northbound.js';
import type { ClusterView } from '../../src/engine/controller/desired/cluster-view.js';

/** A NorthboundSyncer on a fresh real NB ovsdb-server, writing what `view()` says at each pass. */
export interface SyncerOnNb {
  readonly db: TestOvsdb;
  readonly syncer: NorthboundSyncer;
  /** Runs the real `ovn-nbctl` against that NB. */
  nb(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startSyncerOnNb(view: () => ClusterView): Promise<SyncerOnNb> {
  const db = await startStandaloneDb('OVN_Northbound');
  let client: OvsdbClient | undefined;
  let syncer: NorthboundSyncer | undefined;
  const stop = async () => {
    await syncer?.stop();
    await client?.close();
    await db.stop();
  };
  try {
    client = await OvsdbClient.connect(db.remote, { database: 'OVN_Northbound' });
    syncer = new NorthboundSyncer(client, () => desiredNorthbound(view()));
    await syncer.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { db, syncer, nb: (...args) => nbctl(db.remote, ...args), stop };
}
