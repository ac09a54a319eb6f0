import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRemotes } from '../../../src/ovn/ovsdb/remote.js';
import { OvsdbRemoteError } from '../../../src/ovn/ovsdb/errors.js';

describe('parseRemotes', () => {
  it('parses unix, tcp and IPv6 tcp remotes', () => {
    assert.deepEqual(parseRemotes('unix:/run/ovn/ovnnb_db.sock'), [{ kind: 'unix', path: '/run/ovn/ovnnb_db.sock', text: 'unix:/run/ovn/ovnnb_db.sock' }]);
    assert.deepEqual(parseRemotes('tcp:127.0.0.1:6641')[0], { kind: 'tcp', host: '127.0.0.1', port: 6641, text: 'tcp:127.0.0.1:6641' });
    assert.equal((parseRemotes('tcp:[::1]:6641')[0] as { host: string }).host, '::1');
  });
  it('splits a comma list of cluster members', () => {
    assert.deepEqual(
      parseRemotes('unix:/a.sock, unix:/b.sock,tcp:10.0.0.1:6641').map((r) => r.text),
      ['unix:/a.sock', 'unix:/b.sock', 'tcp:10.0.0.1:6641'],
    );
  });
  it('rejects what it cannot connect to, quoting the remote', () => {
    assert.throws(() => parseRemotes('ssl:1.2.3.4:6641'), (e: unknown) => e instanceof OvsdbRemoteError && /"ssl:1.2.3.4:6641": unsupported/.test(e.message));
    assert.throws(() => parseRemotes('tcp:host'), /expected tcp:HOST:PORT/);
    assert.throws(() => parseRemotes('tcp:host:99999'), /port in 1-65535/);
    assert.throws(() => parseRemotes(''), /no OVSDB remote/);
    assert.throws(() => parseRemotes('unix:'), /path is empty/);
  });
});
