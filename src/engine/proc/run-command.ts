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

/**
 * Runs a program with an argument array (never through a shell) and collects its output.
 * Rejects with a SubprocessError carrying argv, exit code and stderr when it fails.
 */
export function runCommand(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
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
      reject(new SubprocessError(argv, null, null, `${e.code ?? ''} ${e.message}`.trim()));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const ok = code !== null && (options.okCodes ?? [0]).includes(code);
      if (ok) resolve({ stdout, stderr, exitCode: code });
      else reject(new SubprocessError(argv, code, signal, stderr, stdout));
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}
