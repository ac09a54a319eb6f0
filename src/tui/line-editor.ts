import type { KeyPress } from './key-name.js';

/** Edits a one-line input: Backspace deletes, typed text appends; other named keys are ignored (undefined). */
export function commandLineKey(input: string, key: KeyPress): string | undefined {
  if (key.name === 'backspace') return input.slice(0, -1);
  if (key.text !== undefined) return input + key.text;
  return undefined;
}
