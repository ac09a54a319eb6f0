/** One subcommand of the `kovn` CLI. Each lives in its own file under `src/cli/commands/`. */
export interface CliCommand {
  /** Words that select the command, e.g. `['lab', 'up']`. The longest match wins. */
  readonly path: readonly string[];
  /** One line for `kovn help`. */
  readonly summary: string;
  /** Usage text printed for `--help` and on usage errors. */
  readonly usage: string;
  /** Runs the command with the arguments after its path; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
