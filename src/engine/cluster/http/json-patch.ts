import { ApiError } from '../api-error.js';

/** One operation of a JSON patch (RFC 6902). */
interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

type Container = Record<string, unknown> | unknown[];

function badPatch(message: string): ApiError {
  return new ApiError(422, 'Invalid', `the JSON patch is invalid: ${message}`);
}

/** `/a/b~1c/0` → ['a', 'b/c', '0'] (RFC 6901 escaping). */
function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badPatch(`path "${pointer}" must start with "/"`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function childOf(container: unknown, token: string, pointer: string): unknown {
  if (Array.isArray(container)) return container[Number(token)];
  if (typeof container === 'object' && container !== null) return (container as Record<string, unknown>)[token];
  throw badPatch(`path "${pointer}" does not exist`);
}

function resolveParent(doc: unknown, pointer: string): { parent: Container; key: string } {
  const tokens = pointerTokens(pointer);
  if (tokens.length === 0) throw badPatch('operations on the whole document are not supported');
  let node = doc;
  for (const token of tokens.slice(0, -1)) node = childOf(node, token, pointer);
  if (typeof node !== 'object' || node === null) throw badPatch(`path "${pointer}" does not exist`);
  return { parent: node as Container, key: tokens[tokens.length - 1] };
}

function readAt(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const token of pointerTokens(pointer)) node = childOf(node, token, pointer);
  if (node === undefined) throw badPatch(`path "${pointer}" does not exist`);
  return node;
}

function arrayIndex(list: unknown[], key: string, pointer: string, forInsert: boolean): number {
  if (forInsert && key === '-') return list.length;
  const index = Number(key);
  const max = forInsert ? list.length : list.length - 1;
  if (!/^\d+$/.test(key) || index > max) throw badPatch(`index "${key}" of path "${pointer}" is out of range`);
  return index;
}

function addAt(doc: unknown, pointer: string, value: unknown): void {
  const { parent, key } = resolveParent(doc, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, pointer, true), 0, structuredClone(value));
  else parent[key] = structuredClone(value);
}

function removeAt(doc: unknown, pointer: string): void {
  const { parent, key } = resolveParent(doc, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, pointer, false), 1);
  else if (!(key in parent)) throw badPatch(`path "${pointer}" does not exist`);
  else delete parent[key];
}

function applyOperation(doc: unknown, op: JsonPatchOperation): void {
  switch (op.op) {
    case 'add':
      return addAt(doc, op.path, op.value);
    case 'remove':
      return removeAt(doc, op.path);
    case 'replace':
      removeAt(doc, op.path);
      return addAt(doc, op.path, op.value);
    case 'move': {
      const value = readAt(doc, op.from ?? '');
      removeAt(doc, op.from ?? '');
      return addAt(doc, op.path, value);
    }
    case 'copy':
      return addAt(doc, op.path, readAt(doc, op.from ?? ''));
    case 'test':
      if (JSON.stringify(readAt(doc, op.path)) !== JSON.stringify(op.value)) throw badPatch(`test of "${op.path}" failed`);
      return;
    default:
      throw badPatch(`unknown operation "${(op as { op: string }).op}"`);
  }
}

/** Applies a JSON patch (RFC 6902) to a copy of the document; fails with Invalid (422) naming the bad path. */
export function applyJsonPatch(document: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw badPatch('a JSON patch must be an array of operations');
  const doc = structuredClone(document);
  for (const op of operations as JsonPatchOperation[]) applyOperation(doc, op);
  return doc;
}
