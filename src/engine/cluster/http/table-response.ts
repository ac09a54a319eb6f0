import type { KindInfo, KubeObject } from '../types.js';
import { cellValue, humanAge, printerColumnsOf } from './printer-columns.js';

/** Whether the client asked for server-side printing (`kubectl get` does: `Accept: …;as=Table;…`). */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}

/**
 * A meta.k8s.io/v1 Table of objects, as the API server renders it for `kubectl get`: NAME, the kind's printer
 * columns, AGE. Each row carries its object so kubectl can add NAMESPACE and labels columns.
 */
export function toTable(info: KindInfo, objects: readonly KubeObject[], resourceVersion: string): Record<string, unknown> {
  const columns = printerColumnsOf(info);
  const columnDefinitions = [
    { name: 'Name', type: 'string', format: 'name', description: 'Name of the object', priority: 0 },
    ...columns.map((c) => ({ name: c.name, type: c.type, format: '', description: c.description ?? '', priority: c.priority })),
    { name: 'Age', type: 'string', format: '', description: 'Time since the object was created', priority: 0 },
  ];
  const rows = objects.map((obj) => ({
    cells: [obj.metadata.name, ...columns.map((c) => tableCell(obj, c.jsonPath, c.type)), humanAge(obj.metadata.creationTimestamp)],
    object: obj,
  }));
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion }, columnDefinitions, rows };
}

function tableCell(obj: KubeObject, jsonPath: string, type: string): unknown {
  const text = cellValue(obj, { name: '', type, jsonPath, priority: 0 });
  if (text === '') return null;
  if ((type === 'integer' || type === 'number') && !Number.isNaN(Number(text))) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}
