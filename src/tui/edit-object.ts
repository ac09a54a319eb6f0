import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describeError } from '../cli/describe-error.js';
import type { ClusterApi, KubeObject } from '../engine/cluster/types.js';

/** `$KUBE_EDITOR`, else `$EDITOR`, else vi; split on spaces so `code -w` works. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.KUBE_EDITOR || env.EDITOR || 'vi').trim().split(/\s+/);
}

/** Puts an error above the YAML as comments, as `kubectl edit` does, so the user can fix and save again. */
export function withErrorComment(yamlText: string, error: string): string {
  const body = yamlText.replace(/^(# .*\n)+/, '');
  return `${error
    .split('\n')
    .map((l) => `# ${l}`)
    .join('\n')}\n${body}`;
}

/**
 * Edits an object in the user's editor (the terminal is theirs meanwhile): saves it back with an update;
 * a parse or API error reopens the editor with the error on top; an unchanged file cancels.
 * Returns the line for the flash.
 */
export async function editObject(cluster: ClusterApi, object: KubeObject, env: NodeJS.ProcessEnv = process.env): Promise<{ text: string; level: 'info' | 'error' }> {
  const dir = mkdtempSync(join(tmpdir(), 'kovn-edit-'));
  const file = join(dir, `${object.kind.toLowerCase()}-${object.metadata.name}.yaml`);
  const [editor, ...args] = editorCommand(env);
  let text = stringify(object);
  const original = text;
  try {
    for (;;) {
      writeFileSync(file, text);
      const result = spawnSync(editor, [...args, file], { stdio: 'inherit' });
      if (result.error) return { text: `edit: cannot run editor "${editor}": ${result.error.message}`, level: 'error' };
      const edited = readFileSync(file, 'utf8');
      if (edited === text || edited.replace(/^(# .*\n)+/, '') === original) return { text: `edit ${object.metadata.name}: no changes`, level: 'info' };
      let updated: KubeObject;
      try {
        updated = parse(edited) as KubeObject;
        if (!updated || typeof updated !== 'object' || updated.metadata?.name !== object.metadata.name || updated.kind !== object.kind) {
          throw new Error(`the edited object must keep kind "${object.kind}" and metadata.name "${object.metadata.name}"`);
        }
        await cluster.update(updated);
        return { text: `updated ${object.kind} ${object.metadata.name}`, level: 'info' };
      } catch (err) {
        text = withErrorComment(edited, `error: ${describeError(err)}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
