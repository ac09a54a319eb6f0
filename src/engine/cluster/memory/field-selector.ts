import { ApiError } from '../api-error.js';
import type { KubeObject } from '../types.js';

/** One `path=value` or `path!=value` term of a field selector. */
export interface FieldRequirement {
  readonly path: readonly string[];
  readonly equal: boolean;
  readonly value: string;
}

const TERM = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/;

/** Parses `metadata.name=x,spec.nodeName!=y`; fails with BadRequest (400) naming the term it cannot read. */
export function parseFieldSelector(selector: string | undefined): readonly FieldRequirement[] {
  if (!selector || !selector.trim()) return [];
  return selector.split(',').map((raw) => {
    const term = raw.trim();
    const m = TERM.exec(term);
    if (!m) throw new ApiError(400, 'BadRequest', `invalid field selector "${selector}": cannot parse "${term}"`);
    return { path: m[1].split('.'), equal: m[2] !== '!=', value: m[3].trim() };
  });
}

function fieldValue(obj: KubeObject, path: readonly string[]): string {
  let node: unknown = obj;
  for (const part of path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  // As the API server does, an absent field compares as the empty string.
  return node === undefined || node === null ? '' : String(node);
}

/** Whether the object satisfies every term of the field selector. */
export function matchesFields(requirements: readonly FieldRequirement[], obj: KubeObject): boolean {
  return requirements.every((r) => (fieldValue(obj, r.path) === r.value) === r.equal);
}
