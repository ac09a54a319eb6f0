import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subnet } from '../../src/engine/cluster/kinds/kubeovn-types.js';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import { editObject, editorCommand, withErrorComment } from '../../src/tui/edit-object.js';

/** An "editor": a node script that rewrites the file it is given. */
function editorScript(dir: string, name: string, body: string): NodeJS.ProcessEnv {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(path, `import { readFileSync, writeFileSync } from 'node:fs';\nconst file = process.argv[2];\nconst text = readFileSync(file, 'utf8');\n${body}\n`);
  return { KUBE_EDITOR: `${process.execPath} ${path}` };
}

describe('editing an object in $EDITOR', () => {
  let cluster: MemoryCluster;
  const dir = mkdtempSync(join(tmpdir(), 'kovn-tui-edit-'));
  before(async () => {
    cluster = await openMemoryCluster();
    await cluster.create<Subnet>({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 'e1' }, spec: { cidrBlock: '10.77.0.0/24' } });
  });
  after(async () => {
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prefers KUBE_EDITOR over EDITOR and splits its arguments', () => {
    assert.deepEqual(editorCommand({ KUBE_EDITOR: 'code -w', EDITOR: 'vi' }), ['code', '-w']);
    assert.deepEqual(editorCommand({}), ['vi']);
  });

  it('saves an edited object back to the cluster', async () => {
    const current = (await cluster.get<Subnet>('Subnet', 'e1'))!;
    const env = editorScript(dir, 'natify', `writeFileSync(file, text.replace('cidrBlock: 10.77.0.0/24', 'cidrBlock: 10.77.0.0/24\\n  natOutgoing: true'));`);
    const result = await editObject(cluster, current, env);
    assert.deepEqual(result, { text: 'updated Subnet e1', level: 'info' });
    assert.equal((await cluster.get<Subnet>('Subnet', 'e1'))?.spec.natOutgoing, true);
  });

  it('reopens the editor with the error on top when the YAML does not parse, and cancels when saved unchanged', async () => {
    const current = (await cluster.get<Subnet>('Subnet', 'e1'))!;
    // First pass breaks the YAML; the second sees the error comment and leaves the file as it is.
    const env = editorScript(dir, 'breaker', `if (!text.startsWith('# error')) writeFileSync(file, text + '\\n: : [unclosed');\nelse writeFileSync('${join(dir, 'seen.txt')}', text.split('\\n')[0]);`);
    const result = await editObject(cluster, current, env);
    assert.equal(result.level, 'info');
    assert.match(result.text, /no changes/);
    assert.match(readFileSync(join(dir, 'seen.txt'), 'utf8'), /^# error: /);
  });

  it('puts an error above the YAML as comments, replacing an earlier one', () => {
    assert.equal(withErrorComment('# error: old\nkind: X\n', 'error: new\nline 2'), '# error: new\n# line 2\nkind: X\n');
  });
});
