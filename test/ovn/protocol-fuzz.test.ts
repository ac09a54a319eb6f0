import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { JsonRpcSession } from '../../src/ovn/ovsdb/jsonrpc-session.js';
import { connectRemote, parseRemote } from '../../src/ovn/ovsdb/remote.js';
import { OvsdbClient } from '../../src/ovn/ovsdb/client.js';
import { OvsdbDisconnectedError, OvsdbProtocolError } from '../../src/ovn/ovsdb/errors.js';
import { makeTempDir, removeTempDir } from '../support/ovn.js';

/**
 * A tiny socket peer that misbehaves on purpose: a protocol fuzz of our client, not a stand-in for OVSDB.
 * `respond` gets each request (or undefined for raw connections) and writes whatever it likes.
 */
type Respond = (socket: Socket, request: { method: string; params: unknown; id: unknown } | undefined) => void;

function startPeer(path: string, respond: Respond): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    respond(socket, undefined);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      // Our client sends one compact JSON object per request; split on "}{" boundaries is good enough here.
      let depth = 0;
      let start = 0;
      let inString = false;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (inString) {
          if (c === '\\') i++;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) {
          respond(socket, JSON.parse(buffer.slice(start, i + 1)));
          start = i + 1;
        }
      }
      buffer = buffer.slice(start);
    });
  });
  return new Promise((resolve) => server.listen(path, () => resolve(server)));
}

const TINY_SCHEMA = { name: 'Tiny', version: '1.0.0', tables: { T: { columns: { name: { type: 'string' } } } } };

/** Answers like a minimal server (no _Server, one tiny schema) until `misbehave` decides otherwise. */
function tinyServer(misbehave: (socket: Socket, request: { method: string; params: unknown; id: unknown }) => boolean): Respond {
  return (socket, request) => {
    if (!request) return;
    if (misbehave(socket, request)) return;
    if (request.method === 'monitor_cond') socket.write(JSON.stringify({ id: request.id, result: null, error: 'unknown database' }));
    else if (request.method === 'echo') socket.write(JSON.stringify({ id: request.id, result: request.params, error: null }));
    else if (request.method === 'get_schema') socket.write(JSON.stringify({ id: request.id, result: TINY_SCHEMA, error: null }));
    else socket.write(JSON.stringify({ id: request.id, result: null, error: `unknown method ${request.method}` }));
  };
}

describe('protocol fuzz: a peer that sends garbage', () => {
  let dir: string;
  const servers: Server[] = [];
  let n = 0;
  const peer = async (respond: Respond) => {
    const path = join(dir, `peer-${n++}.sock`);
    servers.push(await startPeer(path, respond));
    return path;
  };
  const session = async (path: string, probeIntervalMs = 0) => {
    const closes: (Error | undefined)[] = [];
    const s = new JsonRpcSession(await connectRemote(parseRemote(`unix:${path}`), 2000), {
      remote: `unix:${path}`,
      probeIntervalMs,
      onClose: (reason) => closes.push(reason),
    });
    return { s, closes };
  };
  before(() => {
    dir = makeTempDir('fuzz');
  });
  after(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    removeTempDir(dir);
  });

  it('fails pending requests with a protocol error naming the bad input when the peer sends non-JSON', async () => {
    const path = await peer((socket, request) => request && socket.write('hello, not json'));
    const { s, closes } = await session(path);
    await assert.rejects(s.request('list_dbs', []), (e: unknown) => {
      assert.ok(e instanceof OvsdbDisconnectedError);
      assert.ok(e.cause instanceof OvsdbProtocolError);
      assert.match(e.message, /list_dbs to unix:.*failed: connection lost \(protocol error from unix:.*: expected '\{'.*input: hello, not json\)/);
      return true;
    });
    assert.ok(closes[0] instanceof OvsdbProtocolError);
  });

  it('rejects balanced but invalid JSON', async () => {
    const path = await peer((socket, request) => request && socket.write(`{"id": ${JSON.stringify(request.id)}, "result": [1,,2], "error": null}`));
    const { s } = await session(path);
    await assert.rejects(s.request('list_dbs', []), /invalid JSON/);
  });

  it('treats a response to an unknown id as a protocol error', async () => {
    const path = await peer((socket, request) => request && socket.write('{"id": 999, "result": [], "error": null}'));
    const { s } = await session(path);
    await assert.rejects(s.request('list_dbs', []), /response to unknown request id 999/);
  });

  it('treats a message that is not an object, or neither request nor response, as a protocol error', async () => {
    const arrayPeer = await peer((socket, request) => request && socket.write('[1, 2, 3]'));
    await assert.rejects((await session(arrayPeer)).s.request('list_dbs', []), /message is not a JSON object/);
    const oddPeer = await peer((socket, request) => request && socket.write('{"hello": "world"}'));
    await assert.rejects((await session(oddPeer)).s.request('list_dbs', []), /neither a request nor a response/);
  });

  it('fails a request when the peer hangs up in the middle of a message', async () => {
    const path = await peer((socket, request) => request && socket.end('{"id": 1, "result": ["trunc'));
    await assert.rejects((await session(path)).s.request('list_dbs', []), (e: unknown) => e instanceof OvsdbDisconnectedError && /closed by peer/.test(e.message));
  });

  it('drops a peer that stops answering, through the inactivity probe', async () => {
    const path = await peer(() => undefined);
    const { s } = await session(path, 100);
    await assert.rejects(s.request('list_dbs', []), /no answer to inactivity probe within 100 ms/);
  });

  it("answers the peer's echo probes", async () => {
    let answered: unknown;
    const path = await peer((socket, request) => {
      if (!request) socket.write('{"method":"echo","params":["probe",1],"id":"echo-1"}');
      else if (request.id === 'echo-1') answered = request;
      else socket.write(JSON.stringify({ id: request.id, result: ['x'], error: null }));
    });
    const { s } = await session(path);
    assert.deepEqual(await s.request('list_dbs', []), ['x']);
    const deadline = Date.now() + 5000;
    while (!answered && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(answered, { result: ['probe', 1], error: null, id: 'echo-1' });
    s.close();
  });

  it('reports wrong result types from transact as a protocol error and keeps working', async () => {
    const path = await peer(
      tinyServer((socket, request) => {
        if (request.method !== 'transact') return false;
        socket.write(JSON.stringify({ id: request.id, result: 42, error: null }));
        return true;
      }),
    );
    const client = await OvsdbClient.connect(`unix:${path}`, { database: 'Tiny' });
    try {
      await assert.rejects(client.transact([{ op: 'insert', table: 'T', row: { name: 'x' } }]), (e: unknown) => e instanceof OvsdbProtocolError && /transact answered 42/.test(e.message));
      assert.deepEqual(await client.echo(['still', 'alive']), ['still', 'alive']);
    } finally {
      await client.close();
    }
  });

  it('drops the connection on a notification with the wrong shape and says why', async () => {
    let peerSocket: Socket | undefined;
    const path = await peer(
      tinyServer((socket, request) => {
        peerSocket = socket;
        if (request.method !== 'monitor_cond_since') return false;
        socket.write(JSON.stringify({ id: request.id, result: [false, '00000000-0000-0000-0000-000000000000', {}], error: null }));
        return true;
      }),
    );
    const client = await OvsdbClient.connect(`unix:${path}`, { database: 'Tiny', reconnect: false });
    try {
      await client.monitor({ T: {} }, { reset: () => undefined, update: () => undefined });
      const disconnected = new Promise<Error>((resolve) => client.once('disconnected', resolve));
      peerSocket!.write('{"method":"update2","params":"garbage","id":null}');
      assert.match((await disconnected).message, /protocol error from unix:.*: update2 notification params are not an array/);
    } finally {
      await client.close();
    }
  });

  it('gives up connecting with the reason when reconnect is off and the peer sends garbage', async () => {
    const path = await peer(tinyServer((socket, request) => request.method === 'get_schema' && socket.write('{"id": "nope"') !== undefined));
    await assert.rejects(
      OvsdbClient.connect(`unix:${path}`, { database: 'Tiny', reconnect: false, connectTimeoutMs: 1000, probeIntervalMs: 200 }),
      (e: unknown) => e instanceof OvsdbDisconnectedError && /no answer to the connection handshake within 1000 ms; reconnect is off/.test(e.message),
    );
    await assert.rejects(
      OvsdbClient.connect(`unix:${join(dir, 'nobody-here.sock')}`, { database: 'Tiny', reconnect: false }),
      /cannot connect to unix:.*nobody-here\.sock: connect ENOENT/,
    );
  });

  it('never crashes or hangs on random bytes from the peer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (bytes) => {
        const path = await peer((socket, request) => request && socket.end(Buffer.from(bytes)));
        const { s } = await session(path, 200);
        const outcome = await s.request('list_dbs', []).then(
          () => 'resolved',
          (e: unknown) => (e instanceof OvsdbDisconnectedError ? 'disconnected' : `unexpected ${String(e)}`),
        );
        assert.ok(outcome === 'disconnected' || outcome === 'resolved', outcome);
        s.close();
      }),
      { numRuns: 25 },
    );
  });
});
