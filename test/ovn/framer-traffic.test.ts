import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonFramer } from '../../src/ovn/ovsdb/json-framer.js';
import { connectRemote, parseRemote } from '../../src/ovn/ovsdb/remote.js';
import { startStandaloneDb, waitFor, type TestOvsdb } from '../support/ovn.js';

/** Bytes a real ovsdb-server sent in one session, recorded raw off the socket. */
async function recordTraffic(remote: string): Promise<{ bytes: Buffer; expectedMessages: number }> {
  const socket = await connectRemote(parseRemote(remote), 2000);
  const chunks: Buffer[] = [];
  const counter = new JsonFramer();
  let received = 0;
  socket.on('data', (chunk: Buffer) => {
    chunks.push(Buffer.from(chunk));
    received += counter.push(chunk).length;
  });
  const requests: unknown[] = [
    { id: 1, method: 'list_dbs', params: [] },
    { id: 2, method: 'get_schema', params: ['OVN_Northbound'] },
    { id: 3, method: 'monitor_cond_since', params: ['OVN_Northbound', 'm', { Logical_Switch: [{}], Logical_Switch_Port: [{}] }, '00000000-0000-0000-0000-000000000000'] },
  ];
  const ports = Array.from({ length: 300 }, (_, i) => ({
    op: 'insert',
    table: 'Logical_Switch_Port',
    row: { name: `rec-${i}-ünïcødé-端口-🚀`, external_ids: ['map', [['note', 'quote " brace } bracket ] backslash \\']]] },
    'uuid-name': `p${i}`,
  }));
  requests.push({
    id: 4,
    method: 'transact',
    params: ['OVN_Northbound', ...ports, { op: 'insert', table: 'Logical_Switch', row: { name: 'rec-sw', ports: ['set', ports.map((_, i) => ['named-uuid', `p${i}`])] } }],
  });
  socket.write(requests.map((r) => JSON.stringify(r)).join(''));
  // 4 replies and at least one update3 notification for the transaction
  await waitFor('the recorded replies', () => received >= 5);
  socket.destroy();
  return { bytes: Buffer.concat(chunks), expectedMessages: received };
}

describe('the framer on traffic recorded from a real ovsdb-server', () => {
  let db: TestOvsdb;
  let recorded: { bytes: Buffer; expectedMessages: number };
  let reference: unknown[];
  before(async () => {
    db = await startStandaloneDb('OVN_Northbound');
    recorded = await recordTraffic(db.remote);
    reference = new JsonFramer().push(recorded.bytes);
  });
  after(async () => {
    await db?.stop();
  });

  it('finds every message of the session in one pass', () => {
    assert.equal(reference.length, recorded.expectedMessages);
    const update = reference.find((m) => (m as { method?: string }).method === 'update3') as { params: [string, string, Record<string, Record<string, { insert: { name: string } }>>] };
    const names = Object.values(update.params[2].Logical_Switch_Port).map((r) => r.insert.name);
    assert.ok(names.includes('rec-7-ünïcødé-端口-🚀'));
  });

  it('yields the same messages under any random chunking', () => {
    const bytes = recorded.bytes;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 60 }), (cuts) => {
        const framer = new JsonFramer();
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const out: unknown[] = [];
        let from = 0;
        for (const p of [...points, bytes.length]) {
          out.push(...framer.push(bytes.subarray(from, p)));
          from = p;
        }
        assert.deepEqual(out, reference);
      }),
      { numRuns: 40 },
    );
  });

  it('yields the same messages when fed one byte at a time through the multi-byte characters', () => {
    const framer = new JsonFramer();
    const out: unknown[] = [];
    const at = recorded.bytes.indexOf(Buffer.from('ünïcødé'));
    assert.ok(at > 50, 'the server sends the characters as raw UTF-8');
    const start = at - 50;
    out.push(...framer.push(recorded.bytes.subarray(0, start)));
    for (let i = start; i < start + 400; i++) out.push(...framer.push(recorded.bytes.subarray(i, i + 1)));
    out.push(...framer.push(recorded.bytes.subarray(start + 400)));
    assert.deepEqual(out, reference);
  });
});
