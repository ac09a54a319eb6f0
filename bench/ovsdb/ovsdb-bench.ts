import { startStandaloneDb, type TestOvsdb } from '../../test/support/ovn.js';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { Replica } from '../../src/ovn/ovsdb/replica.js';
import { namedUuid } from '../../src/ovn/ovsdb/encoding.js';
import { runCommand } from '../../src/engine/proc/run-command.js';
import { RawOvsdbSender } from '../support/raw-ovsdb.js';
import { median, timed, type Figure } from '../support/report.js';

const PORTS = 10_000;
const RUNS = 3;

function mac(i: number): string {
  return `0a:00:00:${((i >> 16) & 0xff).toString(16).padStart(2, '0')}:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;
}
function address(i: number): string {
  return `${mac(i)} 10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}`;
}

/** The one-transaction insert as the raw sender writes it: a switch holding 10,000 new ports. */
function rawInsertRequest(): string {
  const ops: unknown[] = [
    { op: 'insert', table: 'Logical_Switch', row: { name: 'bench', ports: ['set', Array.from({ length: PORTS }, (_, i) => ['named-uuid', `p${i}`])] } },
  ];
  for (let i = 0; i < PORTS; i++) ops.push({ op: 'insert', table: 'Logical_Switch_Port', 'uuid-name': `p${i}`, row: { name: `p${i}`, addresses: address(i) } });
  return JSON.stringify({ method: 'transact', params: ['OVN_Northbound', ...ops], id: 1 });
}

/** One port per transaction, referenced from the switch (ports are not root rows: unreferenced ones vanish). */
function rawOnePortRequests(switchUuid: string): string {
  const parts: string[] = [];
  for (let i = 0; i < PORTS; i++) {
    parts.push(
      JSON.stringify({
        method: 'transact',
        params: [
          'OVN_Northbound',
          { op: 'insert', table: 'Logical_Switch_Port', 'uuid-name': 'p', row: { name: `q${i}`, addresses: address(i) } },
          { op: 'mutate', table: 'Logical_Switch', where: [['_uuid', '==', ['uuid', switchUuid]]], mutations: [['ports', 'insert', ['named-uuid', 'p']]] },
        ],
        id: i + 10,
      }),
    );
  }
  return parts.join('');
}

async function withNb<T>(fn: (db: TestOvsdb) => Promise<T>): Promise<T> {
  const db = await startStandaloneDb('OVN_Northbound');
  try {
    return await fn(db);
  } finally {
    await db.stop();
  }
}

async function kovnOneTransaction(db: TestOvsdb): Promise<number> {
  const client = await OvsdbClient.connect(db.remote, { database: 'OVN_Northbound' });
  try {
    const { seconds } = await timed(async () => {
      const batch = client.batch();
      const refs = Array.from({ length: PORTS }, (_, i) => batch.insert('Logical_Switch_Port', { name: `p${i}`, addresses: [address(i)] }));
      batch.insert('Logical_Switch', { name: 'bench', ports: refs });
      await batch.commit();
    });
    return seconds;
  } finally {
    await client.close();
  }
}

async function createSwitch(client: OvsdbClient): Promise<string> {
  const batch = client.batch();
  const ref = batch.insert('Logical_Switch', { name: 'bench' });
  return (await batch.commit()).uuidOf(ref);
}

async function kovnPipelined(db: TestOvsdb): Promise<number> {
  const client = await OvsdbClient.connect(db.remote, { database: 'OVN_Northbound' });
  try {
    const ls = await createSwitch(client);
    const { seconds } = await timed(() =>
      Promise.all(
        Array.from({ length: PORTS }, (_, i) =>
          client.transact([
            { op: 'insert', table: 'Logical_Switch_Port', uuidName: 'p', row: { name: `q${i}`, addresses: [address(i)] } },
            { op: 'mutate', table: 'Logical_Switch', where: [['_uuid', '==', ls]], mutations: [['ports', 'insert', [namedUuid('p')]]] as never },
          ]),
        ),
      ),
    );
    return seconds;
  } finally {
    await client.close();
  }
}

async function rawPipelined(db: TestOvsdb): Promise<number> {
  const client = await OvsdbClient.connect(db.remote, { database: 'OVN_Northbound' });
  const ls = await createSwitch(client);
  await client.close();
  const payload = Buffer.from(rawOnePortRequests(ls));
  const raw = await RawOvsdbSender.connect(db.server.socketPath);
  try {
    return (await timed(() => raw.send(payload, PORTS))).seconds;
  } finally {
    raw.close();
  }
}

async function rawOneTransaction(db: TestOvsdb, payload: Buffer): Promise<number> {
  const raw = await RawOvsdbSender.connect(db.server.socketPath);
  try {
    return (await timed(() => raw.send(payload))).seconds;
  } finally {
    raw.close();
  }
}

/** Full sync of the 10,000-port NB: our replica, `ovsdb-client dump`, and a raw monitor_cond_since. */
async function syncFigures(db: TestOvsdb): Promise<{ kovn: number; dump: number; raw: number }> {
  const client = await OvsdbClient.connect(db.remote, { database: 'OVN_Northbound' });
  const tables = { Logical_Switch: true, Logical_Switch_Port: true } as const;
  const kovn = await timed(async () => {
    const replica = await Replica.start(client, tables as never);
    if (replica.table('Logical_Switch_Port').size !== PORTS) throw new Error('replica incomplete');
    await replica.stop();
  });
  await client.close();
  const dump = await timed(() => runCommand(['ovsdb-client', 'dump', db.remote, 'OVN_Northbound']));
  const raw = await RawOvsdbSender.connect(db.server.socketPath);
  const request = JSON.stringify({
    method: 'monitor_cond_since',
    params: ['OVN_Northbound', 'bench', { Logical_Switch: [{}], Logical_Switch_Port: [{}] }, '00000000-0000-0000-0000-000000000000'],
    id: 1,
  });
  const rawSync = await timed(() => raw.send(request));
  raw.close();
  return { kovn: kovn.seconds, dump: dump.seconds, raw: rawSync.seconds };
}

export async function ovsdbBench(): Promise<Figure[]> {
  const payload = Buffer.from(rawInsertRequest());
  const oneTxn: number[] = [];
  const oneTxnRaw: number[] = [];
  const piped: number[] = [];
  const pipedRaw: number[] = [];
  const sync: { kovn: number; dump: number; raw: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    oneTxnRaw.push(await withNb((db) => rawOneTransaction(db, payload)));
    await withNb(async (db) => {
      oneTxn.push(await kovnOneTransaction(db));
      sync.push(await syncFigures(db));
    });
    pipedRaw.push(await withNb(rawPipelined));
    piped.push(await withNb(kovnPipelined));
  }
  const pipedSeconds = median(piped);
  return [
    { name: `insert ${PORTS} ports, one transaction`, kovn: median(oneTxn), raw: median(oneTxnRaw), unit: 's', kind: 'time', target: '≤ 1.5x raw' },
    { name: `${PORTS} one-port transactions, pipelined (rate)`, kovn: PORTS / pipedSeconds, raw: PORTS / median(pipedRaw), unit: 'ports/s', kind: 'rate', target: '≥ 3000 ports/s' },
    { name: `full monitor sync of ${PORTS} ports vs raw monitor_cond_since`, kovn: median(sync.map((s) => s.kovn)), raw: median(sync.map((s) => s.raw)), unit: 's', kind: 'time', target: '≤ 1.5x raw' },
    { name: `full monitor sync of ${PORTS} ports vs ovsdb-client dump`, kovn: median(sync.map((s) => s.kovn)), raw: median(sync.map((s) => s.dump)), unit: 's', kind: 'time' },
  ];
}
