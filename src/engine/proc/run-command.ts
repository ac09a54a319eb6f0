import { spawnCollected } from './spawn-collected.js';
import { SubprocessError } from './subprocess-error.js';

export interface RunOptions {
  /** Text written to the child's stdin, then closed. */
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Kill the child (SIGKILL) after this many milliseconds and fail. */
  readonly timeoutMs?: number;
  /** Exit codes that count as success (default: only 0). */
  readonly okCodes?: readonly number[];
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Something that runs commands for this process with runCommand's contract (the command spawner). */
export interface CommandRunner {
  run(argv: readonly string[], options: RunOptions): Promise<RunResult>;
}

let router: CommandRunner | undefined;

/**
 * Sends every later runCommand of this process through `runner` (undefined: spawn directly again). The lab
 * daemon routes its commands through a small spawner process, because forking the daemon itself is slow.
 */
export function routeCommandsThrough(runner: CommandRunner | undefined): void {
  router = runner;
}

/** runCommand's verdict on a finished command: its result, or the SubprocessError it fails with. */
export function commandOutcome(
  argv: readonly string[],
  options: RunOptions,
  code: number | null,
  signal: NodeJS.Signals | null,
  stdout: string,
  stderr: string,
): RunResult | SubprocessError {
  const ok = code !== null && (options.okCodes ?? [0]).includes(code);
  return ok ? { stdout, stderr, exitCode: code } : new SubprocessError(argv, code, signal, stderr, stdout);
}

/** The SubprocessError of a command that could not start (`ENOENT spawn foo ENOENT`). */
export function startFailure(argv: readonly string[], error: NodeJS.ErrnoException | string): SubprocessError {
  const text = typeof error === 'string' ? error : `${error.code ?? ''} ${error.message}`.trim();
  return new SubprocessError(argv, null, null, text);
}

/**
 * Runs a program with an argument array (never through a shell) and collects its output.
 * Rejects with a SubprocessError carrying argv, exit code and stderr when it fails.
 */
export function runCommand(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return router ? router.run(argv, options) : runCommandDirectly(argv, options);
}

/** runCommand with a spawn from this process, whatever runner is configured. */
export function runCommandDirectly(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    spawnCollected(argv, options, (result) => {
      if ('error' in result) return reject(startFailure(argv, result.error));
      const outcome = commandOutcome(argv, options, result.code, result.signal, result.stdout, result.stderr);
      if (outcome instanceof SubprocessError) reject(outcome);
      else resolve(outcome);
    });
  });
}
