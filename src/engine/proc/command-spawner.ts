import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopProcess } from './process-state.js';
import { commandOutcome, runCommandDirectly, startFailure, type CommandRunner, type RunOptions, type RunResult } from './run-command.js';
import type { SpawnRequest, SpawnResponse } from './command-spawner-protocol.js';
import { SubprocessError } from './subprocess-error.js';

/** A dead spawner is started again at most this often; until then commands are spawned directly. */
const RESTART_DELAY_MS = 1_000;
/** How long past a command's own timeout the parent waits for the spawner's answer before giving up. */
const ANSWER_GRACE_MS = 5_000;

interface Pending {
  readonly argv: readonly string[];
  readonly options: RunOptions;
  readonly resolve: (r: RunResult) => void;
  readonly reject: (e: Error) => void;
  readonly guard: NodeJS.Timeout | undefined;
}

/** How to start the spawner process: its compiled form from dist/, or its TypeScript source through tsx. */
function spawnerCommand(): string[] {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.ts')) {
    const tsx = fileURLToPath(import.meta.resolve('tsx'));
    return [process.execPath, '--import', tsx, self.replace(/command-spawner\.ts$/, 'command-spawner-process.ts')];
  }
  return [process.execPath, self.replace(/command-spawner\.js$/, 'command-spawner-process.js')];
}

/**
 * The parent side of the command spawner (command-spawner-process.ts): runs commands with runCommand's contract
 * (same results, same SubprocessError on failure, timeouts, missing programs) through one small child process.
 * If that child dies, the commands it was running fail, later ones are spawned directly, and it is started
 * again (at most once a second). The child is not referenced while idle, so it never keeps this process alive.
 */
export class CommandSpawner implements CommandRunner {
  readonly #command: readonly string[];
  #child: ChildProcess | undefined;
  #diedAt = 0;
  #stopped = false;
  #nextId = 1;
  #buffered = '';
  readonly #pending = new Map<number, Pending>();
  readonly #log: (line: string) => void;

  constructor(options: { log?: (line: string) => void; command?: readonly string[] } = {}) {
    this.#log = options.log ?? (() => undefined);
    this.#command = options.command ?? spawnerCommand();
    this.#start();
  }

  /** The spawner process's pid, while one runs. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const child = this.#ready();
    if (!child) return runCommandDirectly(argv, options);
    const id = this.#nextId++;
    const request: SpawnRequest = {
      id,
      argv,
      ...(options.input !== undefined ? { input: options.input } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    };
    return new Promise<RunResult>((resolve, reject) => {
      const guard =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => this.#settle(id, { id, error: `no answer from the command spawner (pid ${child.pid}) ${ANSWER_GRACE_MS} ms after the command's ${options.timeoutMs} ms timeout` }), options.timeoutMs + ANSWER_GRACE_MS);
      this.#pending.set(id, { argv, options, resolve, reject, guard });
      this.#refresh();
      child.stdin!.write(`${JSON.stringify(request)}\n`);
    });
  }

  /** Stops the spawner process (by pid) and fails what it still runs; later commands are spawned directly. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const child = this.#child;
    if (!child?.pid) return;
    child.stdin!.end();
    await stopProcess(child.pid, 2_000);
    // The process is gone (stopProcess waits on its state in /proc), but node may report its exit a little
    // later: forget it now, so `pid` and the pending commands do not wait for that event.
    this.#died(child, `the command spawner (pid ${child.pid}) was stopped`);
  }

  /** A live spawner process, started again after a death once the restart delay has passed. */
  #ready(): ChildProcess | undefined {
    if (this.#stopped) return undefined;
    if (!this.#child && Date.now() - this.#diedAt >= RESTART_DELAY_MS) this.#start();
    return this.#child;
  }

  #start(): void {
    const [file, ...args] = this.#command;
    const child = spawn(file!, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    this.#child = child;
    child.stdin!.on('error', () => undefined);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => this.#read(chunk));
    child.on('error', (error) => this.#died(child, `cannot start the command spawner: ${error.message}`));
    child.on('exit', (code, signal) => this.#died(child, `the command spawner (pid ${child.pid}) exited (${signal ?? `code ${code}`})`));
    this.#refresh();
  }

  #died(child: ChildProcess, why: string): void {
    if (this.#child !== child) return;
    this.#child = undefined;
    this.#diedAt = Date.now();
    this.#buffered = '';
    if (!this.#stopped) this.#log(`${why}; commands are spawned directly until it is restarted`);
    for (const id of [...this.#pending.keys()]) this.#settle(id, { id, error: `${why} while this command ran` });
  }

  #read(chunk: string): void {
    this.#buffered += chunk;
    let newline = this.#buffered.indexOf('\n');
    while (newline >= 0) {
      const line = this.#buffered.slice(0, newline);
      this.#buffered = this.#buffered.slice(newline + 1);
      newline = this.#buffered.indexOf('\n');
      try {
        const response = JSON.parse(line) as SpawnResponse;
        this.#settle(response.id, response);
      } catch {
        this.#log(`command spawner: unreadable answer: ${line.slice(0, 200)}`);
      }
    }
  }

  #settle(id: number, response: SpawnResponse): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    if (pending.guard) clearTimeout(pending.guard);
    this.#refresh();
    if ('error' in response) {
      pending.reject(startFailure(pending.argv, response.error));
      return;
    }
    const outcome = commandOutcome(pending.argv, pending.options, response.code, response.signal, response.stdout, response.stderr);
    if (outcome instanceof SubprocessError) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  /** Referenced only while commands are out, so an idle spawner never keeps this process running. */
  #refresh(): void {
    const child = this.#child;
    if (!child) return;
    const busy = this.#pending.size > 0;
    for (const handle of [child, child.stdout, child.stdin] as ({ ref(): void; unref(): void } | null)[]) {
      if (busy) handle?.ref();
      else handle?.unref();
    }
  }
}
