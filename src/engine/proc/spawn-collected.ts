/**
 * Spawns one command with an argument array (never a shell) and collects its output: the one place both
 * runCommand (in this process) and the command spawner process (for a big parent) start commands.
 * Node built-ins only, so the spawner process stays small and starts fast.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface SpawnOptions {
  /** Written to the command's stdin, then closed; without it stdin is /dev/null. */
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** SIGKILL after this many milliseconds. */
  readonly timeoutMs?: number;
}

/** A command that ran (exit code or signal) or could not start (`error`, e.g. `ENOENT spawn foo ENOENT`). */
export type Collected =
  | { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stdout: string; readonly stderr: string }
  | { readonly error: string };

/** Starts the command and calls `done` exactly once; returns the child, or undefined if it could not start. */
export function spawnCollected(argv: readonly string[], options: SpawnOptions, done: (result: Collected) => void): ChildProcess | undefined {
  const [file, ...args] = argv;
  let child: ChildProcess;
  try {
    child = spawn(file ?? '', args, {
      env: (options.env ?? process.env) as NodeJS.ProcessEnv,
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    // spawn throws synchronously on arguments it cannot pass (e.g. a NUL byte).
    const e = error as NodeJS.ErrnoException;
    done({ error: `${e.code ?? ''} ${e.message}`.trim() });
    return undefined;
  }
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stderr!.on('data', (d: Buffer) => err.push(d));
  let finished = false;
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const finish = (result: Collected) => {
    if (timer) clearTimeout(timer);
    if (finished) return;
    finished = true;
    done(result);
  };
  child.on('error', (e: NodeJS.ErrnoException) => finish({ error: `${e.code ?? ''} ${e.message}`.trim() }));
  child.on('close', (code, signal) => finish({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  if (options.input !== undefined) {
    // A command that exits without reading its input closes the pipe (EPIPE): its exit status tells.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(options.input);
  }
  return child;
}
