/**
 * The command spawner's wire format: one JSON object per line each way (stdin: requests, stdout: results).
 * Types only, so the spawner process imports nothing at run time.
 */
import type { Collected } from './spawn-collected.js';

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

/** The request's id with what became of the command (see spawn-collected.ts). */
export type SpawnResponse = { readonly id: number } & Collected;
