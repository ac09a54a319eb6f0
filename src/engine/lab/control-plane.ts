import { existsSync, mkdirSync } from 'node:fs';
import { createStandaloneDatabase, SCHEMAS } from '../daemons/ovsdb-tool.js';
import { startOvsdbServer, type OvsdbServerHandle } from '../daemons/ovsdb-server.js';
import { startOvnNorthd, type OvnNorthdHandle } from '../daemons/ovn-northd.js';
import type { LabLayout } from './lab-layout.js';

export interface ControlPlane {
  readonly nb: OvsdbServerHandle;
  readonly sb: OvsdbServerHandle;
  readonly northd: OvnNorthdHandle;
  stop(): Promise<void>;
}

/**
 * The lab's central OVN: NB and SB ovsdb-servers on unix sockets and ovn-northd between them, run as our
 * children. Database files are kept across restarts of the lab (only `kovn lab down` removes them).
 */
export async function startControlPlane(layout: LabLayout): Promise<ControlPlane> {
  mkdirSync(layout.ovnDir, { recursive: true });
  if (!existsSync(layout.nbDb)) await createStandaloneDatabase(layout.nbDb, SCHEMAS.OVN_Northbound);
  if (!existsSync(layout.sbDb)) await createStandaloneDatabase(layout.sbDb, SCHEMAS.OVN_Southbound);
  const started: { stop(): Promise<void> }[] = [];
  try {
    const nb = await startOvsdbServer({ dir: layout.ovnDir, name: 'nb', dbPaths: [layout.nbDb] });
    started.push(nb);
    const sb = await startOvsdbServer({ dir: layout.ovnDir, name: 'sb', dbPaths: [layout.sbDb] });
    started.push(sb);
    const northd = await startOvnNorthd({ dir: layout.ovnDir, nbRemote: nb.remote, sbRemote: sb.remote });
    return {
      nb,
      sb,
      northd,
      async stop() {
        await northd.stop();
        await sb.stop();
        await nb.stop();
      },
    };
  } catch (err) {
    for (const s of started.reverse()) await s.stop();
    throw err;
  }
}
