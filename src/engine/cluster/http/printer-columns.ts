import { kovnCrds } from '../schema/crd-schemas.js';
import type { KindInfo, KubeObject } from '../types.js';

/** A column of `kubectl get` output, as a CRD's `additionalPrinterColumns` declares it. */
export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly jsonPath: string;
  /** 0: always shown; 1: only with `-o wide`. */
  readonly priority: number;
  readonly description?: string;
}

/** Columns of the built-in kinds kovn's users look at most (the rest show NAME and AGE). */
const coreColumns: Readonly<Record<string, readonly PrinterColumn[]>> = {
  Pod: [
    { name: 'Status', type: 'string', jsonPath: '.status.phase', priority: 0 },
    { name: 'IP', type: 'string', jsonPath: '.status.podIP', priority: 1 },
    { name: 'Node', type: 'string', jsonPath: '.spec.nodeName', priority: 1 },
  ],
  Namespace: [{ name: 'Status', type: 'string', jsonPath: '.status.phase', priority: 0 }],
  Event: [
    { name: 'Type', type: 'string', jsonPath: '.type', priority: 0 },
    { name: 'Reason', type: 'string', jsonPath: '.reason', priority: 0 },
    { name: 'Object', type: 'string', jsonPath: '.involvedObject.name', priority: 0 },
    { name: 'Count', type: 'integer', jsonPath: '.count', priority: 0 },
    { name: 'Message', type: 'string', jsonPath: '.message', priority: 0 },
  ],
  Node: [{ name: 'Internal-IP', type: 'string', jsonPath: '.status.addresses[?(@.type=="InternalIP")].address', priority: 1 }],
};

let crdColumns: Map<string, readonly PrinterColumn[]> | undefined;

function columnsFromCrds(): Map<string, readonly PrinterColumn[]> {
  const map = new Map<string, readonly PrinterColumn[]>();
  for (const crd of kovnCrds()) {
    const spec = crd.spec as {
      group: string;
      names: { kind: string };
      versions: { name: string; additionalPrinterColumns?: Partial<PrinterColumn>[] }[];
    };
    for (const v of spec.versions) {
      const columns = (v.additionalPrinterColumns ?? []).map((c) => ({
        name: String(c.name),
        type: String(c.type ?? 'string'),
        jsonPath: String(c.jsonPath),
        priority: Number(c.priority ?? 0),
        ...(c.description ? { description: c.description } : {}),
      }));
      map.set(`${spec.group}/${v.name}/${spec.names.kind}`, columns);
    }
  }
  return map;
}

/** The extra columns of a kind (besides NAME and AGE): its CRD's printer columns, or kovn's for core kinds. */
export function printerColumnsOf(info: KindInfo): readonly PrinterColumn[] {
  if (!info.group) return coreColumns[info.kind] ?? [];
  crdColumns ??= columnsFromCrds();
  return crdColumns.get(`${info.group}/${info.version}/${info.kind}`) ?? [];
}

const STEP = /^\.([A-Za-z0-9_$-]+)|^\[(\d+)\]|^\[\?\(@\.([A-Za-z0-9_]+)\s*==\s*["']([^"']*)["']\)\]|^\[\*\]/;

/**
 * The values a simple JSONPath selects (`.spec.cidrBlock`, `.a[0].b`, `.items[*].x`,
 * `.conditions[?(@.type=="Ready")].status`): the subset printer columns use.
 */
export function selectJsonPath(obj: unknown, path: string): unknown[] {
  let nodes: unknown[] = [obj];
  let rest = path.trim().replace(/^\{|\}$/g, '');
  while (rest.length) {
    const m = STEP.exec(rest);
    if (!m) return [];
    rest = rest.slice(m[0].length);
    const next: unknown[] = [];
    for (const node of nodes) {
      if (m[1] !== undefined && isRecord(node) && node[m[1]] !== undefined) next.push(node[m[1]]);
      else if (m[2] !== undefined && Array.isArray(node) && node[Number(m[2])] !== undefined) next.push(node[Number(m[2])]);
      else if (m[3] !== undefined && Array.isArray(node)) next.push(...node.filter((e) => isRecord(e) && String(e[m[3]]) === m[4]));
      else if (m[0] === '[*]' && Array.isArray(node)) next.push(...node);
    }
    nodes = next;
  }
  return nodes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A column's cell for one object: values joined by commas, objects as JSON, absent as ''. */
export function cellValue(obj: KubeObject, column: PrinterColumn): string {
  return selectJsonPath(obj, column.jsonPath)
    .map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)))
    .join(',');
}

/** kubectl's age: `45s`, `12m`, `5h`, `3d`, `2y`. */
export function humanAge(since: string | undefined, now = Date.now()): string {
  if (!since) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  return days < 730 ? `${days}d` : `${Math.floor(days / 365)}y`;
}
