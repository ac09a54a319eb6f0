import { transientReasons, type ValidationIssue } from '../../engine/controller/validation/index.js';

/**
 * The first blocking issue as one line: the message (which names field and value) and the object it
 * conflicts with. Transient issues (a Vlan or gateway node not Ready yet) do not block a form: the plan lists
 * them as warnings, as the actions do.
 */
export function firstIssueText(issues: readonly ValidationIssue[]): string | undefined {
  const i = issues.find((x) => !transientReasons.has(x.reason));
  return i ? `${i.message}${i.conflictsWith ? ` [${i.conflictsWith}]` : ''}` : undefined;
}

/** Drops the entries whose value is undefined (fields that have no problem). */
export function definedOnly(entries: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
}
