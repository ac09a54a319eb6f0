import { UsageError } from './command.js';

/** Flags and positional arguments of one command line: `--name value`, `--name=value`, `-x value`, `--flag`. */
export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
  /** Everything after a bare `--`, untouched (e.g. the command of `kovn lab exec POD -- CMD`). */
  readonly rest: readonly string[];
}

/**
 * Parses argv against the flags a command declares. `valueFlags` take a value; `boolFlags` do not.
 * An undeclared flag is a usage error that names it.
 */
export function parseArgs(argv: readonly string[], valueFlags: readonly string[], boolFlags: readonly string[] = []): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return { flags, positionals, rest: argv.slice(i + 1) };
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq >= 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    if (boolFlags.includes(name)) {
      if (eq >= 0) throw new UsageError(`flag --${name} takes no value`);
      flags.set(name, true);
    } else if (valueFlags.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`flag --${name} needs a value`);
      flags.set(name, value);
    } else {
      throw new UsageError(`unknown flag ${arg}`);
    }
  }
  return { flags, positionals, rest: [] };
}

/** The value of a flag that takes one, or `fallback`. */
export function flagValue(args: ParsedArgs, name: string, fallback?: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : fallback;
}
