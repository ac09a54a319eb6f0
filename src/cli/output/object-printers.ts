import { stringify } from 'yaml';
import { cellValue, humanAge, printerColumnsOf } from '../../engine/cluster/http/printer-columns.js';
import type { KindInfo, KubeObject } from '../../engine/cluster/types.js';
import { formatTable } from './table-printer.js';

export type OutputFormat = 'table' | 'wide' | 'yaml' | 'json' | 'name';

export function parseOutputFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return 'table';
  if (['wide', 'yaml', 'json', 'name'].includes(value)) return value as OutputFormat;
  throw new Error(`unknown output format "${value}": use yaml, json, wide or name`);
}

export interface PrintOptions {
  readonly format: OutputFormat;
  /** Adds a NAMESPACE column (kubectl's -A). */
  readonly allNamespaces?: boolean;
  /** One object was asked for by name: yaml/json print it bare rather than as a List. */
  readonly single?: boolean;
}

/** `subnet.kubeovn.io/s1`, `pod/p1`: how kubectl names an object in messages and `-o name`. */
export function objectRef(info: KindInfo, name: string): string {
  return `${info.kind.toLowerCase()}${info.group ? `.${info.group}` : ''}/${name}`;
}

/** The objects as kubectl prints them for `get`: a table (NAME, printer columns, AGE), YAML, JSON or names. */
export function printObjects(info: KindInfo, objects: readonly KubeObject[], options: PrintOptions): string {
  switch (options.format) {
    case 'yaml':
      return stringify(options.single ? objects[0] : asList(objects));
    case 'json':
      return `${JSON.stringify(options.single ? objects[0] : asList(objects), null, 2)}\n`;
    case 'name':
      return objects.map((o) => `${objectRef(info, o.metadata.name)}\n`).join('');
    default:
      return objectsTable(info, objects, options.format === 'wide', options.allNamespaces === true);
  }
}

function asList(objects: readonly KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'List', items: objects, metadata: { resourceVersion: '' } };
}

function objectsTable(info: KindInfo, objects: readonly KubeObject[], wide: boolean, allNamespaces: boolean): string {
  const columns = printerColumnsOf(info).filter((c) => wide || c.priority === 0);
  const headers = [...(allNamespaces && info.namespaced ? ['namespace'] : []), 'name', ...columns.map((c) => c.name), 'age'];
  const rows = objects.map((o) => [
    ...(allNamespaces && info.namespaced ? [o.metadata.namespace ?? ''] : []),
    o.metadata.name,
    ...columns.map((c) => cellValue(o, c)),
    humanAge(o.metadata.creationTimestamp),
  ]);
  return formatTable(headers, rows);
}
