import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonFramer, JsonFramingError } from '../../../src/ovn/ovsdb/json-framer.js';

function feed(framer: JsonFramer, bytes: Buffer, cuts: readonly number[]): unknown[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: unknown[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(...framer.push(bytes.subarray(from, p)));
    from = p;
  }
  return out;
}

const messages = [
  { id: 1, method: 'echo', params: [] },
  { id: null, method: 'update2', params: ['m', { T: { u: { modify: { s: 'brace } and [ in a "string" \\ ok' } } } }] },
  { result: ['héllo wörld ✓ 🎉 日本語'], error: null, id: 7 },
  { result: { nested: [[[{ a: [] }]], {}] }, error: null, id: 8 },
];

describe('JsonFramer', () => {
  it('returns several messages that arrive in one chunk', () => {
    const framer = new JsonFramer();
    const bytes = Buffer.from(messages.map((m) => JSON.stringify(m)).join('\n '));
    assert.deepEqual(framer.push(bytes), messages);
    assert.equal(framer.hasPartialMessage, false);
  });

  it('reassembles messages split at every possible byte, including inside multi-byte UTF-8 characters', () => {
    const bytes = Buffer.from(messages.map((m) => JSON.stringify(m)).join(''));
    for (let cut = 0; cut <= bytes.length; cut++) {
      const framer = new JsonFramer();
      assert.deepEqual(feed(framer, bytes, [cut]), messages, `split at byte ${cut}`);
    }
  });

  it('reassembles messages under any random chunking', () => {
    const bytes = Buffer.from(messages.map((m) => JSON.stringify(m)).join(' '));
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        assert.deepEqual(feed(new JsonFramer(), bytes, cuts), messages);
      }),
      { numRuns: 300 },
    );
  });

  it('frames arbitrary JSON objects under random chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 20 }), (objects, cuts) => {
        const bytes = Buffer.from(objects.map((o) => JSON.stringify(o)).join(''));
        assert.deepEqual(feed(new JsonFramer(), bytes, cuts), JSON.parse(JSON.stringify(objects)));
      }),
      { numRuns: 40 },
    );
  });

  it('frames a 12 MB message delivered in 64 KB chunks', () => {
    const row = '{"insert":{"name":"port-é✓","addresses":"00:00:00:00:00:01 10.0.0.1","ext":["map",[["k","v\\"\\\\ } ]"]]]}}';
    const rows = Array.from({ length: 110_000 }, (_, i) => `"${i}":${row}`).join(',');
    const bytes = Buffer.from(`{"id":null,"method":"update2","params":["m",{"T":{${rows}}}]}`);
    assert.ok(bytes.length > 10_000_000, `message is ${bytes.length} bytes`);
    const framer = new JsonFramer();
    const out: unknown[] = [];
    for (let i = 0; i < bytes.length; i += 65536) out.push(...framer.push(bytes.subarray(i, i + 65536)));
    assert.equal(out.length, 1);
    const table = (out[0] as { params: [string, { T: Record<string, { insert: { name: string; ext: unknown } }> }] }).params[1].T;
    assert.equal(Object.keys(table).length, 110_000);
    assert.equal(table['109999'].insert.name, 'port-é✓');
    assert.deepEqual(table['0'].insert.ext, ['map', [['k', 'v"\\ } ]']]]);
  });

  it('rejects text that does not start a JSON object, quoting the input', () => {
    assert.throws(() => new JsonFramer().push(Buffer.from('hello {}')), (e: unknown) => {
      assert.ok(e instanceof JsonFramingError);
      assert.match(e.message, /expected '\{'/);
      assert.equal(e.excerpt, 'hello {}');
      return true;
    });
  });

  it('rejects a balanced but invalid JSON text', () => {
    assert.throws(() => new JsonFramer().push(Buffer.from('{"a": tru}')), /invalid JSON/);
  });

  it('refuses a message larger than its limit', () => {
    const framer = new JsonFramer(100);
    assert.throws(() => framer.push(Buffer.from(`{"a":"${'x'.repeat(200)}`)), /exceeds 100 bytes/);
  });
});
