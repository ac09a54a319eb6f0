/**
 * How a command line runs a plan: print it, stop for --dry-run, ask on a terminal unless --yes (and refuse
 * without --yes when nobody can answer), apply, print the outcome. Exit codes: 0 done, 1 refused or failed.
 */
import { createInterface } from 'node:readline/promises';
import type { Outcome, Plan } from './action-types.js';
import { ActionValidationError } from './action-errors.js';
import { formatOutcome, formatPlan, formatValidationError } from './plan-text.js';

export interface PlanCommandIo {
  out(text: string): void;
  err(text: string): void;
}

export interface PlanCommandOptions {
  readonly yes: boolean;
  readonly dryRun: boolean;
  /**
   * Asks a yes/no question. Absent: ask on the process terminal when stdin is a TTY, else refuse.
   * `null`: nobody can answer (refuse without --yes).
   */
  readonly confirm?: ((question: string) => Promise<boolean>) | null;
  /** `json`: one JSON document on stdout (plan, outcome or validation issues) for scripts; default text. */
  readonly output?: 'text' | 'json';
}

/** `-o`/`--output` of a plan command: absent → text; `json`; anything else is refused with the value named. */
export function planOutputFormat(value: string | undefined): 'text' | 'json' {
  if (value === undefined || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new RangeError(`-o/--output takes json or text, not "${value}"`);
}

/** The plan without its function and full objects, as `-o json` prints it. */
function planData(plan: Plan): object {
  const { title, destructive, ovnChanges, warnings } = plan;
  return { title, destructive, objectChanges: plan.objectChanges.map(({ kind, name, op, diff }) => ({ kind, name, op, diff })), ovnChanges, warnings };
}

async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

function defaultConfirm(): ((question: string) => Promise<boolean>) | undefined {
  return process.stdin.isTTY ? askOnTerminal : undefined;
}

/** Builds the plan with `makePlan` and runs it as described above. */
export async function runPlanCommand(io: PlanCommandIo, makePlan: () => Promise<Plan>, options: PlanCommandOptions): Promise<number> {
  const json = options.output === 'json';
  let plan: Plan;
  try {
    plan = await makePlan();
  } catch (err) {
    if (!(err instanceof ActionValidationError)) throw err;
    if (json) io.out(`${JSON.stringify({ error: { kind: err.kind, name: err.objectName, issues: err.issues } }, null, 2)}\n`);
    else io.err(formatValidationError(err));
    return 1;
  }
  const report = (applied: boolean, outcome?: Outcome) => {
    if (json) io.out(`${JSON.stringify({ plan: planData(plan), applied, ...(outcome ? { outcome } : {}) }, null, 2)}\n`);
    else if (outcome) (outcome.ok ? io.out : io.err)(formatOutcome(outcome));
  };
  if (!json) io.out(formatPlan(plan));
  if (options.dryRun || plan.objectChanges.length === 0) {
    report(false);
    return 0;
  }
  if (!options.yes) {
    const confirm = options.confirm === undefined ? defaultConfirm() : options.confirm;
    if (!confirm) {
      io.err('error: not a terminal, so nobody can confirm: pass --yes to apply (or --dry-run to only show the plan)\n');
      return 1;
    }
    const question = plan.destructive ? 'This deletes objects. Apply? [y/N] ' : 'Apply? [y/N] ';
    if (!(await confirm(question))) {
      io.err('cancelled: nothing was written\n');
      return 1;
    }
  }
  const outcome = await plan.apply();
  report(true, outcome);
  return outcome.ok ? 0 : 1;
}
