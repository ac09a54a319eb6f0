// Shared helpers for Ink component tests: send keys and wait for the frame to change (Ink frames are not
// synchronous — React's scheduler runs first — so wait by polling, never by a fixed sleep).
import { setTimeout as sleep } from 'node:timers/promises';
import type { render } from 'ink-testing-library';

export type Rendered = ReturnType<typeof render>;

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  esc: '\u001B',
  backspace: '\u007F',
  tab: '\t',
  pgup: '\u001B[5~',
  pgdn: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
  ctrlC: '\u0003',
} as const;

/** Polls the last frame until `predicate` holds; fails with the frame it last saw. */
export async function waitForFrame(app: Rendered, predicate: (frame: string) => boolean, timeoutMs = 5000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const frame = app.lastFrame() ?? '';
    if (predicate(frame)) return frame;
    if (Date.now() > end) throw new Error(`frame never matched within ${timeoutMs} ms; last frame:\n${frame}`);
    await sleep(5);
  }
}

/** Lets React commit and Ink re-subscribe its input handler (setImmediate, then a timer turn). */
export async function settle(): Promise<void> {
  await new Promise((r) => setImmediate(r));
  await sleep(0);
}

/**
 * Sends keys one at a time, letting each land before the next (Esc is recognised only after a pause, as a
 * terminal would send it).
 */
export async function press(app: Rendered, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    app.stdin.write(key);
    await settle();
    if (key === KEYS.esc) await sleep(30);
  }
}

/** Types text character by character. */
export async function type(app: Rendered, text: string): Promise<void> {
  await press(app, ...text.split(''));
}
