import { ApiError } from './api-error.js';

/** One term of a label selector. */
export type LabelRequirement =
  | { readonly key: string; readonly op: 'in' | 'notin'; readonly values: readonly string[] }
  | { readonly key: string; readonly op: 'exists' | 'doesnotexist' };

/** A parsed label selector: every requirement must hold. An empty selector matches everything. */
export type LabelSelector = readonly LabelRequirement[];

const SET_TERM = /^([^\s!=,()]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const EQUALITY_TERM = /^([^\s!=,()]+)\s*(==|=|!=)\s*([^\s!=,()]*)$/;
const EXISTS_TERM = /^(!?)\s*([^\s!=,()]+)$/;

/** Splits at commas that are not inside parentheses: `a in (x,y),b` → [`a in (x,y)`, `b`]. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms.map((t) => t.trim());
}

function parseTerm(term: string, selector: string): LabelRequirement {
  const set = SET_TERM.exec(term);
  if (set) {
    const values = set[3].split(',').map((v) => v.trim());
    return { key: set[1], op: set[2] as 'in' | 'notin', values };
  }
  const eq = EQUALITY_TERM.exec(term);
  if (eq) return { key: eq[1], op: eq[2] === '!=' ? 'notin' : 'in', values: [eq[3]] };
  const exists = EXISTS_TERM.exec(term);
  if (exists) return { key: exists[2], op: exists[1] ? 'doesnotexist' : 'exists' };
  throw new ApiError(400, 'BadRequest', `unable to parse requirement "${term}" in label selector "${selector}"`);
}

/**
 * Parses Kubernetes label selector syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`,
 * joined by commas. Fails with BadRequest (400) naming the term it cannot read.
 */
export function parseLabelSelector(selector: string | undefined): LabelSelector {
  if (!selector || !selector.trim()) return [];
  return splitTerms(selector).map((term) => parseTerm(term, selector));
}

function holds(req: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  switch (req.op) {
    case 'exists':
      return has;
    case 'doesnotexist':
      return !has;
    case 'in':
      return has && req.values.includes(labels[req.key]);
    case 'notin':
      return !has || !req.values.includes(labels[req.key]);
  }
}

/** Whether labels satisfy every requirement of the selector. */
export function matchesLabels(selector: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  return selector.every((req) => holds(req, labels ?? {}));
}
