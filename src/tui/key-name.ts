import type { Key } from 'ink';

/**
 * One name per key press: `enter`, `esc`, `up`, `down`, `pgup`, `pgdn`, `home`, `end`, `tab`, `backspace`,
 * `ctrl-x`, or the typed character. Ink 6 reports Backspace (0x7F) as `key.delete` and sets `meta` on Escape.
 */
export function keyName(input: string, key: Key): string {
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdn';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl-${input}`;
  return input;
}

/** A key press: its name, and the typed text when it is text (a paste arrives as one chunk). */
export interface KeyPress {
  readonly name: string;
  readonly text?: string;
}

export function keyPress(input: string, key: Key): KeyPress {
  const name = keyName(input, key);
  return name === input && !key.ctrl && !key.meta ? { name, text: input } : { name };
}
