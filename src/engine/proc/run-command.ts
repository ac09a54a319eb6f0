import { spawn } from 'node:child_process';
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
  const [file, ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    let timer: NodeJS.Timeout | undefined;
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    }
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      reject(startFailure(argv, e));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const outcome = commandOutcome(argv, options, code, signal, Buffer.concat(out).toString('utf8'), Buffer.concat(err).toString('utf8'));
      if (outcome instanceof SubprocessError) reject(outcome);
      else resolve(outcome);
    });
    if (options.input !== undefined) {
      // A command that exits without reading its input closes the pipe (EPIPE): its exit status tells.
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(options.input);
    }
  });
}
