import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemoryCluster } from '../../../src/engine/cluster/memory/memory-cluster.js';
import type { KubeObject } from '../../../src/engine/cluster/types.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kovn-store-'));
  dirs.push(dir);
  return dir;
}

const ip = (name: string): KubeObject => ({
  apiVersion: 'kubeovn.io/v1',
  kind: 'IP',
  metadata: { name },
  spec: { podName: name, namespace: 'default', subnet: 'ovn-default', v4IpAddress: '10.16.0.2', macAddress: '00:00:00:00:00:01' },
});

describe('embedded store on disk', () => {
  it('keeps every acknowledged write, deletion and the resourceVersion across a restart', async () => {
    const dir = stateDir();
    const store = await openMemoryCluster({ stateDir: dir });
    await Promise.all(['a', 'b', 'c'].map((n) => store.create(ip(n))));
    await store.patch('IP', 'a', { metadata: { labels: { x: '1' } } });
    await store.delete('IP', 'b');
    const rv = store.currentResourceVersion();
    await store.close();

    const reopened = await openMemoryCluster({ stateDir: dir });
    assert.deepEqual((await reopened.list('IP')).items.map((o) => o.metadata.name), ['a', 'c']);
    assert.deepEqual((await reopened.get('IP', 'a'))?.metadata.labels, { x: '1' });
    assert.equal(reopened.currentResourceVersion(), rv);
    const next = await reopened.create(ip('d'));
    assert.ok(Number(next.metadata.resourceVersion) > Number(rv), 'versions keep growing after a restart');
    await reopened.close();
  });

  it('cuts a torn or corrupt tail and keeps everything before it', async () => {
    const dir = stateDir();
    const store = await openMemoryCluster({ stateDir: dir });
    await store.create(ip('a'));
    await store.create(ip('b'));
    await store.close();
    const journal = join(dir, 'journal.log');
    const size = statSync(journal).size;
    appendFileSync(journal, Buffer.from([0x40, 0, 0, 0, 1, 2, 3, 4, 0x7b]));
    let reopened = await openMemoryCluster({ stateDir: dir });
    assert.deepEqual((await reopened.list('IP')).items.map((o) => o.metadata.name), ['a', 'b']);
    assert.equal(statSync(journal).size, size, 'the torn record is gone');
    await reopened.create(ip('c'));
    await reopened.close();

    // Flip a byte inside the last record: its checksum no longer matches, so it is dropped.
    const data = readFileSync(journal);
    data[data.length - 3] ^= 0xff;
    writeFileSync(journal, data);
    reopened = await openMemoryCluster({ stateDir: dir });
    assert.deepEqual((await reopened.list('IP')).items.map((o) => o.metadata.name), ['a', 'b']);
    await reopened.close();
  });

  it('compacts the journal into a snapshot and restores from both', async () => {
    const dir = stateDir();
    const store = await openMemoryCluster({ stateDir: dir, compactBytes: 4096 });
    for (let i = 0; i < 40; i++) await store.create(ip(`ip-${i}`));
    await store.delete('IP', 'ip-0');
    await store.close();
    const snapshotSize = statSync(join(dir, 'snapshot.db')).size;
    assert.ok(snapshotSize > 0);
    assert.ok(statSync(join(dir, 'journal.log')).size <= Math.max(4096, snapshotSize) + 1024, 'the journal was started over');
    const reopened = await openMemoryCluster({ stateDir: dir });
    const names = (await reopened.list('IP')).items.map((o) => o.metadata.name);
    assert.equal(names.length, 39);
    assert.ok(!names.includes('ip-0'));
    await reopened.close();
  });

  it('refuses a damaged snapshot instead of silently losing objects', async () => {
    const dir = stateDir();
    const store = await openMemoryCluster({ stateDir: dir, compactBytes: 1024 });
    for (let i = 0; i < 10; i++) await store.create(ip(`ip-${i}`));
    await store.close();
    truncateSync(join(dir, 'snapshot.db'), statSync(join(dir, 'snapshot.db')).size - 10);
    await assert.rejects(openMemoryCluster({ stateDir: dir }), /snapshot .* is damaged/);
  });

  it('refuses a state directory another live process holds', async () => {
    const dir = stateDir();
    writeFileSync(join(dir, 'lock'), `${process.ppid}\n`);
    await assert.rejects(openMemoryCluster({ stateDir: dir }), /in use by process/);
  });
});

describe('embedded store on disk, any sequence of writes', () => {
  it('reopens to exactly the state it had, across compactions', async () => {
    const fc = await import('fast-check');
    const op = fc.oneof(
      fc.record({ type: fc.constant('create' as const), n: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ type: fc.constant('label' as const), n: fc.integer({ min: 0, max: 5 }), value: fc.stringMatching(/^[a-z0-9]{0,8}$/) }),
      fc.record({ type: fc.constant('delete' as const), n: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ type: fc.constant('finalize' as const), n: fc.integer({ min: 0, max: 5 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const dir = stateDir();
        const store = await openMemoryCluster({ stateDir: dir, compactBytes: 2048 });
        for (const o of ops) {
          const name = `ip-${o.n}`;
          const exists = (await store.get('IP', name)) !== undefined;
          if (o.type === 'create' && !exists) await store.create(ip(name));
          if (o.type === 'label' && exists) await store.patch('IP', name, { metadata: { labels: { v: o.value } } });
          if (o.type === 'finalize' && exists) await store.patch('IP', name, { metadata: { finalizers: ['kovn.io/test'] } });
          if (o.type === 'delete' && exists) await store.delete('IP', name);
        }
        const before = await store.list('IP');
        await store.close();
        const reopened = await openMemoryCluster({ stateDir: dir });
        const after = await reopened.list('IP');
        await reopened.close();
        assert.deepEqual(after, before);
      }),
      { numRuns: 25 },
    );
  });
});
