/** Plain-text renderings of plans, outcomes and validation errors, for the CLI (and any text view). */
import type { Outcome, Plan } from './action-types.js';
import type { ActionValidationError } from './action-errors.js';

/** The plan as the CLI prints it before asking: title, object changes, OVN changes, warnings. */
export function formatPlan(plan: Plan): string {
  const lines = [`${plan.destructive ? 'DESTRUCTIVE: ' : ''}${plan.title}`];
  if (plan.objectChanges.length > 0) {
    lines.push('Objects:');
    for (const change of plan.objectChanges) {
      lines.push(`  ${change.op} ${change.kind}/${change.name}`);
      for (const d of change.diff) if (!d.startsWith(`${change.op} `)) lines.push(`    ${d}`);
    }
  }
  lines.push(plan.ovnChanges.length > 0 ? 'OVN Northbound (written by the controller):' : 'OVN Northbound: no change');
  for (const l of plan.ovnChanges) lines.push(`  ${l}`);
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

export function formatOutcome(outcome: Outcome): string {
  const lines = [`${outcome.ok ? 'ok' : 'failed'} (${outcome.reason}): ${outcome.message}`];
  for (const e of outcome.events ?? []) lines.push(`  event: ${e}`);
  return `${lines.join('\n')}\n`;
}

/** `error: Subnet "s1" is invalid:` then one line per issue (field, value, conflicting object). */
export function formatValidationError(err: ActionValidationError): string {
  const lines = [`error: ${err.kind} "${err.objectName}" is invalid:`];
  for (const i of err.issues) lines.push(`  ${i.message}${i.conflictsWith ? ` [${i.conflictsWith}]` : ''}`);
  return `${lines.join('\n')}\n`;
}
