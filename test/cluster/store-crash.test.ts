import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';

const writer = fileURLToPath(new URL('./store-writer-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kovn-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until it has acknowledged `acks` writes, SIGKILLs it, and returns what it acknowledged. */
function writeUntilKilled(prefix: string, acks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
      if (acked.length >= acks) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`the writer exited by itself (code ${code}): ${stderr}`));
    });
  });
}

describe('the journaled store under SIGKILL', () => {
  it('keeps every acknowledged write and opens cleanly after being killed mid-write, again and again', async () => {
    const acknowledged: string[] = [];
    for (let round = 0; round < 3; round++) {
      // A random point: somewhere between a few and a few hundred acknowledged writes, compactions included.
      acknowledged.push(...(await writeUntilKilled(`r${round}`, 20 + Math.floor(Math.random() * 250))));
      const store = await openMemoryCluster({ stateDir: dir });
      try {
        const names = new Set((await store.list('IP')).items.map((o) => o.metadata.name));
        const lost = acknowledged.filter((n) => !names.has(n));
        assert.deepEqual(lost, [], `round ${round}: acknowledged writes lost`);
        for (const ip of (await store.list('IP')).items) {
          assert.equal((ip.spec as { podName: string }).podName, ip.metadata.name, 'objects are whole');
        }
      } finally {
        await store.close();
      }
    }
  });
});
