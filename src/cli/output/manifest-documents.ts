import { readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments } from 'yaml';
import { kindInfoFor } from '../../engine/cluster/kinds/registry.js';
import type { KindInfo, KubeObject } from '../../engine/cluster/types.js';
import type { CommandIo } from './command-io.js';

/** One object of a manifest file, with where it came from for messages. */
export interface ManifestDocument {
  readonly object: KubeObject;
  /** 1-based position among the file's documents. */
  readonly index: number;
  /** 1-based line where the document starts. */
  readonly line: number;
}

/**
 * The objects of a multi-document YAML (or JSON) manifest. Empty documents are skipped; `kind: List` is
 * unpacked. A syntax error or a document that is not an object fails with the source, document number and line.
 */
export function parseManifests(text: string, source: string): ManifestDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  const result: ManifestDocument[] = [];
  docs.forEach((doc, i) => {
    const index = i + 1;
    // The line of the document's content, not of a `---` marker before it.
    const startLine = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
    if (doc.errors.length) {
      const err = doc.errors[0];
      const line = lineCounter.linePos(err.pos[0]).line;
      throw new Error(`${source}: document ${index}, line ${line}: ${err.message.split('\n')[0]}`);
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`${source}: document ${index}, line ${startLine}: expected an object with apiVersion, kind and metadata`);
    }
    const obj = value as KubeObject;
    const items = obj.kind === 'List' && Array.isArray(obj.items) ? (obj.items as KubeObject[]) : [obj];
    for (const item of items) result.push({ object: item, index, line: startLine });
  });
  return result;
}

/** What is missing for a document to be an object at all (apiVersion, kind, metadata.name); undefined when fine. */
export function manifestProblem(obj: KubeObject): string | undefined {
  if (typeof obj.apiVersion !== 'string' || !obj.apiVersion) return 'apiVersion is required';
  if (typeof obj.kind !== 'string' || !obj.kind) return 'kind is required';
  if (!obj.metadata || typeof obj.metadata !== 'object') return 'metadata is required';
  if (!obj.metadata.name && !obj.metadata.generateName) return 'metadata.name is required';
  return undefined;
}

function readManifestFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new Error(`cannot read the manifest ${path}: ${reason}`);
  }
}

/** The kind of a document, or an error naming the document when it is malformed or of a kind kovn does not serve. */
function checkDocument(doc: ManifestDocument, source: string): KindInfo {
  const where = `${source}: document ${doc.index} (line ${doc.line})`;
  const problem = manifestProblem(doc.object);
  if (problem) throw new Error(`${where}: ${problem}`);
  const info = kindInfoFor(doc.object.apiVersion, doc.object.kind);
  if (!info) throw new Error(`${where}: no kind "${doc.object.kind}" is served in version "${doc.object.apiVersion}"`);
  return info;
}

/**
 * The objects of `-f FILE` (`-` for stdin) with their kinds, all checked before anything is sent: a bad
 * document fails the whole command, naming the source, the document number and its line.
 */
export function readManifestObjects(file: string, io: CommandIo): { source: string; planned: { doc: ManifestDocument; info: KindInfo }[] } {
  const source = file === '-' ? 'stdin' : file;
  const docs = parseManifests(file === '-' ? io.readStdin() : readManifestFile(file), source);
  return { source, planned: docs.map((doc) => ({ doc, info: checkDocument(doc, source) })) };
}
