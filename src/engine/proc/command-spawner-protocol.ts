/**
 * The command spawner's wire format: one JSON object per line each way (stdin: requests, stdout: results).
 * Types only, so the spawner process imports nothing at run time.
 */

export interface SpawnRequest {
  readonly id: number;
  /** Program and arguments (never a shell). */
  readonly argv: readonly string[];
  /** Written to the command's stdin, then closed; without it stdin is /dev/null. */
  readonly input?: string;
  /** The command's whole environment; without it, the spawner's own (inherited from its parent at start). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** SIGKILL after this many milliseconds. */
  readonly timeoutMs?: number;
}

/** A command that ran (exit code or signal) or could not start (`error`, e.g. `ENOENT spawn foo ENOENT`). */
export type SpawnResponse =
  | { readonly id: number; readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stdout: string; readonly stderr: string }
  | { readonly id: number; readonly error: string };
